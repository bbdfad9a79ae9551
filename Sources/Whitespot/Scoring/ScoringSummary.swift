/// What a scoring run did: customers by path, recommendations by kind, timings.
public struct ScoringSummary: Codable, Sendable, Equatable {
    /// Customers scored.
    public var customers: Int
    /// Customers per path ("model", "folded-in", "segment-only").
    public var paths: [String: Int]
    /// Recommendations written.
    public var recommendations = 0
    /// Recommendations per kind ("cross-sell", "up-sell", "deep-sell").
    public var kinds: [String: Int] = [:]
    /// The blend weight used.
    public var blend: Double
    /// Seconds per phase: read_orders, prepare (model, purchase matrix, medians), score
    /// (ranking, rules, reasons and writing), rank (the part of score spent ranking and
    /// applying rules, without formatting and writing), rank_cpu (CPU seconds of all threads
    /// during rank), total.
    public var seconds: [String: Double] = [:]
    /// The list length asked for.
    public var top: Int
    /// The product life-cycle window in days (0: off).
    public var activeWindowDays: Int
    /// Products left out because nobody bought them within the window.
    public var inactiveProducts: Int
    /// Names that span several product codes (variant families; 0 when variants are kept).
    public var variantFamilies: Int
    /// Customers who got fewer than ``top`` whitespots.
    public var shortLists = 0
    /// Those customers per cause (``ShortListCause`` raw values).
    public var shortListCauses: [String: Int] = [:]
    /// Where the rows went ("-" for standard output).
    public var output = "-"
    /// Worker threads.
    public var threads = 1

    /// A summary of scoring `customers` with `scorer`, before any rows are counted.
    public init(scorer: Scorer, customers: [Int]) {
        self.customers = customers.count
        var paths: [String: Int] = [:]
        for path in ScoringPath.allCases { paths[path.rawValue] = 0 }
        for u in customers { paths[scorer.path(ofCustomer: u).rawValue, default: 0] += 1 }
        self.paths = paths
        self.blend = scorer.blendWeight
        self.top = scorer.configuration.top
        self.activeWindowDays = scorer.activeWindowDays
        self.inactiveProducts = scorer.inactiveProducts
        self.variantFamilies = scorer.configuration.excludeVariants ? scorer.data.families.sharedNames : 0
        for kind in RecommendationKind.allCases { kinds[kind.rawValue] = 0 }
        for cause in ShortListCause.allCases { shortListCauses[cause.rawValue] = 0 }
    }

    /// Counts a block of written recommendations (one list per customer of `customers`) and
    /// asks `scorer` why the short ones are short. A list is short when it holds fewer than
    /// ``top`` whitespots (under ``DeepSellPlacement/mixed``: fewer than ``top`` rows).
    public mutating func count(customers: [Int], lists: [[Recommendation]], scorer: Scorer) {
        let mixed = scorer.configuration.rules.deepSells == .mixed
        for (u, list) in zip(customers, lists) {
            recommendations += list.count
            for r in list { kinds[r.kind.rawValue, default: 0] += 1 }
            let whitespots = mixed ? list.count : list.filter { $0.kind != .deepSell }.count
            guard whitespots < top else { continue }
            shortLists += 1
            if let cause = scorer.shortfall(ofCustomer: u) { shortListCauses[cause.rawValue, default: 0] += 1 }
        }
    }

    /// A few lines for people: what was scored and written, then what was left out and who got a short list.
    public var text: String {
        func n(_ key: String, _ table: [String: Int]) -> String { TextFormat.count(table[key] ?? 0) }
        var lines = ["scored \(TextFormat.count(customers)) customers (\(n("model", paths)) model, \(n("folded-in", paths)) folded-in, "
            + "\(n("segment-only", paths)) segment-only) with blend \(blend): \(TextFormat.count(recommendations)) recommendations "
            + "(\(n("cross-sell", kinds)) cross-sell, \(n("up-sell", kinds)) up-sell, \(n("deep-sell", kinds)) deep-sell) "
            + "in \(TextFormat.amount(seconds["total"] ?? 0)) s (scoring \(TextFormat.amount(seconds["score"] ?? 0)) s) → \(output)"]
        var leftOut: [String] = []
        if activeWindowDays > 0 {
            leftOut.append("\(TextFormat.count(inactiveProducts, "product")) nobody bought in the last \(activeWindowDays) days")
        }
        if variantFamilies > 0 { leftOut.append("variants of what each customer buys (\(TextFormat.count(variantFamilies, "name")) span several codes)") }
        if !leftOut.isEmpty { lines.append("  left out: " + leftOut.joined(separator: "; ")) }
        if shortLists > 0 {
            let causes = ShortListCause.allCases.compactMap { cause -> String? in
                let count = shortListCauses[cause.rawValue] ?? 0
                return count > 0 ? "\(TextFormat.count(count)): \(cause.phrase)" : nil
            }
            lines.append("  \(TextFormat.count(shortLists, "customer")) got fewer than \(top) whitespots (" + causes.joined(separator: "; ") + ")")
        }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case customers, paths, recommendations, kinds, blend, seconds, output, threads, top
        case activeWindowDays = "active_window_days", inactiveProducts = "inactive_products"
        case variantFamilies = "variant_families", shortLists = "short_lists", shortListCauses = "short_list_causes"
    }
}
