/// The scorer's rankings as evaluation methods: the harness measures exactly what `score` ranks.
extension RankingMethod {
    /// The blend: the scorer's plain whitespot ranking, score = w · affinity + (1 − w) ·
    /// penetration (``Scorer``), without sales rules.
    public static func blend(_ scorer: Scorer, parameters: [MethodParameter], threads: Int) -> RankingMethod {
        RankingMethod(
            name: "blend", parameters: parameters + scorerParameters(scorer),
            scores: .lists { customers, length in
                scorer.rankings(forCustomers: customers, top: length, threads: threads).map { $0.map { Int32($0.product) } }
            })
    }

    /// The blend under the sales rules: the scorer's recommendations (cross-sell, up-sell and
    /// deep-sell lines, in the scorer's order), cut at the list length. Deep-sells are products
    /// the customer already bought, so they can never be hits: this measures what the rules cost.
    public static func blendWithRules(_ scorer: Scorer, parameters: [MethodParameter], threads: Int) -> RankingMethod {
        RankingMethod(
            name: "blend + sales rules", parameters: parameters + scorerParameters(scorer) + [.init("rules", .text("on"))],
            scores: .lists { customers, length in
                scorer.recommendations(forCustomers: customers, threads: threads).map { list in
                    list.prefix(length).map { Int32($0.product) }
                }
            })
    }

    /// The scorer's settings printed beside its methods.
    static func scorerParameters(_ scorer: Scorer) -> [MethodParameter] {
        [.init("blend", .number(scorer.blendWeight)),
         .init("normalization", .text(scorer.configuration.normalization.rawValue))]
    }
}
