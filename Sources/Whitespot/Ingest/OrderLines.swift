/// Order lines after ingest, stored by column with interned ids.
///
/// This is what every later stage reads: the purchase matrix, segments, basket analysis and
/// the evaluation split. Lines are kept in file order (the protocol's tie-breaks depend on it).
/// Lines without a customer, excluded products and bad lines skipped under
/// `--skip-bad-lines` are not here; ``IngestReport`` counts them.
public struct OrderLines: Sendable {
    /// Customer ids; `customer[i]` indexes this.
    public var customers = Vocabulary()
    /// Product ids (after any roll-up to a product level); `product[i]` indexes this.
    public var products = Vocabulary()
    /// Segment names from the segment column; `segment[i]` indexes this.
    public var segments = Vocabulary()
    /// Order ids, when the input has an order column; `order[i]` indexes this.
    public var orders = Vocabulary()

    /// Customer index of each line.
    public var customer: [Int32] = []
    /// Product index of each line.
    public var product: [Int32] = []
    /// Order date of each line as days since 1970-01-01 (time of day is dropped).
    public var day: [Int32] = []
    /// Quantity of each line (1 when the input has no quantity); negative for returns.
    public var quantity: [Double] = []
    /// Revenue of each line (given, or quantity × unit price; 0 when neither is known).
    public var revenue: [Double] = []
    /// Segment index of each line, or -1 when the input has no segment column or the cell is empty.
    public var segment: [Int32] = []
    /// Order index of each line, or -1 when the input has no order column.
    public var order: [Int32] = []

    /// Product attributes known from the order file or a catalogue, indexed like `products`.
    public var catalog = ProductCatalog()

    /// Whether the input had a revenue or unit-price column.
    public var hasRevenue = false
    /// Whether the input had a quantity column.
    public var hasQuantity = false

    /// An empty table.
    public init() {}

    /// Number of lines.
    public var count: Int { customer.count }

    /// Appends one line (ids already interned).
    public mutating func append(
        customer c: Int32, product p: Int32, day d: Int32, quantity q: Double, revenue r: Double,
        segment s: Int32 = -1, order o: Int32 = -1
    ) {
        customer.append(c); product.append(p); day.append(d)
        quantity.append(q); revenue.append(r); segment.append(s); order.append(o)
    }

    /// The lines whose index satisfies `keep`, with the same vocabularies (indices stay valid).
    public func filter(_ keep: (Int) -> Bool) -> OrderLines {
        var out = self
        out.customer = []; out.product = []; out.day = []; out.quantity = []
        out.revenue = []; out.segment = []; out.order = []
        for i in 0..<count where keep(i) {
            out.append(customer: customer[i], product: product[i], day: day[i], quantity: quantity[i],
                       revenue: revenue[i], segment: segment[i], order: order[i])
        }
        return out
    }
}

/// Product attributes: display name, category and list price, indexed like the product vocabulary.
public struct ProductCatalog: Sendable {
    /// Category names; `category[p]` indexes this.
    public var categories = Vocabulary()
    /// Category index per product, or -1 when unknown.
    public var category: [Int32] = []
    /// Display name per product (nil when unknown).
    public var name: [String?] = []
    /// List price per product from a catalogue file (NaN when unknown). Prices observed in order
    /// lines are not stored here: whoever needs a typical price takes it from the lines it may
    /// see (``ScoringData``), so an evaluation never sees prices from after its cutoff.
    public var price: [Double] = []

    /// An empty catalogue.
    public init() {}

    /// Grows the arrays to `count` products, filling unknowns.
    public mutating func resize(to count: Int) {
        if category.count < count { category += Array(repeating: -1, count: count - category.count) }
        if name.count < count { name += Array(repeating: nil, count: count - name.count) }
        if price.count < count { price += Array(repeating: .nan, count: count - price.count) }
    }

    /// The category name of a product, if known.
    public func categoryName(of product: Int) -> String? {
        guard product < category.count, category[product] >= 0 else { return nil }
        return categories[Int(category[product])]
    }
}
