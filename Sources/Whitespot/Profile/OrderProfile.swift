/// A profile of an order file that a person reads in ten seconds: what was read and dropped,
/// how many customers, products and purchases, segments, dates, top products, density.
///
/// ```swift
/// let (lines, report) = try OrderReader.read(path: "orders.csv", options: IngestOptions())
/// let profile = OrderProfile(lines: lines, report: report, segments: CustomerSegments(lines, by: .rfm), segmentSource: .rfm)
/// print(profile.text)
/// ```
public struct OrderProfile: Sendable, Codable {
    /// A segment and its size.
    public struct Segment: Sendable, Codable, Equatable {
        /// Segment name.
        public var name: String
        /// Customers in it.
        public var customers: Int
        /// Share of all customers.
        public var share: Double
    }

    /// A product among the most bought.
    public struct Product: Sendable, Codable, Equatable {
        /// Product id.
        public var id: String
        /// Display name, when known.
        public var name: String?
        /// Category, when known.
        public var category: String?
        /// Distinct customers with a purchase (positive net quantity).
        public var buyers: Int
        /// Share of all customers who bought it.
        public var share: Double
        /// Net revenue over its purchases.
        public var revenue: Double
    }

    /// What ingest read, kept and skipped.
    public var ingest: IngestReport
    /// Distinct customers.
    public var customers: Int
    /// Distinct products (after any roll-up).
    public var products: Int
    /// Distinct product categories known.
    public var categories: Int
    /// Distinct order ids, when the input has an order column.
    public var orders: Int?
    /// Customer-product purchases (pairs with positive net quantity).
    public var purchases: Int
    /// Customer-product combinations whose returns cancelled every purchase.
    public var nettedOutPairs: Int
    /// purchases / (customers × products).
    public var density: Double
    /// Net revenue of all kept lines, when the input has revenue or prices.
    public var revenue: Double?
    /// Where segments come from.
    public var segmentSource: SegmentSource
    /// Segments, largest first.
    public var segments: [Segment]
    /// Products with the most buyers, most first (ties by id in UTF-8 byte order, ``RankingOrder``).
    public var topProducts: [Product]
    /// The data-derived product life-cycle window (``ProductLifeCycle/defaultWindowDays``).
    public var activeWindowDays: Int
    /// Products nobody bought within that window, nor within their own longest gap between
    /// sales, before the day after the last line: what `score` leaves out by default.
    public var inactiveProducts: Int
    /// Names (within a category) that span several product codes: variant families.
    public var sharedNames: Int
    /// Product codes in those families.
    public var codesInSharedNames: Int

    /// Profiles `lines` (read with `report`) under the given segments.
    ///
    /// Takes the lines by value and drops their segment and order columns before building the
    /// purchase matrix, so a caller that hands over its last copy keeps peak memory low.
    /// - Complexity: O(lines · log(lines per customer) + products · log products).
    public init(
        lines: consuming OrderLines, report: IngestReport,
        segments: CustomerSegments, segmentSource: SegmentSource, top: Int = 10
    ) {
        lines.segment = []
        lines.order = []
        let matrix = PurchaseMatrix(copy lines)
        ingest = report
        customers = lines.customers.count
        products = lines.products.count
        categories = lines.catalog.categories.count
        orders = lines.orders.count > 0 ? lines.orders.count : nil
        purchases = matrix.pairCount
        nettedOutPairs = matrix.nettedOutPairs
        density = matrix.density
        revenue = lines.hasRevenue ? lines.revenue.reduce(0, +) : nil
        let life = ProductLifeCycle(productCount: products, product: lines.product, day: lines.day, quantity: lines.quantity)
        let now = (lines.day.max() ?? 0) + 1
        activeWindowDays = life.defaultWindowDays
        inactiveProducts = (0..<products).filter { !life.isActive($0, base: life.defaultWindowDays, referenceDay: now) }.count
        var names = lines.catalog.name, category = lines.catalog.category
        names += [String?](repeating: nil, count: max(0, products - names.count))
        category += [Int32](repeating: -1, count: max(0, products - category.count))
        let families = ProductFamilies(names: names, category: category)
        sharedNames = families.sharedNames
        codesInSharedNames = families.codesInSharedNames
        self.segmentSource = segmentSource
        let sizes = segments.sizes
        let n = max(1, customers)
        self.segments = sizes.indices
            .map { Segment(name: segments.names[$0], customers: sizes[$0], share: Double(sizes[$0]) / Double(n)) }
            .sorted { $0.customers != $1.customers ? $0.customers > $1.customers : $0.name < $1.name }
        var productRevenue = [Double](repeating: 0, count: products)
        for k in 0..<matrix.pairCount { productRevenue[Int(matrix.product[k])] += matrix.revenue[k] }
        let ranks = lines.products.byteOrderRanks()
        let ranked = (0..<products).sorted {
            RankingOrder.precedes(matrix.buyerCount(ofProduct: $0), rank: ranks[$0], matrix.buyerCount(ofProduct: $1), rank: ranks[$1])
        }
        topProducts = ranked.prefix(top).map { p in
            Product(id: lines.products[p], name: lines.catalog.name.indices.contains(p) ? lines.catalog.name[p] : nil,
                    category: lines.catalog.categoryName(of: p), buyers: matrix.buyerCount(ofProduct: p),
                    share: Double(matrix.buyerCount(ofProduct: p)) / Double(n), revenue: productRevenue[p])
        }
    }
}
