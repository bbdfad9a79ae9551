/// Reasons: short sentences a salesperson can say, built only from the data's own numbers.
///
/// - cross-sell: "64 % of Corporate customers buy Binders; so do 31 % of the 52 customers who,
///   like you, buy Paper and Labels." The "like you" products are the customer's
///   purchases whose embeddings are most similar to the product's (cosine, at most two,
///   positive only); the share counts the other customers who bought all of them. With one
///   such customer who bought it: "; so does the one other customer who, like you, buys Paper".
///   When none of them bought it (or there are none): "; it is close to what you buy: Paper".
///   Without similar purchases (or for a segment-only customer) the first sentence stands
///   alone. When the product costs at most `crossSellPriceFraction` of the most similar of
///   them (rules on), it is offered as an add-on: "An add-on to Printer (8 % of its price)."
/// - up-sell: "Binder X costs 18 % more than Binder Y, which you buy; 40 % of Corporate
///   customers buy it."
/// - deep-sell: "You buy 12 Paper a year; Corporate customers who buy it buy a median of 30:
///   18 more a year."
/// - A re-activated product (not a deep-sell) adds "You last bought it on 2019-03-02."
extension Scorer {
    /// How many "like you" products a reason names at most.
    static let likeYouCount = 2

    /// "Corporate customers", or "customers" when there is one segment.
    func segmentPhrase(_ g: Int) -> String {
        let name = data.segments.names[g]
        if data.segments.names.count == 1 { return "customers" }
        return name == CustomerSegments.unknown ? "customers without a segment" : "\(name) customers"
    }

    /// Up to ``likeYouCount`` of customer `u`'s purchases most similar to product `i`: by
    /// cosine of the product embeddings (ALS), or by the weight B_ji that purchase j gives
    /// product i (EASE and the ensemble); positive similarities only.
    func likeYou(customer u: Int, product i: Int) -> [Int] {
        let p = data.purchases, n = data.products.count
        var best = TopKSelector(capacity: Scorer.likeYouCount)
        func offer(_ similarity: Float, _ j: Int) {
            if similarity > 0 { best.offer(key: similarity, product: Int32(j), rank: data.byteRank[j]) }
        }
        switch model.family {
        case .als:
            let k = model.factors
            guard !model.productFactors.isEmpty else { return [] }  // k = 0: every norm is 0, nothing is similar
            model.productFactors.withBase { base in
                for pair in p.pairs(ofCustomer: u) {
                    let j = Int(p.product[pair])
                    let norms = productNorms[i] * productNorms[j]
                    guard j != i, norms > 0 else { continue }
                    offer(BLAS.dot(base + i * k, base + j * k, count: k) / norms, j)
                }
            }
        case .ease, .ensemble:
            for pair in p.pairs(ofCustomer: u) where Int(p.product[pair]) != i {
                let j = Int(p.product[pair])
                offer(model.itemWeights[j * n + i], j)
            }
        }
        return best.sorted().map { Int($0.product) }
    }

    /// The customers other than `u` who bought all of `products` (the "like you" group): how
    /// many they are, and how many of them also bought product `i`.
    ///
    /// When `i` and every one of `products` have a buyer bitset (``BuyerBitsets``) and even the shortest
    /// buyer list is longer than an eighth of a bitset's words (testing its customers' bits one
    /// by one, in random places, would cost more than reading the words in order), the group is
    /// counted a word at a time.
    /// Otherwise the shortest buyer list is walked and each customer tested against the other
    /// products (bitset, else binary search) and against `i` (bitset, else a cursor through its
    /// ascending list).
    /// - Complexity: O(min(customers / 64, shortest list · log longest list)).
    func likeYouGroup(of products: [Int], alsoBuying i: Int, except u: Int) -> (size: Int, alsoBuying: Int) {
        let p = data.purchases, bits = data.buyerBits, start = p.columnStart
        let byLength = products.sorted { start[$0 + 1] - start[$0] < start[$1 + 1] - start[$1] }
        guard let shortest = byLength.first else { return (0, 0) }
        let offsets = byLength.compactMap(bits.offset(of:))
        let iBits = bits.offset(of: i)
        if offsets.count == byLength.count && iBits != nil && start[shortest + 1] - start[shortest] > bits.words / 8 {
            let (all, withI) = bits.count(allAt: offsets, alsoAt: iBits)
            let uInGroup = offsets.allSatisfy { bits.isSet(customer: u, at: $0) }
            let uAlso = uInGroup && iBits.map { bits.isSet(customer: u, at: $0) } == true
            return (all - (uInGroup ? 1 : 0), withI - (uAlso ? 1 : 0))
        }
        // The other products as bitset offsets, or (without a bitset) their CSC ranges.
        let others = byLength.dropFirst().map { (bits: bits.offset(of: $0), list: start[$0] ..< start[$0 + 1]) }
        return p.customerOfEntry.withUnsafeBufferPointer { all in
            bits.bits.withUnsafeBufferPointer { words in
                func bought(_ c: Int, _ offset: Int) -> Bool { words[offset + c >> 6] & (1 << UInt64(c & 63)) != 0 }
                let ofI = UnsafeBufferPointer(rebasing: all[p.entries(ofProduct: i)])
                var size = 0, also = 0, cursor = 0
                for e in p.entries(ofProduct: shortest) {
                    let c = Int(all[e])
                    guard c != u else { continue }
                    var inAll = true
                    for other in others {
                        inAll = other.bits.map { bought(c, $0) }
                            ?? SortedIntersection.contains(Int32(c), in: UnsafeBufferPointer(rebasing: all[other.list]))
                        if !inAll { break }
                    }
                    guard inAll else { continue }
                    size += 1
                    if let iBits {
                        if bought(c, iBits) { also += 1 }
                    } else {
                        while cursor < ofI.count && Int(ofI[cursor]) < c { cursor += 1 }
                        if cursor < ofI.count && Int(ofI[cursor]) == c { also += 1 }
                    }
                }
                return (size, also)
            }
        }
    }

    /// The full output line for a pick.
    func recommendation(_ pick: Pick, rank: Int, ranked: RankedRow, segment g: Int) -> Recommendation {
        let i = pick.product, u = ranked.customer
        let penetration = data.penetration.share(segment: g, product: i)
        let name = data.names[i]
        var reason: String
        var expected: Double? = data.expectedRevenue[g * data.products.count + i]
        var suggested: Double?
        switch pick.kind {
        case .deepSell:
            let yearly = pick.yearly ?? 0, median = pick.median ?? 0
            let gap = median - yearly
            suggested = gap
            expected = data.price[i].isFinite ? gap * data.price[i] : nil
            reason = "You buy \(ReasonFormat.quantity(yearly)) \(name) a year; \(segmentPhrase(g)) "
                + "who buy it buy a median of \(ReasonFormat.quantity(median)): \(ReasonFormat.quantity(gap)) more a year."
        case .upSell:
            let anchor = pick.anchor ?? i
            let increase = data.price[i] / data.price[anchor] - 1
            reason = "\(name) costs \(ReasonFormat.percent(increase)) more than \(data.names[anchor]), which you buy; "
                + "\(ReasonFormat.percent(penetration)) of \(segmentPhrase(g)) buy it."
        case .crossSell:
            let share = ReasonFormat.percent(penetration)
            reason = share.prefix(1).uppercased() + share.dropFirst() + " of \(segmentPhrase(g)) buy \(name)"
            let similar = ranked.hasAffinity ? likeYou(customer: u, product: i) : []
            if !similar.isEmpty {
                let names = ReasonFormat.list(similar.map { data.names[$0] })
                let (size, also) = likeYouGroup(of: similar, alsoBuying: i, except: u)
                if also > 0 && size == 1 {
                    reason += "; so does the one other customer who, like you, buys \(names)"
                } else if also > 0 {
                    reason += "; so do \(ReasonFormat.percent(Double(also) / Double(size))) of the \(size) "
                        + "customers who, like you, buy \(names)"
                } else {
                    reason += "; it is close to what you buy: \(names)"
                }
            }
            reason += "."
            if let main = similar.first, configuration.rules.enabled, data.price[i].isFinite, data.price[main] > 0,
               data.price[i] <= configuration.rules.crossSellPriceFraction * data.price[main] {
                reason += " An add-on to \(data.names[main]) (\(ReasonFormat.percent(data.price[i] / data.price[main])) of its price)."
            }
        }
        if let k = data.purchases.pair(customer: u, product: i), pick.kind != .deepSell {
            reason += " You last bought it on \(Days.iso(data.purchases.lastDay[k]))."
        }
        return Recommendation(
            customer: u, rank: rank, product: i, kind: pick.kind, score: Double(pick.score),
            affinity: pick.affinity.map(Double.init), penetration: penetration,
            expectedRevenue: expected.flatMap { $0.isFinite ? $0 : nil }, suggestedQuantity: suggested,
            key: Double(pick.key), path: path(ofCustomer: u), reason: reason)
    }
}
