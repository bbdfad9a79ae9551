/// Recency, frequency and monetary scores in quintiles, and the named tiers built from them.
///
/// - Recency R: days from the customer's last order to the reference day (the day after the
///   last order in the data unless given). Fewer days score higher.
/// - Frequency F: number of distinct orders (order ids when the input has them, otherwise
///   distinct order days).
/// - Monetary M: net revenue (net quantity when the input has no revenue).
///
/// Each is scored 1–5 by quintile of rank among all customers: score = 1 + ⌊5 · r / n⌋ where r
/// is the 0-based rank of the first customer with an equal value (ties share a score), ranks
/// ascending in "goodness" (so the most recent and most frequent score 5).
///
/// Tiers, checked in this order (the common RFM segment map, on R and F):
///
/// | tier | rule |
/// |---|---|
/// | Champions | R ≥ 4 and F ≥ 4 |
/// | Loyal | R ≥ 3 and F ≥ 3 |
/// | New | R ≥ 4 and F ≤ 2 |
/// | Potential | R = 3 and F ≤ 2 |
/// | At risk | R ≤ 2 and F ≥ 3 |
/// | Hibernating | R = 2 and F ≤ 2 |
/// | Lost | R = 1 and F ≤ 2 |
public struct RFMAnalysis: Sendable {
    /// Tier names in display order.
    public static let tiers = ["Champions", "Loyal", "New", "Potential", "At risk", "Hibernating", "Lost"]
    /// The rule of each tier, in the order of ``tiers``.
    public static let tierRules = [
        "R ≥ 4 and F ≥ 4", "R ≥ 3 and F ≥ 3", "R ≥ 4 and F ≤ 2", "R = 3 and F ≤ 2",
        "R ≤ 2 and F ≥ 3", "R = 2 and F ≤ 2", "R = 1 and F ≤ 2",
    ]

    /// The day recency is measured to.
    public let referenceDay: Int32
    /// Days since last order, per customer.
    public let recencyDays: [Int32]
    /// Distinct orders per customer.
    public let frequency: [Int32]
    /// Net revenue (or quantity) per customer.
    public let monetary: [Double]
    /// R, F and M quintile scores (1–5) per customer.
    public let r: [UInt8], f: [UInt8], m: [UInt8]
    /// Tier names (all of ``tiers``, in order).
    public let tierNames: Vocabulary
    /// Tier index per customer.
    public let tierOfCustomer: [Int32]

    /// Computes RFM for every customer of `lines`.
    public init(_ lines: OrderLines, referenceDay: Int32? = nil) {
        let n = lines.customers.count
        var last = [Int32](repeating: .min, count: n)
        var money = [Double](repeating: 0, count: n)
        var maxDay = Int32.min
        for i in 0..<lines.count {
            let u = Int(lines.customer[i])
            last[u] = max(last[u], lines.day[i])
            maxDay = max(maxDay, lines.day[i])
            money[u] += lines.hasRevenue ? lines.revenue[i] : lines.quantity[i]
        }
        // Distinct orders: (customer, order id) or (customer, day) pairs.
        var seen = Set<Int64>()
        var freq = [Int32](repeating: 0, count: n)
        let useOrders = lines.orders.count > 0
        for i in 0..<lines.count where lines.quantity[i] > 0 {
            let u = Int64(lines.customer[i])
            let key = (u << 32) | Int64(UInt32(bitPattern: useOrders ? lines.order[i] : lines.day[i]))
            if seen.insert(key).inserted { freq[Int(u)] += 1 }
        }
        let ref = referenceDay ?? (maxDay == .min ? 0 : maxDay + 1)
        var recency = [Int32](repeating: 0, count: n)
        for u in 0..<n { recency[u] = last[u] == .min ? Int32.max : ref - last[u] }

        self.referenceDay = ref
        self.recencyDays = recency
        self.frequency = freq
        self.monetary = money
        // Goodness: recent = fewer days → negate.
        self.r = RFMAnalysis.quintiles(recency.map { -Double($0) })
        self.f = RFMAnalysis.quintiles(freq.map { Double($0) })
        self.m = RFMAnalysis.quintiles(money)
        self.tierNames = Vocabulary(RFMAnalysis.tiers)
        var tier = [Int32](repeating: 0, count: n)
        for u in 0..<n { tier[u] = Int32(RFMAnalysis.tier(r: r[u], f: f[u])) }
        self.tierOfCustomer = tier
    }

    /// The tier index (into ``tiers``) for R and F scores.
    public static func tier(r: UInt8, f: UInt8) -> Int {
        switch (r, f) {
        case (4..., 4...): return 0
        case (3..., 3...): return 1
        case (4..., _): return 2
        case (3, _): return 3
        case (_, 3...): return 4
        case (2, _): return 5
        default: return 6
        }
    }

    /// Quintile scores 1–5 by rank; equal values share the score of the first of them.
    static func quintiles(_ values: [Double]) -> [UInt8] {
        let n = values.count
        guard n > 0 else { return [] }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var score = [UInt8](repeating: 1, count: n)
        var firstRank = 0
        for (rank, i) in order.enumerated() {
            if rank > 0 && values[i] != values[order[rank - 1]] { firstRank = rank }
            score[i] = UInt8(1 + (5 * firstRank) / n)
        }
        return score
    }
}
