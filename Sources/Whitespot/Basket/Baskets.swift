/// Market baskets: the distinct products bought together in one transaction.
///
/// A transaction is an order (the order id column) when the line has one, otherwise the
/// same customer on the same day. Only lines with positive quantity count (returns are not
/// purchases); transactions left without products are dropped.
///
/// ```swift
/// let baskets = Baskets(lines)
/// baskets.count                  // 14,963 for the groceries data (customer + day)
/// baskets.items(of: 0)           // product indices, ascending
/// ```
public struct Baskets: Sendable {
    /// Product ids; items index this.
    public let products: Vocabulary
    /// Display names indexed like ``products`` (the orders' name column or a catalogue), or
    /// empty when the data names no product.
    public let productNames: [String?]
    /// Offsets: items of basket b are `items[start[b] ..< start[b + 1]]`.
    public let start: [Int]
    /// Product indices per basket, ascending and distinct within a basket.
    public let itemsFlat: [Int32]
    /// Whether transactions came from an order id column.
    public let byOrder: Bool

    /// Number of baskets.
    public var count: Int { start.count - 1 }

    /// The products of basket `b`, ascending.
    public func items(of b: Int) -> ArraySlice<Int32> { itemsFlat[start[b] ..< start[b + 1]] }

    /// Groups `lines` into baskets.
    /// - Complexity: O(lines · log(basket size)).
    public init(_ lines: OrderLines) {
        var basketOf: [Int64: Int] = [:]
        var members: [[Int32]] = []
        let hasOrders = lines.orders.count > 0
        for i in 0..<lines.count where lines.quantity[i] > 0 {
            let key: Int64 = hasOrders && lines.order[i] >= 0
                ? (Int64(1) << 62) | Int64(lines.order[i])
                : (Int64(lines.customer[i]) << 32) | Int64(UInt32(bitPattern: lines.day[i]))
            let b: Int
            if let known = basketOf[key] { b = known } else {
                b = members.count
                basketOf[key] = b
                members.append([])
            }
            members[b].append(lines.product[i])
        }
        var start = [0], flat: [Int32] = []
        for var items in members {
            items.sort()
            var last: Int32 = -1
            for item in items where item != last { flat.append(item); last = item }
            start.append(flat.count)
        }
        self.products = lines.products
        var catalog = lines.catalog
        catalog.resize(to: lines.products.count)
        let names = Array(catalog.name.prefix(lines.products.count))
        self.productNames = names.contains { $0 != nil } ? names : []
        self.start = start
        self.itemsFlat = flat
        self.byOrder = hasOrders
    }
}
