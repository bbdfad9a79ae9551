/// How customers are grouped into segments.
public enum SegmentSource: String, Sendable, CaseIterable, Codable {
    /// The segment column of the orders (or customer file): a customer's segment is the one
    /// on their latest line (by date; on the same date the later line in the file wins).
    case column
    /// RFM tiers computed from the orders (see ``RFMAnalysis``).
    case rfm
    /// Both combined, e.g. "Corporate · Champions".
    case columnAndRFM = "column+rfm"
    /// One segment holding every customer: penetration is the share of all customers who
    /// bought the product (the popularity ranking), whatever the segment column says.
    case all

    /// The source used when none is chosen: the segment column when the orders (or a customer
    /// file) give segments, else RFM tiers.
    public static func `default`(for lines: OrderLines) -> SegmentSource {
        lines.segments.count > 0 ? .column : .rfm
    }
}

/// A segment assignment for every customer.
///
/// ```swift
/// let segments = CustomerSegments(lines, by: .column)
/// segments.names[Int(segments.ofCustomer[u])]   // "Corporate"
/// ```
public struct CustomerSegments: Sendable, Equatable {
    /// The name shown for customers whose segment is not known.
    public static let unknown = "Unknown"
    /// The name of the one segment of ``SegmentSource/all``.
    public static let everyone = "All customers"

    /// Segment names; `ofCustomer[u]` indexes this.
    public var names: Vocabulary
    /// Segment index of each customer.
    public var ofCustomer: [Int32]

    /// Explicit assignment.
    public init(names: Vocabulary, ofCustomer: [Int32]) {
        self.names = names
        self.ofCustomer = ofCustomer
    }

    /// Number of customers in each segment.
    public var sizes: [Int] {
        var s = [Int](repeating: 0, count: names.count)
        for g in ofCustomer { s[Int(g)] += 1 }
        return s
    }

    /// Segments from the given source. RFM uses `referenceDay` (default: the day after the
    /// last order) as "today".
    public init(_ lines: OrderLines, by source: SegmentSource, referenceDay: Int32? = nil) {
        switch source {
        case .column:
            self = CustomerSegments.fromColumn(lines)
        case .rfm:
            let rfm = RFMAnalysis(lines, referenceDay: referenceDay)
            self.init(names: rfm.tierNames, ofCustomer: rfm.tierOfCustomer)
        case .columnAndRFM:
            let column = CustomerSegments.fromColumn(lines)
            let rfm = RFMAnalysis(lines, referenceDay: referenceDay)
            var names = Vocabulary()
            var of = [Int32](repeating: 0, count: lines.customers.count)
            for u in 0..<of.count {
                let a = column.names[Int(column.ofCustomer[u])]
                let b = rfm.tierNames[Int(rfm.tierOfCustomer[u])]
                of[u] = names.intern("\(a) · \(b)")
            }
            self.init(names: names, ofCustomer: of)
        case .all:
            var names = Vocabulary()
            let g = names.intern(CustomerSegments.everyone)
            self.init(names: names, ofCustomer: [Int32](repeating: g, count: lines.customers.count))
        }
    }

    /// Each customer's segment from the segment column: the one on their latest line
    /// (by date; on the same date the later line in the file wins). Customers with no
    /// segment on any line get ``unknown``.
    static func fromColumn(_ lines: OrderLines) -> CustomerSegments {
        let n = lines.customers.count
        var latestDay = [Int32](repeating: .min, count: n)
        var latest = [Int32](repeating: -1, count: n)
        for i in 0..<lines.count {
            let u = Int(lines.customer[i])
            let s = lines.segment[i]
            guard s >= 0 else { continue }
            if lines.day[i] >= latestDay[u] {
                latestDay[u] = lines.day[i]
                latest[u] = s
            }
        }
        var names = Vocabulary()
        var remap = [Int32: Int32]()
        var of = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            let s = latest[u]
            if let r = remap[s] { of[u] = r; continue }
            let r = names.intern(s >= 0 ? lines.segments[Int(s)] : unknown)
            remap[s] = r
            of[u] = r
        }
        return CustomerSegments(names: names, ofCustomer: of)
    }
}
