/// A scoring request that cannot be carried out as asked.
public enum ScoringError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The blend weight is outside [0, 1].
    case blendOutOfRange(Double)
    /// The list length is below 1.
    case topBelowOne(Int)
    /// Ranking by value was asked for, but the orders have no revenue.
    case valueRankingWithoutRevenue
    /// None of the orders' purchases are of the model's products; `example` is one of the
    /// model's `modelProducts` products (nil when it has none).
    case noKnownProducts(modelProducts: Int, example: String?)
    /// Some of the chosen categories do not occur in the data (`known` lists those that do).
    case unknownCategories([String], known: [String])
    /// The product life-cycle window is negative.
    case negativeActiveWindow(Int)
    /// The penetration term's shrinkage strength is negative or not a number.
    case negativeShrinkage(Double)
    /// The customer list file cannot be read.
    case unreadableCustomerList(path: String)
    /// A customer of the customer list file does not appear in the orders.
    case unknownCustomer(path: String, line: Int, id: String)

    /// What is wrong and what to do about it, naming the settings in words (``Setting/phrase``).
    public var description: String { message(naming: \.phrase) }

    /// What is wrong and what to do about it, naming each setting as `name` does (a command
    /// line names them by their flags).
    public func message(naming name: (Setting) -> String) -> String {
        switch self {
        case .blendOutOfRange(let w):
            return "blend weight \(w) is outside [0, 1]"
        case .topBelowOne(let top):
            return "\(name(.top)) must be at least 1, got \(top)"
        case .valueRankingWithoutRevenue:
            return "\(name(.rankByValue)) needs revenue, but the orders have no revenue or unit-price column"
        case .noKnownProducts(let count, let example):
            return "the model knows none of the products these orders bought (it was trained on \(count) "
                + "products such as \(example ?? "none")): was it trained on other "
                + "orders, or at another \(name(.productLevel))?"
        case .unknownCategories(let unknown, let known):
            return "unknown categor\(unknown.count == 1 ? "y" : "ies") \(unknown.joined(separator: ", ")); "
                + (known.isEmpty ? "the orders have no category column" : "known: \(known.joined(separator: ", "))")
        case .negativeActiveWindow(let days):
            return "the active window must be 0 (off) or a number of days, got \(days)"
        case .negativeShrinkage(let m):
            return "the penetration shrinkage must be 0 (none) or a positive number of customers, got \(m)"
        case .unreadableCustomerList(let path):
            return "\(path): cannot read the customer list"
        case .unknownCustomer(let path, let line, let id):
            return "\(path):\(line):1: customer '\(id)' does not appear in the orders"
        }
    }
}
