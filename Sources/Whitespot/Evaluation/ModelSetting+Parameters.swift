extension ModelSetting {
    /// The hyper-parameters that matter for this family, as printed beside a method's figures
    /// (an ensemble: the ALS ones, EASE's prefixed with "ease.", and the weight v).
    public var methodParameters: [MethodParameter] {
        var out: [MethodParameter] = [.init("family", .text(family.rawValue))]
        switch family {
        case .als: out += alsParameters
        case .ease: out += easeParameters
        case .ensemble:
            out += alsParameters + easeParameters.map { MethodParameter("ease." + $0.name, $0.value) }
            out.append(.init(Setting.ensembleWeight.rawValue, .number(ensembleWeight)))
        }
        return out
    }

    private func number(_ setting: Setting, _ value: Double) -> MethodParameter { .init(setting.rawValue, .number(value)) }

    /// The ALS hyper-parameters.
    private var alsParameters: [MethodParameter] {
        let p = training
        var out: [MethodParameter] = [
            number(.factors, Double(p.factors)), number(.iterations, Double(p.iterations)),
            number(.regularization, p.regularization), number(.alpha, p.alpha),
            .init("signal", .text(p.signal.rawValue)), .init("scaling", .text(p.scaling.rawValue)),
        ]
        if let h = p.halfLifeDays { out.append(number(.halfLifeDays, h)) }
        out += [.init("solver", .text(p.solver.rawValue))]
        if p.solver == .cg { out.append(number(.cgSteps, Double(p.cgSteps))) }
        out.append(.init("seed", .number(Double(p.seed))))
        return out
    }

    /// The EASE hyper-parameters.
    private var easeParameters: [MethodParameter] {
        var out: [MethodParameter] = [number(.regularization, ease.regularization), .init("rows", .text(ease.rows.rawValue))]
        if let h = ease.halfLifeDays { out.append(number(.halfLifeDays, h)) }
        if let k = ease.neighbours { out.append(number(.easeNeighbours, Double(k))) }
        return out
    }
}
