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
    /// "Corporate customers" for each segment, or "customers" when there is one segment.
    static func segmentPhrases(_ segments: CustomerSegments) -> [String] {
        segments.names.ids.map { name in
            if segments.names.count == 1 { return "customers" }
            return name == CustomerSegments.unknown ? "customers without a segment" : "\(name) customers"
        }
    }

    /// Up to two of customer `u`'s purchases most similar to product `i` (best first, ties by
    /// ``RankingOrder``): by cosine of the product embeddings (ALS), or by the weight B_ji that
    /// purchase j gives product i (EASE and the ensemble); positive similarities only.
    func likeYou(customer u: Int, product i: Int) -> [Int] {
        let p = data.purchases, n = data.products.count, ranks = data.byteRank
        var first: (similarity: Float, product: Int)?, second: (similarity: Float, product: Int)?
        func offer(_ similarity: Float, _ j: Int) {
            guard similarity > 0 else { return }
            if let f = first, !RankingOrder.precedes(similarity, rank: ranks[j], f.similarity, rank: ranks[f.product]) {
                if let s = second, !RankingOrder.precedes(similarity, rank: ranks[j], s.similarity, rank: ranks[s.product]) { return }
                second = (similarity, j)
            } else {
                second = first
                first = (similarity, j)
            }
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
        return [first, second].compactMap { $0?.product }
    }

    /// The customers other than `u` who bought all of `products` (the "like you" group): how
    /// many they are, and how many of them also bought product `i`.
    ///
    /// The group of one product is its buyer list; the group of a pair comes from the scorer's
    /// ``LikeYouGroupCache`` or is found (``likeYouMembers(of:)``) and kept there. Either way it
    /// is then counted against `i` (``count(buying:among:)``), and `u` taken out of both counts.
    func likeYouGroup(of products: [Int], alsoBuying i: Int, except u: Int) -> (size: Int, alsoBuying: Int) {
        let p = data.purchases
        let uBuysI = p.pair(customer: u, product: i) != nil
        func counted(_ members: UnsafeBufferPointer<Int32>) -> (size: Int, alsoBuying: Int) {
            let uIn = SortedIntersection.contains(Int32(u), in: members)
            return (members.count - (uIn ? 1 : 0), count(buying: i, among: members) - (uIn && uBuysI ? 1 : 0))
        }
        if products.count == 1 {
            return p.customerOfEntry.withUnsafeBufferPointer { counted(UnsafeBufferPointer(rebasing: $0[p.entries(ofProduct: products[0])])) }
        }
        let members: [Int32]
        if products.count == 2, let cached = likeYouCache.group(products[0], products[1]) {
            members = cached
        } else {
            members = likeYouMembers(of: products)
            if products.count == 2 { likeYouCache.keep(members, for: products[0], products[1]) }
        }
        return members.withUnsafeBufferPointer(counted)
    }

    /// The customers who bought all of `products`, ascending.
    ///
    /// When every one of `products` has a buyer bitset (``BuyerBitsets``) and even the shortest
    /// buyer list is longer than an eighth of a bitset's words (testing its customers' bits one
    /// by one, in random places, would cost more than reading the words in order), the words
    /// are intersected a machine word at a time. Otherwise the shortest buyer list is walked and
    /// each customer tested against the other products (bitset, else a galloping cursor
    /// through the ascending list).
    /// - Complexity: O(min(customers / 64, shortest list · log longest list) + group size).
    func likeYouMembers(of products: [Int]) -> [Int32] {
        let p = data.purchases, bits = data.buyerBits, start = p.columnStart
        let byLength = products.sorted { start[$0 + 1] - start[$0] < start[$1 + 1] - start[$1] }
        guard let shortest = byLength.first else { return [] }
        let offsets = byLength.compactMap(bits.offset(of:))
        if offsets.count == byLength.count && start[shortest + 1] - start[shortest] > bits.words / 8 {
            return bits.members(allAt: offsets)
        }
        // The other products as bitset offsets, or (without a bitset) their CSC ranges and a cursor.
        var others = byLength.dropFirst().map { (bits: bits.offset(of: $0), list: start[$0] ..< start[$0 + 1], cursor: 0) }
        return p.customerOfEntry.withUnsafeBufferPointer { all in
            bits.bits.withUnsafeBufferPointer { words in
                var members: [Int32] = []
                members.reserveCapacity(start[shortest + 1] - start[shortest])
                for e in p.entries(ofProduct: shortest) {
                    let c = all[e]
                    var inAll = true
                    for n in others.indices {
                        if let offset = others[n].bits {
                            inAll = BuyerBitsets.isSet(words, customer: Int(c), at: offset)
                        } else {
                            let list = UnsafeBufferPointer(rebasing: all[others[n].list])
                            others[n].cursor = SortedIntersection.lowerBound(of: c, in: list, from: others[n].cursor)
                            inAll = others[n].cursor < list.count && list[others[n].cursor] == c
                        }
                        if !inAll { break }
                    }
                    if inAll { members.append(c) }
                }
                return members
            }
        }
    }

    /// How many of `members` (ascending customers) bought product `i`: bit tests when `i` has a
    /// buyer bitset, else a galloping cursor through its ascending buyer list.
    /// - Complexity: O(members · log(buyers of i / members + 1)).
    func count(buying i: Int, among members: UnsafeBufferPointer<Int32>) -> Int {
        let p = data.purchases, bits = data.buyerBits
        if let offset = bits.offset(of: i) { return bits.count(of: members, at: offset) }
        return p.customerOfEntry.withUnsafeBufferPointer { all in
            let list = UnsafeBufferPointer(rebasing: all[p.entries(ofProduct: i)])
            var cursor = 0, count = 0
            for c in members {
                cursor = SortedIntersection.lowerBound(of: c, in: list, from: cursor)
                if cursor == list.count { break }
                if list[cursor] == c { count += 1 }
            }
            return count
        }
    }

    /// The full output line for a pick.
    func recommendation(_ pick: Pick, rank: Int, ranked: RankedRow, segment g: Int) -> Recommendation {
        let i = pick.product, u = ranked.customer
        let penetration = data.penetration.share(segment: g, product: i)
        let name = data.names[i]
        var reason = ""
        reason.reserveCapacity(192)
        var expected: Double? = data.expectedRevenue[g * data.products.count + i]
        var suggested: Double?
        switch pick.kind {
        case .deepSell:
            let yearly = pick.yearly ?? 0, median = pick.median ?? 0
            let gap = median - yearly
            suggested = gap
            expected = data.price[i].isFinite ? gap * data.price[i] : nil
            reason += "You buy "; reason += ReasonFormat.quantity(yearly); reason += " "; reason += name
            reason += " a year; "; reason += segmentPhrases[g]; reason += " who buy it buy a median of "
            reason += ReasonFormat.quantity(median); reason += ": "; reason += ReasonFormat.quantity(gap); reason += " more a year."
        case .upSell:
            let anchor = pick.anchor ?? i
            reason += name; reason += " costs "; reason += ReasonFormat.percent(data.price[i] / data.price[anchor] - 1)
            reason += " more than "; reason += data.names[anchor]; reason += ", which you buy; "
            reason += ReasonFormat.percent(penetration); reason += " of "; reason += segmentPhrases[g]; reason += " buy it."
        case .crossSell:
            reason += ReasonFormat.percent(penetration, capitalized: true); reason += " of "; reason += segmentPhrases[g]
            reason += " buy "; reason += name
            let similar = ranked.hasAffinity ? likeYou(customer: u, product: i) : []
            if !similar.isEmpty {
                let (size, also) = likeYouGroup(of: similar, alsoBuying: i, except: u)
                if also > 0 && size == 1 {
                    reason += "; so does the one other customer who, like you, buys "
                } else if also > 0 {
                    reason += "; so do "; reason += ReasonFormat.percent(Double(also) / Double(size)); reason += " of the "
                    reason += String(size); reason += " customers who, like you, buy "
                } else {
                    reason += "; it is close to what you buy: "
                }
                ReasonFormat.appendList(similar.map { data.names[$0] }, to: &reason)
            }
            reason += "."
            if let main = similar.first, configuration.rules.enabled, data.price[i].isFinite, data.price[main] > 0,
               data.price[i] <= configuration.rules.crossSellPriceFraction * data.price[main] {
                reason += " An add-on to "; reason += data.names[main]; reason += " ("
                reason += ReasonFormat.percent(data.price[i] / data.price[main]); reason += " of its price)."
            }
        }
        if let k = data.purchases.pair(customer: u, product: i), pick.kind != .deepSell {
            reason += " You last bought it on "; reason += Days.iso(data.purchases.lastDay[k]); reason += "."
        }
        return Recommendation(
            customer: u, rank: rank, product: i, kind: pick.kind, score: Double(pick.score),
            affinity: pick.affinity.map(Double.init), penetration: penetration,
            expectedRevenue: expected.flatMap { $0.isFinite ? $0 : nil }, suggestedQuantity: suggested,
            key: Double(pick.key), path: path(ofCustomer: u), reason: reason)
    }
}
