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

    /// The "like you" purchases of a reason: up to two of the customer's purchases, best first.
    struct LikeYou {
        /// The most similar purchase.
        let first: Int
        /// The second most similar one, if any.
        let second: Int?
    }

    /// Up to two of customer `u`'s purchases most similar to product `i` (best first, ties by
    /// ``RankingOrder``): by cosine of the product embeddings (ALS), or by the weight B_ji that
    /// purchase j gives product i (EASE and the ensemble); positive similarities only.
    func likeYou(customer u: Int, product i: Int) -> LikeYou? {
        let p = data.purchases, ranks = data.byteRank
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
            guard !model.productFactors.isEmpty else { return nil }  // k = 0: every norm is 0, nothing is similar
            model.productFactors.withBase { base in
                for pair in p.pairs(ofCustomer: u) {
                    let j = Int(p.product[pair])
                    let norms = productNorms[i] * productNorms[j]
                    guard j != i, norms > 0 else { continue }
                    offer(VectorKernels.dot(base + i * k, base + j * k, k) / norms, j)
                }
            }
        case .ease, .ensemble:
            for pair in p.pairs(ofCustomer: u) where Int(p.product[pair]) != i {
                let j = Int(p.product[pair])
                offer(model.itemWeights.weight(from: j, to: i), j)
            }
        }
        return first.map { LikeYou(first: $0.product, second: second?.product) }
    }

    /// The customers other than `u` who bought `a` and (when given) `b` (the "like you" group):
    /// how many they are, and how many of them also bought product `i`.
    ///
    /// The counts with `u` included come from the scorer's ``LikeYouGroupCache`` or are counted
    /// (``likeYouCounts(of:_:against:)``) and kept there; `u`, who is in the group when they
    /// bought `a` and `b`, is then taken out of both.
    func likeYouGroup(of a: Int, _ b: Int?, alsoBuying i: Int, except u: Int) -> (size: Int, alsoBuying: Int) {
        let p = data.purchases
        let counts = likeYouCache.counts(a, b, against: i) ?? {
            let counts = likeYouCounts(of: a, b, against: i)
            likeYouCache.keep(counts, for: a, b, against: i)
            return counts
        }()
        let uIn = p.pair(customer: u, product: a) != nil && (b.map { p.pair(customer: u, product: $0) != nil } ?? true)
        let uBuysI = uIn && p.pair(customer: u, product: i) != nil
        return (counts.size - (uIn ? 1 : 0), counts.alsoBuying - (uBuysI ? 1 : 0))
    }

    /// The size of the group of the buyers of `a` and (when given) `b`, and how many of them
    /// bought `i`. The group of one product is its buyer list; the group of a pair comes from the
    /// ``LikeYouGroupCache`` or is found (``likeYouMembers(_:_:)``) and kept there; either way it
    /// is then counted against `i` (``count(buying:among:)``).
    func likeYouCounts(of a: Int, _ b: Int?, against i: Int) -> LikeYouGroupCache.Counts {
        let p = data.purchases
        guard let b else {
            return p.customerOfEntry.withUnsafeBufferPointer { all in
                let members = UnsafeBufferPointer(rebasing: all[p.entries(ofProduct: a)])
                return (members.count, count(buying: i, among: members))
            }
        }
        let members = likeYouCache.group(a, b) ?? {
            let members = likeYouMembers(a, b)
            likeYouCache.keep(members, for: a, b)
            return members
        }()
        return members.withUnsafeBufferPointer { ($0.count, count(buying: i, among: $0)) }
    }

    /// The customers who bought both `a` and `b`, ascending.
    ///
    /// When both have a buyer bitset (``BuyerBitsets``) and even the shorter buyer list is
    /// longer than an eighth of a bitset's words (testing its customers' bits one by one, in
    /// random places, would cost more than reading the words in order), the words are
    /// intersected a machine word at a time. Otherwise the shorter buyer list is walked and each
    /// customer tested against the other product (its bitset, else a galloping cursor through
    /// its ascending list).
    /// - Complexity: O(min(customers / 64, shorter list · log longer list) + group size).
    func likeYouMembers(_ a: Int, _ b: Int) -> [Int32] {
        let p = data.purchases, bits = data.buyerBits, start = p.columnStart
        let (short, long) = start[a + 1] - start[a] <= start[b + 1] - start[b] ? (a, b) : (b, a)
        let longBits = bits.offset(of: long)
        if let shortBits = bits.offset(of: short), let longBits, start[short + 1] - start[short] > bits.words / 8 {
            return bits.members(allAt: [shortBits, longBits])
        }
        return p.customerOfEntry.withUnsafeBufferPointer { all in
            bits.bits.withUnsafeBufferPointer { words in
                let longList = UnsafeBufferPointer(rebasing: all[p.entries(ofProduct: long)])
                var members: [Int32] = []
                members.reserveCapacity(start[short + 1] - start[short])
                var cursor = 0
                for e in p.entries(ofProduct: short) {
                    let c = all[e]
                    if let longBits {
                        if BuyerBitsets.isSet(words, customer: Int(c), at: longBits) { members.append(c) }
                    } else {
                        cursor = SortedIntersection.lowerBound(of: c, in: longList, from: cursor)
                        if cursor == longList.count { break }
                        if longList[cursor] == c { members.append(c) }
                    }
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

    /// The full output line for a pick; `text` is scratch room for the reason's bytes (any
    /// content, kept between calls so its capacity is reused).
    func recommendation(_ pick: Pick, rank: Int, ranked: RankedRow, segment g: Int, text: inout [UInt8]) -> Recommendation {
        let i = pick.product, u = ranked.customer
        let penetration = data.penetration.share(segment: g, product: i)
        let name = data.names[i]
        text.removeAll(keepingCapacity: true)
        var expected: Double? = data.expectedRevenue[g * data.products.count + i]
        var suggested: Double?
        switch pick.kind {
        case .deepSell:
            let yearly = pick.yearly ?? 0, median = pick.median ?? 0
            let gap = median - yearly
            suggested = gap
            expected = data.price[i].isFinite ? gap * data.price[i] : nil
            text.appendText("You buy "); ReasonFormat.appendQuantity(yearly, to: &text); text.appendText(" ")
            text.appendText(name); text.appendText(" a year; "); text.appendText(segmentPhrases[g])
            text.appendText(" who buy it buy a median of "); ReasonFormat.appendQuantity(median, to: &text)
            text.appendText(": "); ReasonFormat.appendQuantity(gap, to: &text); text.appendText(" more a year.")
        case .upSell:
            let anchor = pick.anchor ?? i
            text.appendText(name); text.appendText(" costs ")
            ReasonFormat.appendPercent(data.price[i] / data.price[anchor] - 1, to: &text)
            text.appendText(" more than "); text.appendText(data.names[anchor]); text.appendText(", which you buy; ")
            ReasonFormat.appendPercent(penetration, to: &text); text.appendText(" of "); text.appendText(segmentPhrases[g])
            text.appendText(" buy it.")
        case .crossSell:
            ReasonFormat.appendPercent(penetration, capitalized: true, to: &text); text.appendText(" of ")
            text.appendText(segmentPhrases[g]); text.appendText(" buy "); text.appendText(name)
            let similar = ranked.hasAffinity ? likeYou(customer: u, product: i) : nil
            if let similar {
                let (size, also) = likeYouGroup(of: similar.first, similar.second, alsoBuying: i, except: u)
                if also > 0 && size == 1 {
                    text.appendText("; so does the one other customer who, like you, buys ")
                } else if also > 0 {
                    text.appendText("; so do "); ReasonFormat.appendPercent(Double(also) / Double(size), to: &text)
                    text.appendText(" of the "); text.appendInteger(Int64(size)); text.appendText(" customers who, like you, buy ")
                } else {
                    text.appendText("; it is close to what you buy: ")
                }
                text.appendText(data.names[similar.first])
                if let second = similar.second { text.appendText(" and "); text.appendText(data.names[second]) }
            }
            text.appendText(".")
            if let main = similar?.first, configuration.rules.enabled, data.price[i].isFinite, data.price[main] > 0,
               data.price[i] <= configuration.rules.crossSellPriceFraction * data.price[main] {
                text.appendText(" An add-on to "); text.appendText(data.names[main]); text.appendText(" (")
                ReasonFormat.appendPercent(data.price[i] / data.price[main], to: &text); text.appendText(" of its price).")
            }
        }
        if let k = data.purchases.pair(customer: u, product: i), pick.kind != .deepSell {
            text.appendText(" You last bought it on "); text.appendText(Days.iso(data.purchases.lastDay[k])); text.appendText(".")
        }
        return Recommendation(
            customer: u, rank: rank, product: i, kind: pick.kind, score: Double(pick.score),
            affinity: pick.affinity.map(Double.init), penetration: penetration,
            expectedRevenue: expected.flatMap { $0.isFinite ? $0 : nil }, suggestedQuantity: suggested,
            key: Double(pick.key), path: path(ofCustomer: u), reason: String(decoding: text, as: UTF8.self))
    }
}
