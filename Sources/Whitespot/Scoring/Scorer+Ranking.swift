/// The per-row ranking kernel and the per-customer ranking API.
extension Scorer {
    /// A run of consecutive products scored by one `sgemm` call, with the slice of
    /// ``ineligible`` that falls in it.
    struct ProductTile {
        /// The products.
        let products: Range<Int>
        /// Indices into ``ineligible`` of the ineligible products among them.
        let ineligible: Range<Int>
    }

    /// The product tiles of ``tileWidth`` products each (the last may be shorter), in order.
    func productTiles() -> [ProductTile] {
        var next = 0
        return stride(from: 0, to: data.products.count, by: Scorer.tileWidth).map { start in
            let products = start ..< min(data.products.count, start + Scorer.tileWidth)
            let first = next
            while next < ineligible.count && Int(ineligible[next]) < products.upperBound { next += 1 }
            return ProductTile(products: products, ineligible: first ..< next)
        }
    }

    /// What the tile pass gathers of one customer's score row before selection.
    struct RowPass {
        /// Customer index.
        let customer: Int
        /// The customer's next purchase pair (CSR, products ascending) not yet masked.
        var nextPair: Int
        /// Variants of the customer's purchases (ascending) and the next one not yet masked.
        let variants: [Int32]
        var nextVariant = 0
        /// Smallest and largest candidate raw score so far.
        var low: Float = .infinity, high: Float = -.infinity
        /// Raw scores of the customer's purchases, in pair order (when kept).
        var purchasedRaw: [Float] = []
        /// Every product's raw score before masking (when kept).
        var raw: [Float] = []
    }

    /// Starts customer `u`'s tile pass.
    func rowPass(customer u: Int) -> RowPass {
        RowPass(customer: u, nextPair: data.purchases.rowStart[u], variants: variantsOfPurchases(customer: u))
    }

    /// Marks the customer's non-candidates among `tile`'s products of `row` with −∞ (ineligible
    /// products, purchases since the re-activation day, variants of their purchases), after
    /// keeping what `keep` asks for,
    /// and widens the pass's candidate range when `range` is set. Tiles must come in order.
    /// - Complexity: O(tile width + the customer's purchases and variants in it).
    func mask(row: UnsafeMutableBufferPointer<Float>, tile: ProductTile, pass: inout RowPass, keep: RawScores, range: Bool) {
        if keep == .all { pass.raw.append(contentsOf: row[tile.products]) }
        // The extremes of the whole tile are the candidates' range unless a masked product
        // holds one of them (rare): then the range is taken again, stepping over −∞.
        var (low, high) = range ? AffinityTransform.extremes(UnsafeBufferPointer(rebasing: row[tile.products]), skippingNegativeInfinity: false) : (0, 0)
        var extremesHold = true
        func exclude(_ i: Int) {
            if row[i] <= low || row[i] >= high { extremesHold = false }
            row[i] = -.infinity
        }
        let p = data.purchases, end = p.rowStart[pass.customer + 1]
        while pass.nextPair < end, case let i = Int(p.product[pass.nextPair]), i < tile.products.upperBound {
            if keep == .purchased { pass.purchasedRaw.append(row[i]) }
            if p.lastDay[pass.nextPair] >= reactivationDay { exclude(i) }
            pass.nextPair += 1
        }
        for n in tile.ineligible { exclude(Int(ineligible[n])) }
        while pass.nextVariant < pass.variants.count, case let i = Int(pass.variants[pass.nextVariant]), i < tile.products.upperBound {
            exclude(i)
            pass.nextVariant += 1
        }
        guard range else { return }
        if !extremesHold { (low, high) = AffinityTransform.extremes(UnsafeBufferPointer(rebasing: row[tile.products]), skippingNegativeInfinity: true) }
        pass.low = min(pass.low, low)
        pass.high = max(pass.high, high)
    }

    /// The affinity transformation of a masked row whose pass gathered the candidates' range.
    func transform(row: UnsafeMutableBufferPointer<Float>, pass: RowPass) -> AffinityTransform {
        switch configuration.normalization {
        case .minMax: return AffinityTransform(low: pass.low, high: pass.high)
        case .logistic: return AffinityTransform(fitting: UnsafeBufferPointer(row), normalization: .logistic)
        }
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
        guard let t = transform else {
            return offer(row: row, segment: g, into: &selector, key: PenetrationKey())
        }
        switch t.normalization {
        case .minMax:
            offer(row: row, segment: g, into: &selector,
                  key: MinMaxBlendKey(w: w, oneMinusW: oneMinusW, center: t.center, scale: t.scale, offset: t.offset))
        case .logistic:
            offer(row: row, segment: g, into: &selector,
                  key: LogisticBlendKey(w: w, oneMinusW: oneMinusW, center: t.center, scale: t.scale))
        }
    }

    /// The selection loop, specialised per score formula `key`. When the formula is vectorised,
    /// blocks of 64 products whose keys cannot reach the selector's floor are rejected whole
    /// (by a ceiling from their raw scores, else by their best key), the others are searched
    /// eight products at a time, and only the rare survivors are offered one by one. Skips −∞
    /// (non-candidates) and multiplies by the expected revenue under `rankBy: .value`.
    @inline(never)
    private func offer<Key: RankingKey>(
        row: UnsafeMutableBufferPointer<Float>, segment g: Int, into selector: inout TopKSelector, key formula: Key
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
                        var key = formula(s, pen[i])
                        if let value { key = key * value[i] }
                        if key < floor { return }
                        selector.offer(key: key, product: Int32(i), rank: ranks[i])
                        floor = selector.floor
                    }
                    var i = 0
                    if Key.vectorized {
                        // Blocks of 64 products keep each lane's best key; a block whose best
                        // reaches the floor is searched eight at a time, and only eights that do
                        // are offered product by product. Non-candidates (−∞) get a key of −∞
                        // or NaN, which never raises the best, except on the segment-only path,
                        // where `one` skips them.
                        let (s0, p0) = (UnsafeRawPointer(scores), UnsafeRawPointer(pen))
                        let v0 = value.map { UnsafeRawPointer($0) }
                        @inline(__always) func keys(at offset: Int) -> SIMD8<Float> {
                            let s = s0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                            let key = formula.lanes(s, p0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
                            guard let v0 else { return key }
                            return key * v0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        }
                        // Scores rise with the raw score and with penetration (each IEEE step is
                        // monotone), so formula(block's largest raw score, segment's largest
                        // penetration) bounds every key of a block: testing it needs only the raw
                        // scores. Without such a bound, the block's keys themselves are tested.
                        let ceilingOfBlocks = value == nil && formula.risesWithRawScore
                        let penCeiling = segmentMaxShare[g]
                        while i + 64 <= productCount {
                            var top = SIMD8<Float>(repeating: -.infinity)
                            let ceiling: Float
                            if ceilingOfBlocks {
                                for at in stride(from: i * 4, to: (i + 64) * 4, by: 32) {
                                    let s = s0.loadUnaligned(fromByteOffset: at, as: SIMD8<Float>.self)
                                    top.replace(with: s, where: s .> top)
                                }
                                ceiling = formula(top.largestLane, penCeiling)
                            } else {
                                for at in stride(from: i * 4, to: (i + 64) * 4, by: 32) {
                                    let key = keys(at: at)
                                    top.replace(with: key, where: key .> top)
                                }
                                ceiling = top.largestLane
                            }
                            if ceiling >= floor {
                                // Any lane at or above the floor, not the largest lane: at w = 0
                                // a non-candidate's key is 0 · −∞ = NaN, and a maximum taken
                                // through a NaN lane can hide the products beside it.
                                for j in stride(from: i, to: i + 64, by: 8) where any(keys(at: j * 4) .>= floor) {
                                    for lane in j ..< j + 8 { one(lane) }
                                }
                            }
                            i += 64
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
            for i in 0..<productCount where ranked.masked[i] > -.infinity {
                (score[i], key[i]) = blended(candidate: ranked.masked[i], product: i, segment: g, transform: ranked.transform)
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
