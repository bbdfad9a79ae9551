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
        for kind in RecommendationKind.allCases { kinds[kind.rawValue] = 0 }
    }

    /// Counts a block of written recommendations.
    public mutating func count(_ block: [Recommendation]) {
        recommendations += block.count
        for r in block { kinds[r.kind.rawValue, default: 0] += 1 }
    }

    /// One line for people.
    public var text: String {
        func n(_ key: String, _ table: [String: Int]) -> String { TextFormat.count(table[key] ?? 0) }
        return "scored \(TextFormat.count(customers)) customers (\(n("model", paths)) model, \(n("folded-in", paths)) folded-in, "
            + "\(n("segment-only", paths)) segment-only) with blend \(blend): \(TextFormat.count(recommendations)) recommendations "
            + "(\(n("cross-sell", kinds)) cross-sell, \(n("up-sell", kinds)) up-sell, \(n("deep-sell", kinds)) deep-sell) "
            + "in \(TextFormat.amount(seconds["total"] ?? 0)) s (scoring \(TextFormat.amount(seconds["score"] ?? 0)) s) → \(output)"
    }

    enum CodingKeys: String, CodingKey {
        case customers, paths, recommendations, kinds, blend, seconds, output, threads
    }
}
