extension SegmentPenetration {
    /// Penetration over a trailing window: the table whose shares are
    /// pen_D(s, i) = |{u ∈ s : u bought i and u's last purchase of i is on or after
    /// referenceDay − D}| / |s| (0 for an empty segment), where "bought" is a pair of `matrix`
    /// and the last purchase its ``PurchaseMatrix/lastDay``. Segment sizes count every customer
    /// of the segment. With D covering every purchase this is
    /// ``init(matrix:segments:)``; a product the segment stopped buying ranks below one it buys now.
    ///
    /// - Complexity: O(pairs + segments · products).
    public static func recent(
        matrix: PurchaseMatrix, segments: CustomerSegments, windowDays: Int, referenceDay: Int32
    ) -> SegmentPenetration {
        let s = segments.names.count, p = matrix.productCount
        let from = Int(referenceDay) - windowDays
        var size = [Int32](repeating: 0, count: s)
        var buyers = [Int32](repeating: 0, count: s * p)
        for u in 0 ..< matrix.customerCount {
            let g = Int(segments.ofCustomer[u])
            size[g] += 1
            for k in matrix.pairs(ofCustomer: u) where Int(matrix.lastDay[k]) >= from {
                buyers[g * p + Int(matrix.product[k])] += 1
            }
        }
        return SegmentPenetration(segmentCount: s, productCount: p, segmentSize: size, buyers: buyers)
    }
}
