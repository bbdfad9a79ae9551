/// How far the scorer's penetration term pulls each segment's share toward the share of all
/// customers.
///
/// A segment of 12 customers, 3 of whom bought a product, says less about that product than a
/// segment of 1,200 with 300 buyers, yet both shares are 25 %. The term therefore uses the
/// shrunk share (the posterior mean under a beta prior centred on the all-customer share):
///
///     pen_m(s, i) = (b_si + m · p_i) / (n_s + m),   p_i = Σ_s b_si / Σ_s n_s,
///
/// with b_si the buyers of product i in segment s, n_s the segment's customers and m ≥ 0 the
/// prior's strength in customers. m = 0 is the observed share b_si / n_s (the classic whitespot
/// ranking); m = ∞ is the all-customer share p_i for every segment (popularity).
///
/// ```swift
/// var configuration = ScoringConfiguration()
/// configuration.penetrationShrinkage = .customers(0)   // the observed share, no shrinkage
/// ```
public enum PenetrationShrinkage: Sendable, Equatable {
    /// m estimated from the penetration table itself (``SegmentPenetration/estimatedShrinkage``):
    /// large when segments differ little beyond chance, small when they differ a lot (default).
    case estimated
    /// A fixed m, in customers (0: the observed share).
    case customers(Double)

    /// Strengths above this many customers act as ∞: next to any real segment size they give
    /// the all-customer share to single precision anyway.
    public static let largestFiniteStrength = 1e12
}

extension PenetrationShrinkage {
    /// A strength m in words: "none" (m = 0), "all customers' share" (m = ∞ or above
    /// ``largestFiniteStrength``), "0.4 customers" (one decimal below 10), else the whole number
    /// of customers, "1,995 customers".
    public static func phrase(strength m: Double) -> String {
        if m == 0 { return "none" }
        if m > largestFiniteStrength { return "all customers' share" }
        return m < 9.95 ? "\((m * 10).rounded() / 10) customers" : "\(TextFormat.count(Int(m.rounded()))) customers"
    }
}

/// The prior strength m the penetration table supports, and the intraclass correlation it comes from.
public struct ShrinkageEstimate: Sendable, Equatable {
    /// ρ̂, the share of the variance of "bought i" that lies between segments (a moment estimator
    /// from Pearson's χ², pooled over products, in [0, 1]); 0 when segments differ no more than
    /// chance would make them.
    public var intraclassCorrelation: Double
    /// m = 1/ρ̂ − 1 in customers; `.infinity` when ρ̂ = 0 (every segment gets the all-customer
    /// share), 0 when there are fewer than two non-empty segments (nothing to shrink toward).
    public var strength: Double
}

extension SegmentPenetration {
    /// The prior strength the table supports, from a moment estimator of the intraclass
    /// correlation of "bought the product" within segments, built on Pearson's χ² and pooled over
    /// products:
    ///
    ///     X²_i = Σ_s n_s (r_si − p_i)² / (p_i (1 − p_i))     (Pearson's χ² of segment × bought i)
    ///     n₀  = (N − Σ_s n_s² / N) / (G − 1)                 (the effective segment size)
    ///     ρ̂   = (mean_i X²_i / (G − 1) − 1) / (n₀ − 1), clamped to [0, 1],   m = 1/ρ̂ − 1
    ///
    /// over the G non-empty segments (N customers) and the products with 0 < p_i < 1. Under a
    /// beta prior of strength m the true shares have variance p(1 − p)/(m + 1) = ρ p(1 − p), and
    /// E[X²_i] ≈ (G − 1) + (n₀ − 1)(G − 1) ρ, so ρ̂ estimates 1/(m + 1). (The textbook ANOVA
    /// estimator divides by the within-segment mean square instead of p(1 − p); for binary data
    /// the two differ by a factor near N/(N − G).) No tuning and no held-out data are involved:
    /// m follows from the counts.
    /// - Complexity: O(segments · products).
    public var estimatedShrinkage: ShrinkageEstimate {
        let sizes = segmentSize.map(Double.init)
        let total = sizes.reduce(0, +)
        let groups = Double(nonEmptySegments)
        guard groups >= 2 else { return ShrinkageEstimate(intraclassCorrelation: 0, strength: 0) }
        let effectiveSize = (total - sizes.reduce(0) { $0 + $1 * $1 } / total) / (groups - 1)
        var chiSquare = 0.0, products = 0
        for i in 0 ..< productCount {
            let p = productBuyers(i) / total
            guard p > 0 && p < 1 else { continue }
            var x = 0.0
            for s in 0 ..< segmentCount where sizes[s] > 0 {
                let r = Double(buyers[s * productCount + i]) / sizes[s]
                x += sizes[s] * (r - p) * (r - p)
            }
            chiSquare += x / (p * (1 - p))
            products += 1
        }
        guard products > 0, effectiveSize > 1 else { return ShrinkageEstimate(intraclassCorrelation: 0, strength: .infinity) }
        let rho = min(1, max(0, (chiSquare / Double(products) / (groups - 1) - 1) / (effectiveSize - 1)))
        return ShrinkageEstimate(intraclassCorrelation: rho, strength: rho > 0 ? 1 / rho - 1 : .infinity)
    }

    /// The strength `shrinkage` means for this table: the estimate, or the fixed m; above
    /// ``PenetrationShrinkage/largestFiniteStrength``, ∞.
    public func strength(of shrinkage: PenetrationShrinkage) -> Double {
        let m: Double
        switch shrinkage {
        case .estimated: m = estimatedShrinkage.strength
        case .customers(let fixed): m = fixed
        }
        return m > PenetrationShrinkage.largestFiniteStrength ? .infinity : m
    }

    /// Every shrunk share pen_m(s, i) in single precision, segment-major (segments × products).
    /// m = 0 gives exactly ``floatShares()``; m = ∞ gives Float(Σ_s b_si) / Float(Σ_s n_s) in
    /// every segment, exactly the all-customer share.
    /// - Precondition: m ≥ 0.
    public func shrunkFloatShares(strength m: Double) -> [Float] {
        precondition(m >= 0, "shrinkage strength must not be negative")
        if m == 0 { return floatShares() }
        let total = segmentSize.reduce(0) { $0 + Double($1) }
        var out = [Float](repeating: 0, count: buyers.count)
        for i in 0 ..< productCount {
            let b = productBuyers(i)
            let allCustomers = total > 0 ? Float(b) / Float(total) : 0
            for s in 0 ..< segmentCount {
                out[s * productCount + i] = m.isInfinite ? allCustomers
                    : Float((Double(buyers[s * productCount + i]) + m * (b / max(total, 1))) / (Double(segmentSize[s]) + m))
            }
        }
        return out
    }

    /// Segments with at least one customer (fewer than two: nothing to shrink toward).
    public var nonEmptySegments: Int { segmentSize.filter { $0 > 0 }.count }

    /// Buyers of product `i` over every segment.
    private func productBuyers(_ i: Int) -> Double {
        (0 ..< segmentCount).reduce(0) { $0 + Double(buyers[$1 * productCount + i]) }
    }
}
