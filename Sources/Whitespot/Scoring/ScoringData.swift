/// The order data a model scores against, re-indexed to the model's products.
///
/// Built once per scoring run from the orders given to `score`: purchases, segments and
/// penetration reflect those orders (the current truth), products are the model's (the ones
/// with embeddings; order lines of other products are ignored), customers are the orders'.
///
/// - Unit price p_i: the catalogue price when known and positive, else the median of
///   revenue / quantity over the product's lines with positive quantity and revenue among the
///   lines given (in an evaluation: the train lines only, so no price comes from the future).
/// - Life cycle (``lifeCycle``) and variant families (``families``) come from the same lines.
/// - Expected revenue E(g, i): the median net revenue per buyer of i among buyers in segment
///   g; when g has no buyer of i, the median over all buyers of i; NaN without revenue data.
/// - Yearly quantity of a pair: net quantity × 365 / T_u, with T_u = max(91, last day of the
///   orders − customer's first purchase day + 1).
public struct ScoringData: Sendable {
    /// Shortest exposure (days) used for yearly quantities, so new customers are not extrapolated wildly.
    public static let minimumExposureDays: Int32 = 91

    /// Customer ids of the orders (indices used by every scoring API).
    public let customers: Vocabulary
    /// The model's product ids (indices used by every scoring API).
    public let products: Vocabulary
    /// Model row of each customer, or -1 when the model does not know them.
    public let modelCustomer: [Int32]
    /// Purchases of the orders' customers over the model's products.
    public let purchases: PurchaseMatrix
    /// Segment of each customer, formed from the orders as the model's segments were.
    public let segments: CustomerSegments
    /// Segment × product penetration over ``purchases``.
    public let penetration: SegmentPenetration
    /// Category names; ``category`` indexes this.
    public let categories: Vocabulary
    /// Category of each product, or -1 when unknown.
    public let category: [Int32]
    /// Display name of each product (its id when the orders name none).
    public let names: [String]
    /// Unit price of each product (NaN when unknown).
    public let price: [Double]
    /// Whether the orders carry revenue.
    public let hasRevenue: Bool
    /// Expected revenue E(g, i), segment-major (segments × products).
    public let expectedRevenue: [Double]
    /// Median yearly quantity of buyers per (segment, product), segment-major; NaN without buyers.
    public let medianYearlyQuantity: [Double]
    /// Exposure T_u in days of each customer (see the type's documentation).
    public let exposureDays: [Int32]
    /// Last order day in the data.
    public let lastDay: Int32
    /// The day "now" is for the product life cycle: the day after the last line, or the
    /// evaluation's cutoff.
    public let referenceDay: Int32
    /// When each product last sold, and the data-derived active window.
    public let lifeCycle: ProductLifeCycle
    /// Products that share a normalised name (and category): one product under several codes.
    public let families: ProductFamilies
    /// Rank of each product id in UTF-8 byte order (the protocol's tie-break).
    public let byteRank: [Int32]
    /// Buyers of the most-bought products as bitsets, for the reasons' "like you" counts.
    public let buyerBits: BuyerBitsets

    /// Prepares `lines` for scoring with `model`; segments are formed as the model's were,
    /// unless `segmentSource` says otherwise. RFM recency and the product life cycle are
    /// measured to `referenceDay` (default: the day after the last line; the evaluation passes
    /// its cutoff).
    /// - Complexity: O(lines + pairs · log pairs + segments · products).
    public init(model: WhitespotModel, lines: OrderLines, segmentSource: SegmentSource? = nil, referenceDay: Int32? = nil) {
        let productCount = model.products.count
        var toModel = [Int32](repeating: -1, count: lines.products.count)
        for p in 0..<lines.products.count {
            toModel[p] = model.products.index(of: lines.products[p]) ?? -1
        }
        // The lines of products the model knows, in model product ids. When the model's products
        // are those of the lines in the same order (scoring the data it was trained on), that is
        // every line as it is, and the columns are shared instead of copied.
        let sameProducts = toModel.indices.allSatisfy { toModel[$0] == Int32($0) }
        var customer: [Int32] = [], product: [Int32] = [], day: [Int32] = []
        var quantity: [Double] = [], revenue: [Double] = []
        if sameProducts {
            customer = lines.customer; product = lines.product; day = lines.day
            quantity = lines.quantity; revenue = lines.revenue
        } else {
            customer.reserveCapacity(lines.count); product.reserveCapacity(lines.count)
            day.reserveCapacity(lines.count); quantity.reserveCapacity(lines.count)
            revenue.reserveCapacity(lines.count)
        }
        var lastDay = Int32.min
        var firstDay = [Int32](repeating: .max, count: lines.customers.count)
        for i in 0..<lines.count {
            lastDay = max(lastDay, lines.day[i])
            let c = Int(lines.customer[i])
            firstDay[c] = min(firstDay[c], lines.day[i])
            guard !sameProducts else { continue }
            let m = toModel[Int(lines.product[i])]
            guard m >= 0 else { continue }
            customer.append(lines.customer[i]); product.append(m); day.append(lines.day[i])
            quantity.append(lines.quantity[i]); revenue.append(lines.revenue[i])
        }
        let purchases = PurchaseMatrix(
            customerCount: lines.customers.count, productCount: productCount,
            customer: customer, product: product, day: day, quantity: quantity, revenue: revenue)
        let segments = CustomerSegments(lines, by: segmentSource ?? model.segmentSource, referenceDay: referenceDay)
        let penetration = SegmentPenetration(matrix: purchases, segments: segments)

        self.customers = lines.customers
        self.products = model.products
        self.modelCustomer = (0..<lines.customers.count).map { model.customers.index(of: lines.customers[$0]) ?? -1 }
        self.purchases = purchases
        self.buyerBits = BuyerBitsets(purchases)
        self.segments = segments
        self.penetration = penetration
        self.lastDay = lastDay == .min ? 0 : lastDay
        self.referenceDay = referenceDay ?? self.lastDay + 1
        self.lifeCycle = ProductLifeCycle(productCount: productCount, product: product, day: day, quantity: quantity)
        self.hasRevenue = lines.hasRevenue
        self.byteRank = model.products.byteOrderRanks()

        // Catalogue attributes in model product space.
        var categories = Vocabulary()
        var category = [Int32](repeating: -1, count: productCount)
        var names = model.products.ids
        var given = [String?](repeating: nil, count: productCount)
        var price = [Double](repeating: .nan, count: productCount)
        for p in 0..<lines.products.count {
            let m = Int(toModel[p])
            guard m >= 0 else { continue }
            if let c = lines.catalog.categoryName(of: p) { category[m] = categories.intern(c) }
            if p < lines.catalog.name.count, let name = lines.catalog.name[p], !name.isEmpty {
                names[m] = name
                given[m] = name
            }
            if p < lines.catalog.price.count, lines.catalog.price[p] > 0 { price[m] = lines.catalog.price[p] }
        }
        // Unit prices of the lines grouped by product as they are read: no per-line arrays.
        let medianPrice = GroupedMedians.compute(count: product.count, groupCount: productCount) { j in
            quantity[j] > 0 && revenue[j] > 0 && price[Int(product[j])].isNaN ? (Int(product[j]), revenue[j] / quantity[j]) : (-1, 0)
        }
        for m in 0..<productCount where price[m].isNaN { price[m] = medianPrice[m] }
        self.categories = categories
        self.category = category
        self.names = names
        self.price = price
        self.families = ProductFamilies(names: given, category: category)

        // Per-pair values grouped by (segment, product) and by product.
        var exposure = [Int32](repeating: ScoringData.minimumExposureDays, count: lines.customers.count)
        for u in 0..<exposure.count where firstDay[u] != .max {
            exposure[u] = max(ScoringData.minimumExposureDays, self.lastDay - firstDay[u] + 1)
        }
        self.exposureDays = exposure
        let segmentCount = segments.names.count
        // The customer of each pair; a pair's cell and yearly quantity are derived when grouped,
        // not stored per pair.
        var pairCustomer = [Int32](repeating: 0, count: purchases.pairCount)
        for u in 0..<purchases.customerCount {
            for k in purchases.pairs(ofCustomer: u) { pairCustomer[k] = Int32(u) }
        }
        let cells = segmentCount * productCount
        let pairs = purchases.pairCount
        func cell(_ k: Int) -> Int { Int(segments.ofCustomer[Int(pairCustomer[k])]) * productCount + Int(purchases.product[k]) }
        self.medianYearlyQuantity = GroupedMedians.compute(count: pairs, groupCount: cells) { k in
            (cell(k), purchases.quantity[k] * 365 / Double(exposure[Int(pairCustomer[k])]))
        }
        if lines.hasRevenue {
            var expected = GroupedMedians.compute(count: pairs, groupCount: cells) { k in (cell(k), purchases.revenue[k]) }
            let overall = GroupedMedians.compute(count: pairs, groupCount: productCount) { k in (Int(purchases.product[k]), purchases.revenue[k]) }
            for c in 0..<cells where expected[c].isNaN { expected[c] = overall[c % productCount] }
            self.expectedRevenue = expected
        } else {
            self.expectedRevenue = [Double](repeating: .nan, count: cells)
        }
    }

    /// Yearly quantity of pair `k` of customer `u` (see the type's documentation).
    public func yearlyQuantity(pair k: Int, customer u: Int) -> Double {
        purchases.quantity[k] * 365 / Double(exposureDays[u])
    }
}
