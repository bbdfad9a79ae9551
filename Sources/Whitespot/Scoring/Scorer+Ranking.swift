/// The per-row ranking kernel and the per-customer ranking API.
extension Scorer {
    /// Marks customer `u`'s non-candidates in `row` with −∞ and fits the affinity
    /// transformation on the rest; nil on the segment-only path (`hasFactors` false).
    /// - Complexity: O(products + purchases of u).
    func prepare(row: UnsafeMutableBufferPointer<Float>, customer u: Int, hasFactors: Bool) -> AffinityTransform? {
        for i in ineligible { row[Int(i)] = -.infinity }
        let p = data.purchases
        for k in p.pairs(ofCustomer: u) where p.lastDay[k] >= reactivationDay {
            row[Int(p.product[k])] = -.infinity
        }
        guard hasFactors else { return nil }
        return AffinityTransform(fitting: UnsafeBufferPointer(row), normalization: configuration.normalization)
    }

    /// Blended score and ranking key of product `i` for a customer in segment `g` whose raw
    /// score is `s` (ignored without a transform).
    @inline(__always)
    func blended(_ s: Float, product i: Int, segment g: Int, transform: AffinityTransform?) -> (score: Float, key: Float) {
        let cell = g * data.products.count + i
        let pen = share[cell]
        let score: Float
        if let t = transform {
            let w = Float(blendWeight)
            score = w * t(s) + (1 - w) * pen
        } else {
            score = pen
        }
        return (score, revenueWeight.isEmpty ? score : score * revenueWeight[cell])
    }

    /// Offers every candidate of a prepared row to `selector`.
    /// - Complexity: O(products) plus O(log capacity) per kept product.
    func select(row: UnsafeMutableBufferPointer<Float>, segment g: Int, transform: AffinityTransform?, into selector: inout TopKSelector) {
        let ranks = data.byteRank
        for i in 0..<row.count {
            let s = row[i]
            if s == -.infinity { continue }
            selector.offer(key: blended(s, product: i, segment: g, transform: transform).key,
                           product: Int32(i), rank: ranks[i])
        }
    }

    /// Fills `row` with customer `u`'s raw scores x_uᵀ y_i (zeros without factors) and
    /// returns the factors.
    func rawScores(customer u: Int, into row: inout [Float]) -> [Float]? {
        let productCount = data.products.count, k = model.factors
        row = [Float](repeating: 0, count: productCount)
        guard let x = factors(ofCustomer: u) else { return nil }
        guard productCount > 0 else { return x }
        BLAS.gemv(m: productCount, n: k, a: model.productFactors, x: x, y: &row)
        return x
    }

    /// Every product's affinity, penetration, score and key for customer `u` (see ``CustomerScores``).
    /// - Complexity: O(products · factors).
    public func scores(forCustomer u: Int) -> CustomerScores {
        var row: [Float] = []
        let x = rawScores(customer: u, into: &row)
        let raw = x == nil ? [] : row
        let transform = row.withUnsafeMutableBufferPointer { prepare(row: $0, customer: u, hasFactors: x != nil) }
        let g = Int(data.segments.ofCustomer[u])
        let productCount = data.products.count
        var score = [Float](repeating: -.infinity, count: productCount)
        var key = score
        for i in 0..<productCount where row[i] > -.infinity {
            (score[i], key[i]) = blended(row[i], product: i, segment: g, transform: transform)
        }
        let affinity = transform.map { t in raw.map { t($0) } } ?? []
        let penetration = Array(share[g * productCount ..< (g + 1) * productCount])
        return CustomerScores(customer: u, path: path(ofCustomer: u), transform: transform, raw: raw,
                              affinity: affinity, penetration: penetration, score: score, key: key)
    }

    /// The first `k` candidates of customer `u` by key (ties by product id in byte order),
    /// without sales rules: the plain whitespot ranking the evaluation measures.
    /// - Complexity: O(products · factors + products · log k).
    public func ranking(forCustomer u: Int, top k: Int) -> [Int] {
        var row: [Float] = []
        let x = rawScores(customer: u, into: &row)
        var selector = TopKSelector(capacity: k)
        row.withUnsafeMutableBufferPointer { row in
            let t = prepare(row: row, customer: u, hasFactors: x != nil)
            select(row: row, segment: Int(data.segments.ofCustomer[u]), transform: t, into: &selector)
        }
        return selector.sorted().map { Int($0.product) }
    }
}
