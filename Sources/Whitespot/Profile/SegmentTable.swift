/// The segment table behind `whitespot segments`: each segment's size, lines and net revenue,
/// how much buying differs between the segments (the penetration term's shrinkage), and — when
/// segments come from RFM — the tier definitions.
///
/// ```swift
/// let segments = CustomerSegments(lines, by: .columnAndRFM)
/// let table = SegmentTable(lines: lines, segments: segments, source: .columnAndRFM)
/// print(table.text)
/// ```
public struct SegmentTable: Sendable, Codable {
    /// One segment.
    public struct Row: Sendable, Codable, Equatable {
        /// Segment name.
        public var name: String
        /// Customers in the segment.
        public var customers: Int
        /// customers / all customers.
        public var share: Double
        /// Order lines of the segment's customers.
        public var lines: Int
        /// Net revenue of those lines (returns subtracted); nil when the input has no revenue.
        public var revenue: Double?
        /// revenue / all revenue; nil when the input has no revenue.
        public var revenueShare: Double?
    }

    /// One RFM tier and its rule.
    public struct Tier: Sendable, Codable, Equatable {
        /// Tier name, e.g. `Champions`.
        public var name: String
        /// Rule on the R and F scores, e.g. `R ≥ 4 and F ≥ 4`.
        public var rule: String
    }

    /// Where the segments come from.
    public var source: SegmentSource
    /// Segments, largest first (ties by name).
    public var rows: [Row]
    /// How much more alike a segment's customers buy than customers at large: the intraclass
    /// correlation of "bought the product" (``SegmentPenetration/estimatedShrinkage``); 0 when
    /// segments differ no more than chance, or with one segment.
    public var intraclassCorrelation: Double
    /// The prior strength m the scorer's penetration term uses with these segments, in words
    /// (``PenetrationShrinkage/phrase(strength:)``).
    public var penetrationShrinkage: String
    /// Tier definitions (checked in this order), when the source includes RFM.
    public var tiers: [Tier]?
    /// How R, F and M are scored, when the source includes RFM.
    public var scoring: String?

    /// How RFM scores are computed, in words (see ``RFMAnalysis``).
    public static let rfmScoring = "R = days since the last order, F = distinct orders (order ids, else order days), "
        + "M = net revenue (net quantity without revenue); each scored 1–5 by quintile of rank among all customers "
        + "(score = 1 + ⌊5·rank/customers⌋, ties share the lower score; recent, frequent and high spenders score 5); "
        + "recency is measured to the day after the last order."

    /// Tabulates `segments` over `lines`.
    /// - Complexity: O(lines · log lines + segments · products), the purchase matrix's build.
    public init(lines: OrderLines, segments: CustomerSegments, source: SegmentSource) {
        self.source = source
        let estimate = SegmentPenetration(matrix: PurchaseMatrix(lines), segments: segments).estimatedShrinkage
        self.intraclassCorrelation = estimate.intraclassCorrelation
        self.penetrationShrinkage = PenetrationShrinkage.phrase(strength: estimate.strength)
        let sizes = segments.sizes
        var lineCount = [Int](repeating: 0, count: sizes.count)
        var revenue = [Double](repeating: 0, count: sizes.count)
        for i in 0..<lines.count {
            let s = Int(segments.ofCustomer[Int(lines.customer[i])])
            lineCount[s] += 1
            revenue[s] += lines.revenue[i]
        }
        let total = revenue.reduce(0, +)
        let customers = max(1, lines.customers.count)
        rows = sizes.indices.map { s in
            Row(name: segments.names[s], customers: sizes[s], share: Double(sizes[s]) / Double(customers),
                lines: lineCount[s], revenue: lines.hasRevenue ? revenue[s] : nil,
                revenueShare: lines.hasRevenue && total != 0 ? revenue[s] / total : nil)
        }.sorted { $0.customers != $1.customers ? $0.customers > $1.customers : $0.name < $1.name }
        if source != .column {
            tiers = zip(RFMAnalysis.tiers, RFMAnalysis.tierRules).map { Tier(name: $0, rule: $1) }
            scoring = SegmentTable.rfmScoring
        }
    }

    /// The table as plain text.
    ///
    /// ```
    /// segments (column): 3
    ///   segment       customers   share    lines      revenue  revenue share
    ///   Consumer            409   51.6%    5,191  1,161,401.34          50.6%
    /// ```
    public var text: String {
        var out = ["segments (\(source.rawValue)): \(rows.count)"]
        let width = max(7, min(40, rows.map(\.name.count).max() ?? 0))
        let hasRevenue = rows.first?.revenue != nil
        var head = "  \(TextFormat.pad("segment", width))  \(TextFormat.pad("customers", 9, right: true))  \(TextFormat.pad("share", 6, right: true))  \(TextFormat.pad("lines", 10, right: true))"
        if hasRevenue { head += "  \(TextFormat.pad("revenue", 16, right: true))  \(TextFormat.pad("revenue share", 13, right: true))" }
        out.append(head)
        for r in rows {
            var line = "  \(TextFormat.pad(r.name, width))  \(TextFormat.pad(TextFormat.count(r.customers), 9, right: true))  \(TextFormat.pad(TextFormat.percent(r.share), 6, right: true))  \(TextFormat.pad(TextFormat.count(r.lines), 10, right: true))"
            if let revenue = r.revenue {
                line += "  \(TextFormat.pad(TextFormat.amount(revenue), 16, right: true))  \(TextFormat.pad(r.revenueShare.map(TextFormat.percent) ?? "", 13, right: true))"
            }
            out.append(line)
        }
        if rows.count > 1 {
            let correlation = "intraclass correlation \(TextFormat.amount(intraclassCorrelation, decimals: 3))"
            switch penetrationShrinkage {
            case PenetrationShrinkage.phrase(strength: .infinity):
                out.append("buying differs between segments no more than chance: the penetration term uses all customers' share (popularity)")
            case PenetrationShrinkage.phrase(strength: 0):
                out.append("buying differs between segments completely (\(correlation)): the penetration term uses each segment's own share")
            default:
                out.append("buying differs between segments (\(correlation)): the penetration term pulls each segment's share "
                    + "toward all customers' by m = \(penetrationShrinkage)")
            }
        }
        if let tiers, let scoring {
            out.append("")
            out.append("RFM tiers (the first rule that matches wins)")
            let tierWidth = tiers.map(\.name.count).max() ?? 0
            for t in tiers { out.append("  \(TextFormat.pad(t.name, tierWidth))  \(t.rule)") }
            out.append("  " + scoring)
        }
        return out.joined(separator: "\n")
    }
}
