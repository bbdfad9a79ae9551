/// The printable and JSON forms of a basket analysis.
extension BasketAnalysis {
    /// One rule as written to JSON, with product ids instead of indices.
    public struct RuleRecord: Codable, Sendable, Equatable {
        /// Antecedent product ids.
        public var antecedents: [String]
        /// Consequent product ids.
        public var consequents: [String]
        /// The antecedents' display names (null where unknown); absent when the data names no product.
        public var antecedentNames: [String?]?
        /// The consequents' display names, as ``antecedentNames``.
        public var consequentNames: [String?]?
        /// s(A).
        public var antecedentSupport: Double
        /// s(C).
        public var consequentSupport: Double
        /// s(A ∪ C).
        public var support: Double
        /// s(A ∪ C) / s(A).
        public var confidence: Double
        /// confidence / s(C).
        public var lift: Double
        /// s(A ∪ C) − s(A) · s(C).
        public var leverage: Double
        /// (1 − s(C)) / (1 − confidence); infinite when confidence = 1 (JSON: "inf").
        public var conviction: Double

        enum CodingKeys: String, CodingKey {
            case antecedents, consequents, support, confidence, lift, leverage, conviction
            case antecedentSupport = "antecedent_support", consequentSupport = "consequent_support"
            case antecedentNames = "antecedent_names", consequentNames = "consequent_names"
        }
    }

    /// The JSON summary: counts, thresholds and the first rules.
    public struct Report: Codable, Sendable, Equatable {
        /// Number of baskets.
        public var baskets: Int
        /// "order" (order id column) or "customer+day".
        public var basketsBy: String
        /// Thresholds used.
        public var minSupport: Double, minConfidence: Double, maxLength: Int
        /// Frequent itemsets by size, from single products up.
        public var frequentItemsets: [Int]
        /// Rules found (before `--top`).
        public var ruleCount: Int
        /// The first rules, best first.
        public var rules: [RuleRecord]
        /// What was left out to bound the work (absent when nothing was).
        public var limited: Limited?

        /// Baskets too large to count all their pairs or triples.
        public struct Limited: Codable, Sendable, Equatable {
            /// Baskets left out of pair (and triple) counts, and the size above which they are.
            public var basketsLeftOutOfPairs: Int, maxPairBasket: Int
            /// Baskets left out of triple counts, and the size above which they are.
            public var basketsLeftOutOfTriples: Int, maxTripleBasket: Int
            /// The most frequent products in one basket.
            public var largestBasket: Int
            /// Frequent pairs and triples not turned into rules (over ``BasketAnalysis/maxFrequentItemsets``).
            public var frequentPairsDropped: Int, frequentTriplesDropped: Int

            enum CodingKeys: String, CodingKey {
                case basketsLeftOutOfPairs = "baskets_left_out_of_pairs", maxPairBasket = "max_pair_basket"
                case basketsLeftOutOfTriples = "baskets_left_out_of_triples", maxTripleBasket = "max_triple_basket"
                case largestBasket = "largest_basket"
                case frequentPairsDropped = "frequent_pairs_dropped", frequentTriplesDropped = "frequent_triples_dropped"
            }
        }

        enum CodingKeys: String, CodingKey {
            case baskets, rules
            case basketsBy = "baskets_by", minSupport = "min_support", minConfidence = "min_confidence"
            case maxLength = "max_length", frequentItemsets = "frequent_itemsets", ruleCount = "rule_count"
            case limited
        }
    }

    /// The summary with the first `top` rules.
    public func report(top: Int) -> Report {
        Report(
            baskets: baskets.count, basketsBy: baskets.byOrder ? "order" : "customer+day",
            minSupport: minSupport, minConfidence: minConfidence, maxLength: maxLength,
            frequentItemsets: frequentCounts, ruleCount: rules.count,
            rules: rules.prefix(top).map { r in
                RuleRecord(
                    antecedents: r.antecedent.map { baskets.products[Int($0)] },
                    consequents: r.consequent.map { baskets.products[Int($0)] },
                    antecedentNames: baskets.productNames.isEmpty ? nil : r.antecedent.map(productName),
                    consequentNames: baskets.productNames.isEmpty ? nil : r.consequent.map(productName),
                    antecedentSupport: r.antecedentSupport, consequentSupport: r.consequentSupport,
                    support: r.support, confidence: r.confidence, lift: r.lift, leverage: r.leverage,
                    conviction: r.conviction)
            },
            limited: oversizedForPairs + oversizedForTriples + droppedPairs + droppedTriples == 0 ? nil : Report.Limited(
                basketsLeftOutOfPairs: oversizedForPairs, maxPairBasket: Self.maxPairBasket,
                basketsLeftOutOfTriples: oversizedForTriples, maxTripleBasket: Self.maxTripleBasket,
                largestBasket: largestBasket, frequentPairsDropped: droppedPairs, frequentTriplesDropped: droppedTriples))
    }

    /// What was left out to bound the work, in words, or nil when nothing was; settings are
    /// named as `name` names them (in words by default, ``Setting/phrase``).
    public func limitNote(naming name: (Setting) -> String = { $0.phrase }) -> String? {
        var parts: [String] = []
        if oversizedForPairs > 0 {
            parts.append("\(TextFormat.count(oversizedForPairs)) baskets with more than \(Self.maxPairBasket) products "
                + "left out of pair\(maxLength == 3 ? " and triple" : "") counts")
        }
        if oversizedForTriples > 0 {
            parts.append("\(TextFormat.count(oversizedForTriples)) baskets with more than \(Self.maxTripleBasket) products left out of triple counts")
        }
        for (count, what) in [(droppedPairs, "pairs"), (droppedTriples, "triples")] where count > 0 {
            parts.append("\(TextFormat.count(count)) frequent \(what) (more than \(TextFormat.count(Self.maxFrequentItemsets))) "
                + "not turned into rules; raise \(name(.minSupport))")
        }
        guard !parts.isEmpty else { return nil }
        return "limited: " + parts.joined(separator: "; ") + " (largest basket: \(TextFormat.count(largestBasket)) products)"
    }

    /// A table of the first `top` rules for people; settings are named as `name` names them
    /// (in words by default, ``Setting/phrase``).
    public func text(top: Int, naming name: (Setting) -> String = { $0.phrase }) -> String {
        let source = baskets.byOrder ? "orders" : "customer-days"
        var out = "\(TextFormat.count(baskets.count)) baskets (\(source)); frequent itemsets by size: "
            + frequentCounts.map(TextFormat.count).joined(separator: ", ")
            + "; \(TextFormat.count(rules.count)) rules with support ≥ \(minSupport) and confidence ≥ \(minConfidence)\n"
        guard !rules.isEmpty else {
            return out + "No rules: lower \(name(.minSupport)) or \(name(.minConfidence)).\n"
        }
        let shown = rules.prefix(top)
        let left = shown.map { names($0.antecedent) }, right = shown.map { names($0.consequent) }
        let wl = max(10, left.map(\.count).max() ?? 0), wr = max(10, right.map(\.count).max() ?? 0)
        out += TextFormat.pad("antecedents", wl) + "    " + TextFormat.pad("consequents", wr)
            + "  support  confidence    lift  leverage  conviction\n"
        for (n, r) in shown.enumerated() {
            out += TextFormat.pad(left[n], wl) + " -> " + TextFormat.pad(right[n], wr)
                + TextFormat.pad(TextFormat.amount(r.support, decimals: 4), 9, right: true)
                + TextFormat.pad(TextFormat.amount(r.confidence, decimals: 4), 12, right: true)
                + TextFormat.pad(TextFormat.amount(r.lift, decimals: 3), 8, right: true)
                + TextFormat.pad(TextFormat.amount(r.leverage, decimals: 4), 10, right: true)
                + TextFormat.pad(r.conviction.isFinite ? TextFormat.amount(r.conviction, decimals: 3) : "inf", 12, right: true)
                + "\n"
        }
        return out
    }
}
