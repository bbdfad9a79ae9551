extension ModelSetting {
    /// The hyper-parameters that matter for this family, as printed beside a method's figures.
    public var methodParameters: [MethodParameter] {
        func number(_ setting: Setting, _ value: Double) -> MethodParameter { .init(setting.rawValue, .number(value)) }
        switch family {
        case .als:
            let p = training
            var out: [MethodParameter] = [
                .init("family", .text(family.rawValue)),
                number(.factors, Double(p.factors)), number(.iterations, Double(p.iterations)),
                number(.regularization, p.regularization), number(.alpha, p.alpha),
                .init("signal", .text(p.signal.rawValue)), .init("scaling", .text(p.scaling.rawValue)),
            ]
            if let h = p.halfLifeDays { out.append(number(.halfLifeDays, h)) }
            out += [.init("solver", .text(p.solver.rawValue))]
            if p.solver == .cg { out.append(number(.cgSteps, Double(p.cgSteps))) }
            out.append(.init("seed", .number(Double(p.seed))))
            return out
        case .ease:
            var out: [MethodParameter] = [
                .init("family", .text(family.rawValue)), number(.regularization, ease.regularization),
                .init("rows", .text(ease.rows.rawValue)),
            ]
            if let h = ease.halfLifeDays { out.append(number(.halfLifeDays, h)) }
            return out
        }
    }
}
