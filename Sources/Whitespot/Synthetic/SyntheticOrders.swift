/// Synthetic order lines with planted structure, deterministic by seed: the data behind
/// `whitespot generate`, the demo, tests and benchmarks.
///
/// What is planted (so that a good recommender has something to find):
/// - **Product groups.** Products fall into categories (product groups); within a category,
///   popularity follows a power law: the product of popularity rank r has weight 1/(r+1)^1.1.
/// - **Segments prefer groups.** Each customer segment has two preferred categories: a
///   customer picks the first for 40 % of purchases, the second for 25 %, a personal favourite
///   for 15 %, and any category for the remaining 20 %.
/// - **Main products, accessories, consumables.** In each category, popularity ranks cycle
///   through main products (5 of every 10), accessories (3) and consumables (2). Every accessory
///   belongs to one main product of its category and costs 5–20 % of it; after buying a main
///   product a customer adds one of its accessories to the same order with probability 0.5.
/// - **Repeat purchases.** Consumables are cheap and bought again: once a customer has some,
///   30 % of their later purchases re-order one of them.
/// - **Activity.** Lines per customer follow a Pareto(1.6) weight (a few heavy buyers);
///   customers start within the first 70 % of the date range, and a quarter stop early.
/// - **Returns.** A fraction `returnRate` of purchases is returned in full 1–15 days later
///   (a line with negative quantity), so netting has something to do.
///
/// ```swift
/// let data = SyntheticOrders(.init(customers: 1000, products: 200, lines: 20000, seed: 7))
/// let lines = data.orderLines()       // in process, no CSV
/// try data.writeOrders(to: "orders.csv")
/// ```
public struct SyntheticOrders: Sendable {
    /// Sizes and knobs.
    public struct Parameters: Sendable, Equatable {
        /// Number of customers (some may end up with no lines when `lines` is small).
        public var customers: Int
        /// Number of products.
        public var products: Int
        /// Number of order lines, returns included.
        public var lines: Int
        /// Random seed.
        public var seed: UInt64
        /// First order day (days since 1970-01-01); default 2023-01-01.
        public var firstDay: Int32 = Days.from(year: 2023, month: 1, day: 1)
        /// Length of the date range in days (default two years).
        public var days = 730
        /// Share of purchases that are later returned.
        public var returnRate = 0.015

        /// Parameters with default dates and return rate.
        public init(customers: Int, products: Int, lines: Int, seed: UInt64) {
            self.customers = customers
            self.products = products
            self.lines = lines
            self.seed = seed
        }
    }

    /// The role of a product in the planted structure.
    public enum ProductKind: String, Sendable, Codable {
        /// A main product (bought once, accessories follow).
        case main
        /// An add-on for one main product.
        case accessory
        /// A cheap product bought repeatedly.
        case consumable
    }

    /// Segment names (the first `min(6, customers)` are used).
    public static let segmentNames = ["Retail", "Hotels", "Health", "Schools", "Industry", "Offices"]
    /// Category names (the first `categoryCount` are used).
    public static let categoryNames = [
        "Coffee", "Printing", "Cleaning", "Safety", "Furniture", "Lighting", "Kitchen", "Paper",
        "Tools", "Storage", "Computers", "Phones", "Audio", "Garden", "Medical", "Textiles",
        "Packaging", "Signage", "Heating", "Plumbing", "Electrical", "Catering", "Sports", "Toys",
    ]

    /// The parameters used.
    public let parameters: Parameters
    /// Number of categories: products / 40, clamped to 1…24.
    public let categoryCount: Int
    /// Category of each product.
    public let categoryOfProduct: [Int32]
    /// Kind of each product.
    public let kind: [ProductKind]
    /// For an accessory, its main product; -1 otherwise.
    public let accessoryOf: [Int32]
    /// List price of each product in cents.
    public let priceCents: [Int64]
    /// The two preferred categories of each segment.
    public let preferredCategories: [[Int32]]
    /// Segment of each customer.
    public let segmentOfCustomer: [Int32]

    /// Customer of each line (lines are in date order; within a day, in generation order).
    public let customer: [Int32]
    /// Product of each line.
    public let product: [Int32]
    /// Day of each line (days since 1970-01-01).
    public let day: [Int32]
    /// Quantity of each line (negative for returns).
    public let quantity: [Int32]

    /// Customer id text: `C1`, `C2`, …
    public static func customerId(_ u: Int) -> String { "C\(u + 1)" }
    /// Product id text: `P1`, `P2`, …
    public static func productId(_ p: Int) -> String { "P\(p + 1)" }

    /// Number of lines.
    public var count: Int { customer.count }

    /// Generates the data.
    /// - Complexity: O(lines + products + customers); about a second per 5 million lines.
    public init(_ parameters: Parameters) {
        precondition(parameters.customers > 0 && parameters.products > 0 && parameters.lines >= 0 && parameters.days > 0)
        self.parameters = parameters
        var rng = SplitMix64(seed: parameters.seed)
        let catalog = PlantedCatalog(products: parameters.products, customers: parameters.customers, rng: &rng)
        categoryCount = catalog.categoryCount
        categoryOfProduct = catalog.category
        kind = catalog.kind
        accessoryOf = catalog.accessoryOf
        priceCents = catalog.priceCents
        preferredCategories = catalog.preferred
        segmentOfCustomer = catalog.segmentOfCustomer
        var lines = PlantedLines(parameters: parameters, catalog: catalog)
        lines.generate(rng: &rng)
        (customer, product, day, quantity) = lines.sortedByDay(firstDay: parameters.firstDay)
    }
}
