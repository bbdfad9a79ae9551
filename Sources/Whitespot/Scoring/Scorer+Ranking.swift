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

    /// Every product's affinity, penetration, score and key for customer `u` (see ``CustomerScores``),
    /// bit-identical to what the batch path computes.
    /// - Complexity: O(``chunkSize`` · products · factors).
    public func scores(forCustomer u: Int) -> CustomerScores {
        mapRanked(customers: [u], capacity: 0, threads: 1, keep: .all) { ranked in
            let g = Int(data.segments.ofCustomer[u])
            let productCount = data.products.count
            var score = [Float](repeating: -.infinity, count: productCount)
            var key = score
            for i in 0..<productCount where ranked.row[i] > -.infinity {
                (score[i], key[i]) = blended(ranked.row[i], product: i, segment: g, transform: ranked.transform)
            }
            let raw = ranked.transform == nil ? [] : ranked.raw
            let affinity = ranked.transform.map { t in raw.map { t($0) } } ?? []
            let penetration = Array(share[g * productCount ..< (g + 1) * productCount])
            return CustomerScores(customer: u, path: path(ofCustomer: u), transform: ranked.transform, raw: raw,
                                  affinity: affinity, penetration: penetration, score: score, key: key)
        }[0]
    }

    /// The first `k` candidates of customer `u` by key (ties by product id in byte order),
    /// without sales rules: the plain whitespot ranking the evaluation measures. For many
    /// customers, ``rankings(forCustomers:top:threads:)`` is much faster.
    /// - Complexity: O(``chunkSize`` · products · factors + products · log k).
    public func ranking(forCustomer u: Int, top k: Int) -> [Int] {
        rankings(forCustomers: [u], top: k, threads: 1)[0].map(\.product)
    }
}
