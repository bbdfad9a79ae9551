extension ModelSetting {
    /// The hyper-parameters that matter for this family, as printed beside a method's figures.
    public var methodParameters: [MethodParameter] {
        switch family {
        case .als:
            let p = training
            var out: [MethodParameter] = [
                .init("family", .text(family.rawValue)),
                .init("factors", .number(Double(p.factors))), .init("iterations", .number(Double(p.iterations))),
                .init("regularization", .number(p.regularization)), .init("alpha", .number(p.alpha)),
                .init("signal", .text(p.signal.rawValue)), .init("scaling", .text(p.scaling.rawValue)),
            ]
            if let h = p.halfLifeDays { out.append(.init("halfLifeDays", .number(h))) }
            out += [.init("solver", .text(p.solver.rawValue))]
            if p.solver == .cg { out.append(.init("cgSteps", .number(Double(p.cgSteps)))) }
            out.append(.init("seed", .number(Double(p.seed))))
            return out
        case .ease:
            var out: [MethodParameter] = [
                .init("family", .text(family.rawValue)), .init("regularization", .number(ease.regularization)),
                .init("rows", .text(ease.rows.rawValue)),
            ]
            if let h = ease.halfLifeDays { out.append(.init("halfLifeDays", .number(h))) }
            return out
        }
    }
}
