/// Reasons: short sentences a salesperson can say, built only from the data's own numbers.
///
/// - cross-sell: "64 % of Corporate customers buy Binders; so do 31 % of the 52 customers who,
///   like you, buy Paper and Labels." The "like you" products are the customer's
///   purchases whose embeddings are most similar to the product's (cosine, at most two,
///   positive only); the share counts the other customers who bought all of them. Without such
///   customers the second clause names the similar products only.
/// - up-sell: "Binder X costs 18 % more than Binder Y, which you buy; 40 % of Corporate
///   customers buy it."
/// - deep-sell: "You buy 12 Paper a year; Corporate buyers of it buy a median of 30: 18 more a year."
/// - A re-activated product adds "You last bought it on 2019-03-02."
extension Scorer {
    /// How many "like you" products a reason names at most.
    static let likeYouCount = 2

    /// "Corporate customers", or "customers" when there is one segment.
    func segmentPhrase(_ g: Int) -> String {
        let name = data.segments.names[g]
        if data.segments.names.count == 1 { return "customers" }
        return name == CustomerSegments.unknown ? "customers without a segment" : "\(name) customers"
    }

    /// Up to ``likeYouCount`` of customer `u`'s purchases most similar to product `i`.
    func likeYou(customer u: Int, product i: Int) -> [Int] {
        let k = model.factors, p = data.purchases
        var best = TopKSelector(capacity: Scorer.likeYouCount)
        guard !model.productFactors.isEmpty else { return [] }  // k = 0: every norm is 0, nothing is similar
        model.productFactors.withBase { base in
            for pair in p.pairs(ofCustomer: u) {
                let j = Int(p.product[pair])
                let norms = productNorms[i] * productNorms[j]
                guard j != i, norms > 0 else { continue }
                let cosine = BLAS.dot(base + i * k, base + j * k, count: k) / norms
                if cosine > 0 { best.offer(key: cosine, product: Int32(j), rank: data.byteRank[j]) }
            }
        }
        return best.sorted().map { Int($0.product) }
    }

    /// Customers other than `u` who bought all of `products` (ascending), by merging the CSC lists.
    func buyers(ofAll products: [Int], except u: Int) -> [Int32] {
        let p = data.purchases
        guard let first = products.first else { return [] }
        var common = Array(p.customerOfEntry[p.entries(ofProduct: first)])
        for j in products.dropFirst() {
            let other = p.customerOfEntry[p.entries(ofProduct: j)]
            var merged: [Int32] = [], a = 0, b = other.startIndex
            while a < common.count && b < other.endIndex {
                if common[a] < other[b] { a += 1 } else if common[a] > other[b] { b += 1 } else {
                    merged.append(common[a]); a += 1; b += 1
                }
            }
            common = merged
        }
        return common.filter { Int($0) != u }
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
            let similar = ranked.factors == nil ? [] : likeYou(customer: u, product: i)
            if !similar.isEmpty {
                let names = ReasonFormat.list(similar.map { data.names[$0] })
                let group = buyers(ofAll: similar, except: u)
                let also = group.isEmpty ? 0 : buyers(ofAll: [i], except: u).sortedIntersectionCount(group)
                if also > 0 && group.count == 1 {
                    reason += "; so does the one other customer who, like you, buys \(names)"
                } else if also > 0 {
                    reason += "; so do \(ReasonFormat.percent(Double(also) / Double(group.count))) of the \(group.count) "
                        + "customers who, like you, buy \(names)"
                } else {
                    reason += "; it is close to what you buy: \(names)"
                }
            }
            reason += "."
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

extension Array where Element == Int32 {
    /// Number of elements common to two ascending arrays.
    func sortedIntersectionCount(_ other: [Int32]) -> Int {
        var a = 0, b = 0, n = 0
        while a < count && b < other.count {
            if self[a] < other[b] { a += 1 } else if self[a] > other[b] { b += 1 } else { n += 1; a += 1; b += 1 }
        }
        return n
    }
}
