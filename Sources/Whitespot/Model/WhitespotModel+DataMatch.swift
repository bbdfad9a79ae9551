/// How much of an order file a model knows: its customers and products by id.
///
/// The model stores a fingerprint of its training data, but new weeks of orders always differ
/// from it; what matters for scoring is how many of the file's customers and products the model
/// has factors for. A model trained on other data knows few or none of them.
///
/// ```swift
/// let match = model.match(lines)
/// if let warning = match.warning { print(warning) }   // "the model knows 0 % of the 793 customers ..."
/// ```
public struct DataMatch: Sendable, Equatable {
    /// Customers in the orders, and how many of them the model does not know.
    public var customers: Int, unknownCustomers: Int
    /// Products in the orders, and how many of them the model does not know.
    public var products: Int, unknownProducts: Int

    /// Share of unknown customers or products above which ``warning`` speaks (10 %).
    public static let warningShare = 0.1

    /// Whether the model knows none of the products: nothing can be scored with it.
    public var nothingMatches: Bool { products > 0 && unknownProducts == products }

    /// A warning naming the shares of customers and products the model does not know, when
    /// either exceeds ``warningShare`` (a model trained on other data), else nil.
    public var warning: String? {
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        let c = share(unknownCustomers, customers), p = share(unknownProducts, products)
        guard c > Self.warningShare || p > Self.warningShare else { return nil }
        func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
        return "the model does not know \(percent(c)) of the \(TextFormat.count(customers)) customers and "
            + "\(percent(p)) of the \(TextFormat.count(products)) products in these orders; was it trained on other data? "
            + "(unknown customers are folded in, unknown products cannot be recommended)"
    }
}

extension WhitespotModel {
    /// How many of the customers and products of `lines` the model knows.
    public func match(_ lines: OrderLines) -> DataMatch {
        let unknownCustomers = (0 ..< lines.customers.count).reduce(0) { $0 + (customers.index(of: lines.customers[$1]) == nil ? 1 : 0) }
        let unknownProducts = (0 ..< lines.products.count).reduce(0) { $0 + (products.index(of: lines.products[$1]) == nil ? 1 : 0) }
        return DataMatch(
            customers: lines.customers.count, unknownCustomers: unknownCustomers,
            products: lines.products.count, unknownProducts: unknownProducts)
    }
}
