import Foundation

extension SegmentPenetration {
    /// Recency-weighted shares, segment-major (segments × products):
    /// pen_h(s, i) = Σ_{u ∈ s bought i} 0.5^(age_ui / h) / |s|, age = days from the pair's last
    /// purchase to `referenceDay` (0 for an empty segment). With no decay (every age 0) these are
    /// ``floatShares()``; a product the segment stopped buying weighs less than one it buys now.
    ///
    /// - Complexity: O(pairs + segments · products).
    public static func decayedShares(
        matrix: PurchaseMatrix, segments: CustomerSegments, halfLifeDays h: Double, referenceDay: Int32
    ) -> [Float] {
        let s = segments.names.count, p = matrix.productCount
        var size = [Double](repeating: 0, count: s)
        var weight = [Double](repeating: 0, count: s * p)
        for u in 0 ..< matrix.customerCount {
            let g = Int(segments.ofCustomer[u])
            size[g] += 1
            for k in matrix.pairs(ofCustomer: u) {
                weight[g * p + Int(matrix.product[k])] += pow(0.5, Double(max(0, referenceDay - matrix.lastDay[k])) / h)
            }
        }
        return weight.indices.map { j in
            let n = size[j / max(1, p)]
            return n == 0 ? 0 : Float(weight[j] / n)
        }
    }
}
