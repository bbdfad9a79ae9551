/// The sales rules (see ``SalesRules``) applied to a ranked row.
extension Scorer {
    /// A product chosen for a customer, before its reason is written.
    struct Pick {
        let product: Int
        let kind: RecommendationKind
        let score: Float
        let key: Float
        let affinity: Float?
        /// The bought product the rule compared with (up-sell: the reference purchase).
        let anchor: Int?
        /// Deep-sell: yearly quantity of the customer and the segment's median.
        let yearly: Double?
        let median: Double?
    }

    /// The highest-priced purchase of a customer per category and overall.
    struct PriceProfile {
        /// Reference purchase (price, product) per category index.
        var byCategory: [Int32: (price: Double, product: Int)] = [:]
        /// The customer's main purchase price (NaN when no purchase has a known price).
        var main = Double.nan

        init(customer u: Int, data: ScoringData) {
            let p = data.purchases
            for k in p.pairs(ofCustomer: u) {
                let i = Int(p.product[k])
                let price = data.price[i]
                guard price.isFinite else { continue }
                if !(main >= price) { main = price }
                let c = data.category[i]
                guard c >= 0 else { continue }
                if let ref = byCategory[c], ref.price >= price { continue }
                byCategory[c] = (price, i)
            }
        }
    }

    /// The rule that admits whitespot `i` for a customer of segment `g`, with its anchor, or
    /// nil when the rules do not offer it.
    func classify(_ i: Int, segment g: Int, profile: PriceProfile) -> (kind: RecommendationKind, anchor: Int?)? {
        let rules = configuration.rules
        let price = data.price[i]
        guard price.isFinite, profile.main.isFinite else { return (.crossSell, nil) }
        let c = data.category[i]
        if rules.upSell, c >= 0, let ref = profile.byCategory[c], price > ref.price,
           price <= ref.price * (1 + rules.upSellMaxIncrease) {
            let p = data.products.count
            if share[g * p + i] >= share[g * p + ref.product] { return (.upSell, ref.product) }
        }
        return price <= rules.crossSellPriceFraction * profile.main ? (.crossSell, nil) : nil
    }

    /// Deep-sell picks of a ranked customer: products bought below the segment's median
    /// yearly quantity.
    func deepSells(for ranked: RankedRow, segment g: Int) -> [Pick] {
        let rules = configuration.rules
        guard rules.deepSell else { return [] }
        let p = data.purchases, u = ranked.customer, productCount = data.products.count
        var picks: [Pick] = []
        let first = p.rowStart[u]
        for k in p.pairs(ofCustomer: u) where p.lastDay[k] >= reactivationDay {
            let i = Int(p.product[k])
            let raw = ranked.purchasedRaw.isEmpty ? 0 : ranked.purchasedRaw[k - first]
            let cell = g * productCount + i
            guard eligible[i], data.penetration.buyers[cell] >= rules.deepSellMinimumBuyers else { continue }
            let median = data.medianYearlyQuantity[cell]
            let yearly = data.yearlyQuantity(pair: k, customer: u)
            guard median.isFinite, median > 0, yearly < median else { continue }
            let gapShare = Float((median - yearly) / median)
            let (score, _) = blended(affinity: ranked.transform?(raw), product: i, segment: g)
            let scaled = score * gapShare
            var key = scaled
            if configuration.rankBy == .value {
                key = data.price[i].isFinite ? scaled * Float((median - yearly) * data.price[i]) : 0
            }
            picks.append(Pick(product: i, kind: .deepSell, score: scaled, key: key,
                              affinity: ranked.transform.map { $0(raw) }, anchor: nil,
                              yearly: yearly, median: median))
        }
        return picks
    }

    /// The recommendations of one ranked customer: rules, order, reasons.
    func recommendations(for ranked: RankedRow) -> [Recommendation] {
        let u = ranked.customer, g = Int(data.segments.ofCustomer[u])
        let top = configuration.top, rules = configuration.rules
        var picks: [Pick] = []
        func pick(_ i: Int, key: Float, kind: RecommendationKind, anchor: Int?) {
            let s = ranked.row[i]
            let (score, _) = blended(candidate: s, product: i, segment: g, transform: ranked.transform)
            picks.append(Pick(product: i, kind: kind, score: score, key: key,
                              affinity: ranked.transform?.candidate(s), anchor: anchor, yearly: nil, median: nil))
        }
        if !rules.enabled {
            for (key, i) in ranked.top.prefix(top) { pick(Int(i), key: key, kind: .crossSell, anchor: nil) }
        } else {
            let profile = PriceProfile(customer: u, data: data)
            var seen = Set<Int32>()
            for (key, i) in ranked.top where picks.count < top {
                seen.insert(i)
                if let (kind, anchor) = classify(Int(i), segment: g, profile: profile) {
                    pick(Int(i), key: key, kind: kind, anchor: anchor)
                }
            }
            if picks.count < top && ranked.top.count >= max(top, rules.candidatePool) {
                // The pool ran out: go through the remaining candidates in ranking order.
                var rest: [(key: Float, product: Int32)] = []
                for i in 0..<ranked.row.count where ranked.row[i] > -.infinity && !seen.contains(Int32(i)) {
                    rest.append((blended(candidate: ranked.row[i], product: i, segment: g, transform: ranked.transform).key, Int32(i)))
                }
                rest.sort { $0.key > $1.key || ($0.key == $1.key && data.byteRank[Int($0.product)] < data.byteRank[Int($1.product)]) }
                for (key, i) in rest where picks.count < top {
                    if let (kind, anchor) = classify(Int(i), segment: g, profile: profile) {
                        pick(Int(i), key: key, kind: kind, anchor: anchor)
                    }
                }
            }
            picks += deepSells(for: ranked, segment: g)
            picks.sort { $0.key > $1.key || ($0.key == $1.key && data.byteRank[$0.product] < data.byteRank[$1.product]) }
        }
        return picks.prefix(top).enumerated().map { n, pick in recommendation(pick, rank: n + 1, ranked: ranked, segment: g) }
    }
}
