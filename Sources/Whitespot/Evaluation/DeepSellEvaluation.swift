/// How well deep-sell suggestions came true, judged apart from the whitespot ranking
/// (shared/EVALUATION.md, "The delivered list").
///
/// A deep-sell suggestion for customer u and product i is **fulfilled** when u's net quantity of
/// i in the test period, per year (× 365 / test days), exceeds their train-period rate per year
/// (net quantity × 365 / T_u, as ``ScoringData`` defines it). Precision = fulfilled / offered.
/// The naive rule offers the same customers the same number of their most-bought products
/// (train net quantity, ties by product id in byte order), whether they still buy them or not.
public struct DeepSellEvaluation: Sendable, Encodable, Equatable {
    /// Days in the test period.
    public var testDays: Int
    /// The delivered list's deep-sells, then the naive rule.
    public var rules: [Rule]

    /// One way of choosing deep-sells and how often it came true.
    public struct Rule: Sendable, Encodable, Equatable {
        /// "deep-sell rule" or "most bought (naive)".
        public var name: String
        /// Customers offered at least one.
        public var customers: Int
        /// Suggestions made.
        public var offered: Int
        /// Suggestions fulfilled.
        public var fulfilled: Int
        /// fulfilled / offered (0 when nothing was offered).
        public var precision: Double

        init(name: String, customers: Int, offered: Int, fulfilled: Int) {
            self.name = name; self.customers = customers; self.offered = offered; self.fulfilled = fulfilled
            self.precision = offered > 0 ? Double(fulfilled) / Double(offered) : 0
        }
    }

    /// Judges the deep-sells `scorer` (over the split's train lines) puts in every train
    /// customer's list, beside the naive rule.
    static func measure(split: TemporalSplit, scorer: Scorer, threads: Int) -> DeepSellEvaluation {
        let data = scorer.data, train = data.purchases, test = split.test
        let testYears = Double(split.testDays) / 365
        func fulfilled(customer u: Int, product i: Int) -> Bool {
            guard let k = train.pair(customer: u, product: i) else { return false }
            let after = test.pair(customer: u, product: i).map { test.quantity[$0] } ?? 0
            return after / testYears > data.yearlyQuantity(pair: k, customer: u)
        }
        let customers = Array(0..<data.customers.count)
        let picks = scorer.deepSellPicks(forCustomers: customers, threads: threads)
        var ours = (customers: 0, offered: 0, fulfilled: 0), naive = ours
        for u in customers where !picks[u].isEmpty {
            ours.customers += 1
            ours.offered += picks[u].count
            ours.fulfilled += picks[u].filter { fulfilled(customer: u, product: $0.product) }.count
            let mostBought = train.pairs(ofCustomer: u).sorted {
                RankingOrder.precedes(train.quantity[$0], rank: data.byteRank[Int(train.product[$0])],
                                      train.quantity[$1], rank: data.byteRank[Int(train.product[$1])])
            }.prefix(picks[u].count)
            naive.customers += 1
            naive.offered += mostBought.count
            naive.fulfilled += mostBought.filter { fulfilled(customer: u, product: Int(train.product[$0])) }.count
        }
        return DeepSellEvaluation(testDays: split.testDays, rules: [
            Rule(name: "deep-sell rule", customers: ours.customers, offered: ours.offered, fulfilled: ours.fulfilled),
            Rule(name: "most bought (naive)", customers: naive.customers, offered: naive.offered, fulfilled: naive.fulfilled),
        ])
    }
}

/// Relevant pairs the delivered list may never offer: they stay in R (missing them is a real
/// miss) and are counted here.
public struct NotOffered: Sendable, Encodable, Equatable {
    /// Relevant pairs whose product nobody bought within the active window before the cutoff.
    public var inactive: Int
    /// Relevant pairs whose product is a variant of one the customer bought in train.
    public var variants: Int

    /// Counts the split's relevant pairs that `scorer` cannot offer.
    static func count(split: TemporalSplit, scorer: Scorer) -> NotOffered {
        var out = NotOffered(inactive: 0, variants: 0)
        for e in split.evaluated.indices {
            let u = Int(split.evaluated[e])
            for i in split.relevantProducts(e) {
                if !scorer.isActive(Int(i)) { out.inactive += 1 } else if scorer.isVariantOfPurchase(Int(i), customer: u) { out.variants += 1 }
            }
        }
        return out
    }
}
