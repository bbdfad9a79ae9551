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

    /// Blended score and ranking key of product `i` for a customer in segment `g` with
    /// affinity `a` (nil: segment-only, score = penetration). Every path computes keys with
    /// these operations in this order, so keys are bit-identical across paths.
    @inline(__always)
    func blended(affinity a: Float?, product i: Int, segment g: Int) -> (score: Float, key: Float) {
        let cell = g * data.products.count + i
        let score = a.map { w * $0 + oneMinusW * share[cell] } ?? share[cell]
        return (score, revenueWeight.isEmpty ? score : score * revenueWeight[cell])
    }

    /// Blended score and key of a candidate with raw score `s`.
    @inline(__always)
    func blended(candidate s: Float, product i: Int, segment g: Int, transform: AffinityTransform?) -> (score: Float, key: Float) {
        blended(affinity: transform?.candidate(s), product: i, segment: g)
    }

    /// Offers every candidate of a prepared row to `selector` (see ``blended(affinity:product:segment:)``).
    /// - Complexity: O(products) plus O(log capacity) per kept product.
    func select(row: UnsafeMutableBufferPointer<Float>, segment g: Int, transform: AffinityTransform?, into selector: inout TopKSelector) {
        let (w, v) = (self.w, oneMinusW)
        guard let t = transform else {
            return offer(row: row, segment: g, into: &selector, vectorized: true, lanes: { _, pen in pen }, scalar: { _, pen in pen })
        }
        let (c, scale, offset) = (t.center, t.scale, t.offset)
        switch t.normalization {
        case .minMax:
            let (wv, vv) = (SIMD8<Float>(repeating: w), SIMD8<Float>(repeating: v))
            let (cv, sv, ov) = (SIMD8<Float>(repeating: c), SIMD8<Float>(repeating: scale), SIMD8<Float>(repeating: offset))
            offer(row: row, segment: g, into: &selector, vectorized: true,
                  lanes: { s, pen in wv * ((s - cv) * sv + ov) + vv * pen },
                  scalar: { s, pen in w * ((s - c) * scale + offset) + v * pen })
        case .logistic:
            offer(row: row, segment: g, into: &selector, vectorized: false, lanes: { s, _ in s },
                  scalar: { s, pen in w * AffinityTransform.logistic(s, c, scale) + v * pen })
        }
    }

    /// The selection loop, specialised per score formula (non-escaping closures, inlined).
    /// Eight products at a time when `vectorized` (`lanes` computes lane-wise the same IEEE
    /// operations as `scalar`, so the same keys):
    /// keys below the selector's floor are rejected as a vector, the rare survivors offered
    /// one by one. Skips −∞ (non-candidates) and multiplies by the expected revenue under
    /// `rankBy: .value`.
    @inline(__always)
    private func offer(
        row: UnsafeMutableBufferPointer<Float>, segment g: Int, into selector: inout TopKSelector,
        vectorized: Bool, lanes: (_ s: SIMD8<Float>, _ pen: SIMD8<Float>) -> SIMD8<Float>,
        scalar: (_ s: Float, _ pen: Float) -> Float
    ) {
        let productCount = row.count
        share.withUnsafeBufferPointer { share in
            revenueWeight.withUnsafeBufferPointer { revenue in
                data.byteRank.withUnsafeBufferPointer { ranks in
                    let pen = share.baseAddress.unsafelyUnwrapped + g * productCount
                    let value = revenue.isEmpty ? nil : revenue.baseAddress.map { $0 + g * productCount }
                    let scores = UnsafePointer(row.baseAddress.unsafelyUnwrapped)
                    var floor = selector.floor
                    func one(_ i: Int) {
                        let s = scores[i]
                        if s == -.infinity { return }
                        var key = scalar(s, pen[i])
                        if let value { key = key * value[i] }
                        if key < floor { return }
                        selector.offer(key: key, product: Int32(i), rank: ranks[i])
                        floor = selector.floor
                    }
                    var i = 0
                    if vectorized {
                        let negInf = SIMD8<Float>(repeating: -.infinity)
                        while i + 8 <= productCount {
                            let s = UnsafeRawPointer(scores).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                            var key = lanes(s, UnsafeRawPointer(pen).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
                            if let value { key = key * UnsafeRawPointer(value).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) }
                            let keep = (key .>= SIMD8<Float>(repeating: floor)) .& (s .!= negInf)
                            if any(keep) {
                                for lane in 0..<8 where keep[lane] { one(i + lane) }
                            }
                            i += 8
                        }
                    }
                    while i < productCount {
                        one(i)
                        i += 1
                    }
                }
            }
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
                (score[i], key[i]) = blended(candidate: ranked.row[i], product: i, segment: g, transform: ranked.transform)
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
