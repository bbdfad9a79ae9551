/// The scorer's rankings as evaluation methods: the harness measures exactly what `score` ranks.
extension RankingMethod {
    /// The blend: the scorer's plain whitespot ranking, score = w · affinity + (1 − w) ·
    /// penetration (``Scorer``), without sales rules, life cycle or variants: the engine's
    /// ranking, a reference row beside the delivered list.
    public static func blend(_ scorer: Scorer, parameters: [MethodParameter], threads: Int) -> RankingMethod {
        RankingMethod(
            name: .blend, parameters: parameters + scorerParameters(scorer),
            scores: .lists { customers, length in
                scorer.rankings(forCustomers: customers, top: length, threads: threads).map { $0.map { Int32($0.product) } }
            })
    }

    /// The delivered list: the rows `score` writes with the scorer's configuration (life cycle,
    /// variants, exclusions, sales rules), new products only. Deep-sells are products already
    /// bought, never hits; they are in the measured list only where they take whitespots'
    /// places (``DeepSellPlacement/mixed``).
    public static func deliveredList(_ scorer: Scorer, parameters: [MethodParameter], threads: Int) -> RankingMethod {
        let rules = scorer.configuration.rules
        var settings = scorerParameters(scorer) + [
            .init("rules", .text(rules.enabled ? "on" : "off")),
            .init("activeWithinDays", .number(Double(scorer.activeWindowDays))),
        ]
        // The default window is widened for each product to its own longest gap between sales.
        if scorer.productWindows && scorer.activeWindowDays > 0 { settings.append(.init("productWindows", .text("longest own gap"))) }
        settings += [
            .init("variants", .text(scorer.configuration.excludeVariants ? "excluded" : "kept")),
        ]
        if rules.enabled { settings.append(.init("deepSells", .text(rules.deepSells.rawValue))) }
        return RankingMethod(
            name: .deliveredList, parameters: parameters + settings,
            scores: .lists { customers, length in
                scorer.deliveredLists(forCustomers: customers, threads: threads).map { Array($0.prefix(length)) }
            })
    }

    /// The scorer's settings printed beside its methods.
    static func scorerParameters(_ scorer: Scorer) -> [MethodParameter] {
        [.init("blend", .number(scorer.blendWeight)),
         .init("normalization", .text(scorer.configuration.normalization.rawValue)),
         .init("segments", .text(scorer.model.segmentSource.rawValue))]
            // With one segment there is nothing to shrink toward.
            + (scorer.data.penetration.nonEmptySegments < 2 ? []
                : [.init("penetrationShrinkage", .text(PenetrationShrinkage.phrase(strength: scorer.shrinkageStrength)))])
            + (scorer.model.penetrationWindowDays.map { [.init(Setting.penetrationWindowDays.rawValue, .number(Double($0)))] } ?? [])
    }
}
