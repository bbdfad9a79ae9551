/// Synthetic order lines with planted structure, deterministic by seed: the data behind
/// `whitespot generate`, the demo, tests and benchmarks.
///
/// What is planted (so that a good recommender has something to find):
/// - **Product groups.** Products fall into categories (product groups); within a category,
///   popularity follows a power law: the product of popularity rank r has weight 1/(r+1)^1.1.
/// - **Segments prefer groups.** Each customer segment has two preferred categories. A
///   segment-driven purchase picks the first for 55 %, the second for 30 % and any category
///   for 15 % of purchases; within the category, a main product (65 %) or a consumable (35 %).
/// - **Personal styles.** Main products and consumables also belong to one of
///   `styleCount = max(1, products / 20)` styles (latent clusters drawn uniformly at random,
///   so they cut across categories). Each customer has one personal style, or two with
///   probability 0.5, drawn independently of their segment, and a personal share `t` drawn
///   uniformly from 0.3…0.8: a new (non-repeat) purchase comes from a personal style with
///   probability `t` (a style chosen uniformly, then a product by popularity) and is
///   segment-driven otherwise. A segment table cannot see this taste; co-purchase and
///   latent-factor models can.
/// - **Main products, accessories, consumables.** In each category, popularity ranks cycle
///   through main products (5 of every 10), accessories (3) and consumables (2). Every accessory
///   belongs to one main product of its category and costs 5–20 % of it. After buying a main
///   product, a customer buys one of its accessories with probability 0.7: in the same order
///   with probability 0.4 (basket rules see these), otherwise 3–92 days later (uniform) if that
///   day is still within their active period (a held-out period sees these).
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

    /// Products per style: `styleCount = max(1, products / productsPerStyle)`.
    public static let productsPerStyle = 20
    /// Range of a customer's personal share: the probability that a new purchase comes from
    /// one of their personal styles rather than from their segment's preferences.
    public static let personalShareRange = 0.3...0.8
    /// Probability that a main product purchase is followed by one of its accessories.
    public static let accessoryRate = 0.7
    /// Share of those accessories bought in the same order as their main product.
    public static let sameOrderAccessoryShare = 0.4
    /// Days after the main product on which the other accessories are bought (uniform).
    public static let accessoryDelay = 3...92

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
    /// Number of styles (latent product clusters across categories).
    public let styleCount: Int
    /// Style of each product; -1 for accessories (they follow their main product instead).
    public let styleOfProduct: [Int32]
    /// The one or two personal styles of each customer, independent of their segment.
    public let personalStyles: [[Int32]]
    /// Each customer's personal share: the probability that a new purchase comes from their
    /// personal styles (uniform in ``personalShareRange``).
    public let personalShare: [Double]

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
        styleCount = catalog.styleCount
        styleOfProduct = catalog.style
        personalStyles = catalog.personalStyles
        personalShare = catalog.personalShare
        var lines = PlantedLines(parameters: parameters, catalog: catalog)
        lines.generate(rng: &rng)
        (customer, product, day, quantity) = lines.sortedByDay(firstDay: parameters.firstDay)
    }
}
