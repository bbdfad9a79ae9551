/// For each segment and product, the share of the segment's customers who bought it.
///
/// penetration(s, i) = |{u in s : u bought i}| / |s|, where "bought" means a pair in the
/// ``PurchaseMatrix`` (positive net quantity). This is the classic whitespot ranking signal.
///
/// ```swift
/// let pen = SegmentPenetration(matrix: matrix, segments: segments)
/// pen.share(segment: 0, product: 12)   // 0.64
/// ```
public struct SegmentPenetration: Sendable, Equatable {
    /// Number of segments (rows).
    public let segmentCount: Int
    /// Number of products (columns).
    public let productCount: Int
    /// Customers per segment.
    public let segmentSize: [Int32]
    /// Buyers per (segment, product), row-major segment × product.
    public let buyers: [Int32]

    /// Explicit table (used when loading a model).
    public init(segmentCount: Int, productCount: Int, segmentSize: [Int32], buyers: [Int32]) {
        precondition(segmentSize.count == segmentCount && buyers.count == segmentCount * productCount)
        self.segmentCount = segmentCount
        self.productCount = productCount
        self.segmentSize = segmentSize
        self.buyers = buyers
    }

    /// Counts buyers of every product in every segment.
    /// - Complexity: O(pairs + segments · products).
    public init(matrix: PurchaseMatrix, segments: CustomerSegments) {
        let s = segments.names.count, p = matrix.productCount
        var size = [Int32](repeating: 0, count: s)
        var buyers = [Int32](repeating: 0, count: s * p)
        for u in 0..<matrix.customerCount {
            let g = Int(segments.ofCustomer[u])
            size[g] += 1
            for k in matrix.pairs(ofCustomer: u) { buyers[g * p + Int(matrix.product[k])] += 1 }
        }
        self.init(segmentCount: s, productCount: p, segmentSize: size, buyers: buyers)
    }

    /// Share of segment `segment` who bought `product` (0 for an empty segment).
    @inlinable public func share(segment: Int, product: Int) -> Double {
        let n = segmentSize[segment]
        return n == 0 ? 0 : Double(buyers[segment * productCount + product]) / Double(n)
    }

    /// Every share in single precision, segment-major (segments × products):
    /// Float(buyers) / Float(segment size), 0 for an empty segment. The scorer's penetration
    /// term and the evaluation's segment-penetration method both use these exact values.
    public func floatShares() -> [Float] {
        buyers.indices.map { j in
            let n = segmentSize[j / max(1, productCount)]
            return n == 0 ? 0 : Float(buyers[j]) / Float(n)
        }
    }
}
