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

    /// The highest-priced purchase of a customer per category (the first bought of equal prices).
    struct PriceProfile {
        /// Reference purchases, one per category, in order of first appearance; a customer buys
        /// in few categories, so a scan beats hashing.
        private var references: [(category: Int32, price: Double, product: Int)] = []

        /// Borrows `data` (a copy would retain each of its arrays, once per customer).
        init(customer u: Int, data: borrowing ScoringData) {
            for k in data.purchases.pairs(ofCustomer: u) {
                let i = Int(data.purchases.product[k])
                let price = data.price[i], c = data.category[i]
                guard price.isFinite, c >= 0 else { continue }
                if let n = references.firstIndex(where: { $0.category == c }) {
                    if references[n].price < price { references[n] = (c, price, i) }
                } else {
                    references.append((c, price, i))
                }
            }
        }

        /// The reference purchase in category `c`, if the customer buys there.
        func reference(inCategory c: Int32) -> (price: Double, product: Int)? {
            references.first { $0.category == c }.map { ($0.price, $0.product) }
        }
    }

    /// The kind of whitespot `i` for a customer of segment `g`, with the purchase it is
    /// compared with: up-sell (a pricier version, at most +`upSellMaxIncrease`, in a category
    /// they buy and with a penetration term, the segment's shrunk share, at least that of their
    /// reference purchase), else
    /// cross-sell. Never rejects: the rules label whitespots, they do not remove them.
    func classify(_ i: Int, segment g: Int, profile: PriceProfile) -> (kind: RecommendationKind, anchor: Int?) {
        let rules = configuration.rules
        let price = data.price[i], c = data.category[i]
        if rules.upSell, price.isFinite, c >= 0, let ref = profile.reference(inCategory: c), price > ref.price,
           price <= ref.price * (1 + rules.upSellMaxIncrease) {
            let p = data.products.count
            if share[g * p + i] >= share[g * p + ref.product] { return (.upSell, ref.product) }
        }
        return (.crossSell, nil)
    }

    /// Whether customer `u` still buys the product of pair `k`: their last purchase of it lies
    /// within the larger of the life-cycle window (the data's default when the rule is off) and
    /// twice their average interval between its purchases (T_u / lines), and never more than a
    /// year before the reference day.
    func stillBuys(pair k: Int, customer u: Int) -> Bool {
        let p = data.purchases
        let ownInterval = 2 * Double(data.exposureDays[u]) / Double(max(1, p.lines[k]))
        let lifeCycle = activeWindowDays > 0 ? activeWindowDays : data.lifeCycle.defaultWindowDays
        let window = min(365, max(Double(lifeCycle), ownInterval))
        return Double(data.referenceDay - p.lastDay[k]) <= window
    }

    /// Deep-sell picks of a ranked customer: products they still buy, below the segment's
    /// median yearly quantity.
    func deepSells(for ranked: RankedRow, segment g: Int) -> [Pick] {
        let rules = configuration.rules
        let p = data.purchases, u = ranked.customer, productCount = data.products.count
        var picks: [Pick] = []
        let first = p.rowStart[u]
        for k in p.pairs(ofCustomer: u) where p.lastDay[k] >= reactivationDay {
            let i = Int(p.product[k])
            let raw = ranked.purchasedRaw.isEmpty ? 0 : ranked.purchasedRaw[k - first]
            let cell = g * productCount + i
            guard eligible[i], data.penetration.buyers[cell] >= rules.deepSellMinimumBuyers,
                  stillBuys(pair: k, customer: u) else { continue }
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

    /// The rows of one ranked customer in list order: the first `top` whitespots labelled by
    /// the rules, and (unless `withDeepSells` is false) the deep-sells where
    /// ``SalesRules/deepSells`` puts them.
    func picks(for ranked: RankedRow, withDeepSells: Bool = true) -> [Pick] {
        let u = ranked.customer, g = Int(data.segments.ofCustomer[u])
        let top = configuration.top, rules = configuration.rules
        let profile = rules.enabled ? PriceProfile(customer: u, data: data) : PriceProfile()
        var picks: [Pick] = zip(ranked.top.prefix(top), ranked.topRaw).map { candidate, s in
            let (key, i) = (candidate.key, Int(candidate.product))
            let (kind, anchor) = rules.enabled ? classify(i, segment: g, profile: profile) : (.crossSell, nil)
            let (score, _) = blended(candidate: s, product: i, segment: g, transform: ranked.transform)
            return Pick(product: i, kind: kind, score: score, key: key,
                        affinity: ranked.transform?.candidate(s), anchor: anchor, yearly: nil, median: nil)
        }
        guard withDeepSells && rules.offersDeepSells else { return picks }
        let ranks = data.byteRank
        let byKey: (Pick, Pick) -> Bool = { RankingOrder.precedes($0.key, rank: ranks[$0.product], $1.key, rank: ranks[$1.product]) }
        let deep = deepSells(for: ranked, segment: g).sorted(by: byKey)
        switch rules.deepSells {
        case .separate: picks += deep.prefix(rules.deepSellCount)
        case .mixed: picks = Array((picks + deep).sorted(by: byKey).prefix(top))
        case .off: break
        }
        return picks
    }

    /// The recommendations of one ranked customer: rules, order, reasons.
    func recommendations(for ranked: RankedRow) -> [Recommendation] {
        let g = Int(data.segments.ofCustomer[ranked.customer])
        var text: [UInt8] = []
        text.reserveCapacity(256)
        return picks(for: ranked).enumerated().map { n, pick in
            recommendation(pick, rank: n + 1, ranked: ranked, segment: g, text: &text)
        }
    }
}

extension Scorer.PriceProfile {
    /// A profile with no purchases (rules off).
    init() {}
}
