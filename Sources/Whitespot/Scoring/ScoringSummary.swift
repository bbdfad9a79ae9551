/// What a scoring run did: customers by path, recommendations by kind, timings.
public struct ScoringSummary: Codable, Sendable, Equatable {
    /// Customers scored.
    public var customers: Int
    /// Customers per path.
    public var paths: [ScoringPath: Int]
    /// Recommendations written.
    public var recommendations = 0
    /// Recommendations per kind.
    public var kinds: [RecommendationKind: Int] = [:]
    /// The blend weight used.
    public var blend: Double
    /// Seconds per phase (``Phase``).
    public var seconds: [Phase: Double] = [:]
    /// The list length asked for.
    public var top: Int
    /// The penetration term's shrinkage strength m in words (``PenetrationShrinkage/phrase(strength:)``).
    public var penetrationShrinkage: String
    /// The product life-cycle window in days (0: off).
    public var activeWindowDays: Int
    /// Products left out because nobody bought them within the window.
    public var inactiveProducts: Int
    /// Whether each product's window widens to its own longest gap between sales (the default
    /// window, ``Scorer/productWindows``); not in the JSON, which keeps its keys.
    public var productWindows = false
    /// Names that span several product codes (variant families; 0 when variants are kept).
    public var variantFamilies: Int
    /// Customers who got fewer than ``top`` whitespots.
    public var shortLists = 0
    /// Those customers per cause.
    public var shortListCauses: [ShortListCause: Int] = [:]
    /// Where the rows went ("-" for standard output).
    public var output = "-"
    /// Worker threads.
    public var threads = 1

    /// A summary of scoring `customers` with `scorer`, before any rows are counted.
    public init(scorer: Scorer, customers: [Int]) {
        self.customers = customers.count
        var paths: [ScoringPath: Int] = [:]
        for path in ScoringPath.allCases { paths[path] = 0 }
        for u in customers { paths[scorer.path(ofCustomer: u), default: 0] += 1 }
        self.paths = paths
        self.blend = scorer.blendWeight
        self.top = scorer.configuration.top
        self.penetrationShrinkage = PenetrationShrinkage.phrase(strength: scorer.shrinkageStrength)
        self.activeWindowDays = scorer.activeWindowDays
        self.inactiveProducts = scorer.inactiveProducts
        self.productWindows = scorer.productWindows
        self.variantFamilies = scorer.configuration.excludeVariants ? scorer.data.families.sharedNames : 0
        for kind in RecommendationKind.allCases { kinds[kind] = 0 }
        for cause in ShortListCause.allCases { shortListCauses[cause] = 0 }
    }

    /// What the summary needs of one customer's written list: its rows per kind.
    public struct ListTally: Sendable {
        /// Rows per kind: cross-sell, up-sell, deep-sell.
        var crossSells = 0, upSells = 0, deepSells = 0

        /// The tally of `list`.
        public init(_ list: [Recommendation]) {
            for r in list {
                switch r.kind {
                case .crossSell: crossSells += 1
                case .upSell: upSells += 1
                case .deepSell: deepSells += 1
                }
            }
        }
    }

    /// Counts a block of written recommendations (one list per customer of `customers`) and
    /// asks `scorer` why the short ones are short. A list is short when it holds fewer than
    /// ``top`` whitespots (under ``DeepSellPlacement/mixed``: fewer than ``top`` rows).
    public mutating func count(customers: [Int], lists: [[Recommendation]], scorer: Scorer) {
        count(customers: customers, tallies: lists.map(ListTally.init), scorer: scorer)
    }

    /// ``count(customers:lists:scorer:)`` from the lists' tallies (taken where the lists were
    /// made, so that the lists themselves need not travel).
    public mutating func count(customers: [Int], tallies: [ListTally], scorer: Scorer) {
        let mixed = scorer.configuration.rules.deepSells == .mixed
        var crossSells = 0, upSells = 0, deepSells = 0
        for (u, tally) in zip(customers, tallies) {
            let rows = tally.crossSells + tally.upSells + tally.deepSells
            recommendations += rows
            crossSells += tally.crossSells
            upSells += tally.upSells
            deepSells += tally.deepSells
            guard (mixed ? rows : rows - tally.deepSells) < top else { continue }
            shortLists += 1
            if let cause = scorer.shortfall(ofCustomer: u) { shortListCauses[cause, default: 0] += 1 }
        }
        for (kind, count) in [(RecommendationKind.crossSell, crossSells), (.upSell, upSells), (.deepSell, deepSells)] where count > 0 {
            kinds[kind, default: 0] += count
        }
    }

    /// A few lines for people: what was scored and written, then what was left out and who got a short list.
    public var text: String {
        func n<Key>(_ key: Key, _ table: [Key: Int]) -> String { TextFormat.count(table[key] ?? 0) }
        var lines = ["scored \(TextFormat.count(customers)) customers (\(n(.model, paths)) model, \(n(.foldedIn, paths)) folded-in, "
            + "\(n(.segmentOnly, paths)) segment-only) with blend \(blend) (penetration shrinkage: \(penetrationShrinkage)): \(TextFormat.count(recommendations)) recommendations "
            + "(\(n(.crossSell, kinds)) cross-sell, \(n(.upSell, kinds)) up-sell, \(n(.deepSell, kinds)) deep-sell) "
            + "in \(TextFormat.amount(seconds[.total] ?? 0)) s (scoring \(TextFormat.amount(seconds[.score] ?? 0)) s) → \(output)"]
        var leftOut: [String] = []
        if activeWindowDays > 0 {
            leftOut.append("\(TextFormat.count(inactiveProducts, "product")) nobody bought in the last \(activeWindowDays) days"
                + (productWindows ? " nor within their own longest gap between sales" : ""))
        }
        if variantFamilies > 0 { leftOut.append("variants of what each customer buys (\(TextFormat.count(variantFamilies, "name")) span several codes)") }
        if !leftOut.isEmpty { lines.append("  left out: " + leftOut.joined(separator: "; ")) }
        if shortLists > 0 {
            let causes = ShortListCause.allCases.compactMap { cause -> String? in
                let count = shortListCauses[cause] ?? 0
                return count > 0 ? "\(TextFormat.count(count)): \(cause.phrase)" : nil
            }
            lines.append("  \(TextFormat.count(shortLists, "customer")) got fewer than \(top) whitespots (" + causes.joined(separator: "; ") + ")")
        }
        return lines.joined(separator: "\n")
    }

    /// A phase of a scoring run, as timed in ``seconds``; the raw value is its JSON key.
    public enum Phase: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
        /// Reading the orders.
        case readOrders = "read_orders"
        /// Loading the model and building the purchase matrix and medians.
        case prepare
        /// Ranking, rules, reasons and writing.
        case score
        /// The part of score spent in the scoring workers (ranking, rules, reasons and, for a
        /// file, formatting the rows), without writing them out.
        case rank
        /// CPU seconds of all threads during rank.
        case rankCPU = "rank_cpu"
        /// The whole run.
        case total
    }

    enum CodingKeys: String, CodingKey {
        case customers, paths, recommendations, kinds, blend, seconds, output, threads, top
        case activeWindowDays = "active_window_days", inactiveProducts = "inactive_products", penetrationShrinkage = "penetration_shrinkage"
        case variantFamilies = "variant_families", shortLists = "short_lists", shortListCauses = "short_list_causes"
    }
}
