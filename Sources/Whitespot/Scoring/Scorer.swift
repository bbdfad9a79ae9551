/// Ranks every customer's whitespots by a blend of model affinity and segment penetration,
/// applies the sales rules and explains each recommendation.
///
/// score_ui = w · a_ui + (1 − w) · pen(g_u, i), where a_ui is the customer's model score,
/// x_uᵀ y_i (ALS) or (x_u · B)_i (EASE), normalised to [0, 1] (``AffinityNormalization``),
/// pen(g, i) the share of segment g who bought i (``ScoringData/penetration``; when the model has a
/// ``WhitespotModel/penetrationWindowDays`` D, the share who bought it in the D days before the
/// reference day, ``SegmentPenetration/recent(matrix:segments:windowDays:referenceDay:)``),
/// shrunk toward the share of all customers by m customers,
/// pen(g, i) = (b_gi + m · p_i) / (n_g + m) (``PenetrationShrinkage``; m estimated from the same
/// table unless the configuration fixes it, ``shrinkageStrength``; reasons always quote the
/// observed all-time share) and w the blend
/// weight (configuration, else the model's tuned ``WhitespotModel/blend``, else ``ScoringConfiguration/defaultBlend``). Under
/// `rankBy: .value` the ranking key is score × E(g_u, i), the expected revenue.
/// Customers on the segment-only path (no purchases of any model product, unknown to the
/// model) are ranked by pen(g_u, i) alone. Equal keys are ordered by product id in UTF-8
/// byte order.
///
/// ```swift
/// let scorer = try Scorer(model: model, lines: orders, configuration: ScoringConfiguration())
/// guard let id = scorer.data.customers.index(of: "C-1042") else { return }
/// let u = Int(id)
/// scorer.ranking(forCustomer: u, top: 10)          // plain whitespot ranking (evaluation)
/// scorer.recommendations(forCustomer: u)           // sales rules + reasons
/// scorer.scores(forCustomer: u).score              // every product's blended score
/// ```
public struct Scorer: Sendable {
    /// The trained model.
    public let model: WhitespotModel
    /// The orders being scored, in the model's product space.
    public let data: ScoringData
    /// The options this scorer applies.
    public let configuration: ScoringConfiguration
    /// The blend weight w in effect.
    public let blendWeight: Double

    /// w and 1 − w as Float, computed once so that every path uses the same values.
    let w: Float, oneMinusW: Float
    /// The product life-cycle window in effect, in days (0: off).
    public let activeWindowDays: Int
    /// Whether that window is the data-derived default, which each product widens to its own
    /// longest gap between sales (``ProductLifeCycle/productWindow(_:base:)``); false for an
    /// explicit window, one for every product.
    public let productWindows: Bool
    /// Products left out because nobody bought them within the window (and not excluded otherwise).
    public let inactiveProducts: Int
    /// Products chosen by the candidate options: not excluded, in the chosen categories.
    let chosen: [Bool]
    /// Products that may be candidates at all: chosen and active.
    let eligible: [Bool]
    /// The products that may not, ascending.
    let ineligible: [Int32]
    /// The prior strength m of the penetration term in effect, in customers (``PenetrationShrinkage``;
    /// `.infinity`: every segment gets the all-customer share).
    public let shrinkageStrength: Double
    /// The penetration term as Float, segment-major: the shrunk shares (over the model's
    /// trailing window, if any).
    let share: [Float]
    /// The largest penetration of any product in each segment.
    let segmentMaxShare: [Float]
    /// Expected revenue as Float (0 where unknown), segment-major; empty unless ranking by value.
    let revenueWeight: [Float]
    /// Pairs whose last purchase is before this day are candidates again (re-activation).
    let reactivationDay: Int32
    /// Euclidean norm of every product's embedding (for "like you" similarities).
    let productNorms: [Float]
    /// How reasons name each segment's customers (see ``segmentPhrases(_:)``).
    let segmentPhrases: [String]
    /// The "like you" groups of product pairs found so far, shared by every copy of this scorer.
    let likeYouCache = LikeYouGroupCache()
    /// Fold-in against the model's products, for customers the model does not know (nil
    /// without factors: an item–item model scores any customer from their purchases).
    let folding: FoldIn?

    /// Prepares scoring of `lines` with `model`.
    ///
    /// - Throws: ``ScoringError`` when the configuration cannot apply to this data (blend
    ///   outside [0, 1], ranking by value without revenue, unknown categories, top < 1, or
    ///   orders none of whose purchases are of the model's products).
    public init(model: WhitespotModel, lines: OrderLines, configuration: ScoringConfiguration = ScoringConfiguration()) throws {
        try self.init(model: model, data: ScoringData(model: model, lines: lines), configuration: configuration)
    }

    /// Prepares scoring against already prepared data (see ``ScoringData``).
    public init(model: WhitespotModel, data: ScoringData, configuration: ScoringConfiguration) throws {
        let w = configuration.blend ?? model.blend ?? ScoringConfiguration.defaultBlend
        guard (0...1).contains(w) else { throw ScoringError.blendOutOfRange(w) }
        guard configuration.top >= 1 else { throw ScoringError.topBelowOne(configuration.top) }
        if configuration.rankBy == .value && !data.hasRevenue {
            throw ScoringError.valueRankingWithoutRevenue
        }
        if data.customers.count > 0 && data.purchases.pairCount == 0 {
            throw ScoringError.noKnownProducts(
                modelProducts: data.products.count, example: data.products.count > 0 ? data.products[0] : nil)
        }
        let productCount = data.products.count
        var chosen = [Bool](repeating: true, count: productCount)
        for id in configuration.excludedProducts {
            if let i = data.products.index(of: id) { chosen[Int(i)] = false }
        }
        if let wanted = configuration.categories {
            let unknown = wanted.filter { data.categories.index(of: $0) == nil }.sorted()
            guard unknown.isEmpty else {
                throw ScoringError.unknownCategories(unknown, known: data.categories.ids.sorted())
            }
            for i in 0..<productCount {
                let c = data.category[i]
                if c < 0 || !wanted.contains(data.categories[Int(c)]) { chosen[i] = false }
            }
        }
        let window = configuration.activeWithinDays ?? data.lifeCycle.defaultWindowDays
        guard window >= 0 else { throw ScoringError.negativeActiveWindow(window) }
        let productWindows = configuration.activeWithinDays == nil
        let eligible = (0..<productCount).map {
            chosen[$0] && Scorer.isActive($0, life: data.lifeCycle, window: window, productWindows: productWindows, referenceDay: data.referenceDay)
        }
        self.activeWindowDays = window
        self.productWindows = productWindows
        self.inactiveProducts = (0..<productCount).filter { chosen[$0] && !eligible[$0] }.count
        self.chosen = chosen
        self.model = model
        self.data = data
        self.configuration = configuration
        self.blendWeight = w
        self.w = Float(w)
        self.oneMinusW = Float(1 - w)
        self.eligible = eligible
        self.ineligible = eligible.indices.filter { !eligible[$0] }.map { Int32($0) }
        let table = model.penetrationWindowDays.map {
            SegmentPenetration.recent(matrix: data.purchases, segments: data.segments, windowDays: $0, referenceDay: data.referenceDay)
        } ?? data.penetration
        let strength = table.strength(of: configuration.penetrationShrinkage)
        guard strength >= 0 else { throw ScoringError.negativeShrinkage(strength) }
        self.shrinkageStrength = strength
        self.share = table.shrunkFloatShares(strength: strength)
        self.segmentMaxShare = (0 ..< data.penetration.segmentCount).map { [share] g in
            share[g * data.products.count ..< (g + 1) * data.products.count].max() ?? 0
        }
        self.revenueWeight = configuration.rankBy == .value
            ? data.expectedRevenue.map { $0.isFinite ? Float($0) : 0 } : []
        if let months = configuration.reactivationMonths {
            // More months than 10 million (beyond any calendar) mean the same as 10 million.
            self.reactivationDay = data.lastDay - Int32((Double(min(months, 10_000_000)) * 30.44).rounded())
        } else {
            self.reactivationDay = .min
        }
        self.segmentPhrases = Scorer.segmentPhrases(data.segments)
        let k = model.factors
        // No factors (no products, or k = 0): every norm is 0.
        self.productNorms = model.productFactors.isEmpty ? [Float](repeating: 0, count: productCount) : model.productFactors.withBase { y in
            (0..<productCount).map { i in VectorKernels.dot(y + i * k, y + i * k, k).squareRoot() }
        }
        self.folding = model.family.usesFactors ? FoldIn(model: model) : nil
    }

    /// How customer `u`'s affinities are obtained.
    public func path(ofCustomer u: Int) -> ScoringPath {
        if data.modelCustomer[u] >= 0 { return .model }
        return data.purchases.pairs(ofCustomer: u).isEmpty ? .segmentOnly : .foldedIn
    }

    /// Customer `u`'s embedding x_u, nil on the segment-only path and for models without factors.
    ///
    /// Model path: the model's row. Folded-in path: ``FoldIn`` over the customer's purchases
    /// with the model's confidence formula, ages measured to the last day of the orders.
    public func factors(ofCustomer u: Int) -> [Float]? {
        guard let folding else { return nil }
        let m = Int(data.modelCustomer[u])
        let k = model.factors
        if m >= 0 { return Array(model.customerFactors[m * k ..< (m + 1) * k]) }
        let pairs = data.purchases.pairs(ofCustomer: u)
        guard !pairs.isEmpty else { return nil }
        let p = data.purchases
        return folding.foldIn(
            productIndices: Array(p.product[pairs]),
            confidences: pairs.map {
                model.parameters.confidence(
                    lines: p.lines[$0], quantity: p.quantity[$0], revenue: p.revenue[$0],
                    ageDays: data.lastDay - p.lastDay[$0])
            })
    }

    /// Customer `u`'s row x_u of the item–item model: each purchase's product and value
    /// (``EASEParameters/rowValue(lines:ageDays:)``, ages measured to the last day of the
    /// orders), products ascending; empty for customers without purchases or a model without B.
    /// Any customer with purchases is scored: new customers need no fold-in.
    public func itemRow(ofCustomer u: Int) -> [(product: Int, value: Float)] {
        guard let ease = model.ease else { return [] }
        let p = data.purchases
        return p.pairs(ofCustomer: u).map { k in
            (Int(p.product[k]), ease.rowValue(lines: p.lines[k], ageDays: data.lastDay - p.lastDay[k]))
        }
    }

    /// Whether product `i` is a candidate for customer `u`: eligible (chosen and active), not a
    /// variant of another product they buy, and not bought, or bought before the re-activation day.
    public func isCandidate(_ i: Int, forCustomer u: Int) -> Bool {
        guard eligible[i], !isVariantOfPurchase(i, customer: u) else { return false }
        guard let k = data.purchases.pair(customer: u, product: i) else { return true }
        return data.purchases.lastDay[k] < reactivationDay
    }

    /// Whether product `i` sold within the active window, its own with the default window
    /// (always true with the window off).
    public func isActive(_ i: Int) -> Bool {
        Scorer.isActive(i, life: data.lifeCycle, window: activeWindowDays, productWindows: productWindows, referenceDay: data.referenceDay)
    }

    /// Whether product `i` of `life` is active at `referenceDay` under `window` days, widened to
    /// the product's own window when `productWindows`.
    private static func isActive(_ i: Int, life: ProductLifeCycle, window: Int, productWindows: Bool, referenceDay: Int32) -> Bool {
        productWindows ? life.isActive(i, base: window, referenceDay: referenceDay) : life.isActive(i, window: window, referenceDay: referenceDay)
    }

    /// Whether customer `u` buys another member of product `i`'s family (always false when
    /// variants are kept).
    public func isVariantOfPurchase(_ i: Int, customer u: Int) -> Bool {
        guard configuration.excludeVariants, data.families.familyOf[i] >= 0 else { return false }
        return data.families.members(ofFamilyOf: i).contains { m in
            Int(m) != i && data.purchases.pair(customer: u, product: Int(m)) != nil
        }
    }

    /// The products customer `u` may not be offered because they buy another member of their
    /// family, ascending (empty when variants are kept).
    func variantsOfPurchases(customer u: Int) -> [Int32] {
        guard configuration.excludeVariants, data.families.sharedNames > 0 else { return [] }
        let p = data.purchases
        var out: [Int32] = []
        for k in p.pairs(ofCustomer: u) where data.families.familyOf[Int(p.product[k])] >= 0 {
            for m in data.families.members(ofFamilyOf: Int(p.product[k])) where m != p.product[k] { out.append(m) }
        }
        guard out.count > 1 else { return out }
        out.sort()
        var unique = 0
        for m in out where unique == 0 || out[unique - 1] != m {
            out[unique] = m
            unique += 1
        }
        return Array(out.prefix(unique))
    }
}
