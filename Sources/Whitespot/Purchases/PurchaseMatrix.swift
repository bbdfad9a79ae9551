/// The customer × product purchase matrix with per-pair aggregates, in CSR and CSC form.
///
/// A *pair* is a (customer, product) whose net quantity over all lines is positive: returns
/// and cancellations (negative quantities) net against purchases of the same customer and
/// product, and a pair whose net quantity is not positive is not a purchase.
///
/// Pair arrays (`product`, `lines`, `quantity`, `revenue`, `firstDay`, `lastDay`) are in CSR
/// order: customer-major, products ascending within a customer. The CSC view
/// (`columnStart`, `customerOfEntry`, `pairOfEntry`) points back into them.
///
/// ```swift
/// let matrix = PurchaseMatrix(lines)
/// for k in matrix.pairs(ofCustomer: 3) { print(matrix.product[k], matrix.quantity[k]) }
/// ```
public struct PurchaseMatrix: Sendable {
    /// Number of customers (rows); equals the order lines' customer vocabulary size.
    public let customerCount: Int
    /// Number of products (columns); equals the order lines' product vocabulary size.
    public let productCount: Int

    /// CSR row offsets: pairs of customer `u` are `rowStart[u] ..< rowStart[u+1]`.
    public let rowStart: [Int]
    /// Product index of each pair.
    public let product: [Int32]
    /// Number of order lines with positive quantity behind each pair.
    public let lines: [Int32]
    /// Net quantity of each pair (always > 0).
    public let quantity: [Double]
    /// Net revenue of each pair.
    public let revenue: [Double]
    /// First purchase day (days since 1970-01-01) of each pair.
    public let firstDay: [Int32]
    /// Last purchase day of each pair.
    public let lastDay: [Int32]

    /// CSC column offsets: entries of product `i` are `columnStart[i] ..< columnStart[i+1]`.
    public let columnStart: [Int]
    /// Customer index of each CSC entry (ascending within a product).
    public let customerOfEntry: [Int32]
    /// The CSR pair index of each CSC entry.
    public let pairOfEntry: [Int32]

    /// Number of (customer, product) purchases.
    public var pairCount: Int { product.count }

    /// Number of (customer, product) combinations with lines whose net quantity is not positive
    /// (everything bought was returned): they are not purchases.
    public let nettedOutPairs: Int

    /// Share of the matrix that is filled.
    public var density: Double {
        customerCount == 0 || productCount == 0
            ? 0 : Double(pairCount) / (Double(customerCount) * Double(productCount))
    }

    /// The CSR pair indices of customer `u`.
    @inlinable public func pairs(ofCustomer u: Int) -> Range<Int> { rowStart[u] ..< rowStart[u + 1] }

    /// The CSC entry indices of product `i`.
    @inlinable public func entries(ofProduct i: Int) -> Range<Int> { columnStart[i] ..< columnStart[i + 1] }

    /// Number of distinct customers who bought product `i`.
    @inlinable public func buyerCount(ofProduct i: Int) -> Int { columnStart[i + 1] - columnStart[i] }

    /// The pair index of (u, i), or nil when u did not buy i. - Complexity: O(log row length).
    public func pair(customer u: Int, product i: Int) -> Int? {
        var lo = rowStart[u], hi = rowStart[u + 1]
        let target = Int32(i)
        while lo < hi {
            let mid = (lo + hi) / 2
            if product[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[u + 1] && product[lo] == target ? lo : nil
    }

    /// Builds the matrix from order lines, netting returns.
    ///
    /// - Complexity: O(lines + pairs · log(row length)) time, O(lines) scratch.
    public init(_ lines: OrderLines) {
        self.init(
            customerCount: lines.customers.count, productCount: lines.products.count,
            customer: lines.customer, product: lines.product, day: lines.day,
            quantity: lines.quantity, revenue: lines.revenue)
    }

    /// Builds the matrix from parallel line columns (see ``init(_:)``).
    public init(
        customerCount: Int, productCount: Int,
        customer: [Int32], product lineProduct: [Int32], day: [Int32],
        quantity lineQuantity: [Double], revenue lineRevenue: [Double]
    ) {
        self.customerCount = customerCount
        self.productCount = productCount
        let n = customer.count

        var (order, start) = PurchaseMatrix.groupedLines(
            customer: customer, product: lineProduct, customerCount: customerCount, productCount: productCount)

        var rowStart = [Int](repeating: 0, count: customerCount + 1)
        var product: [Int32] = [], lines: [Int32] = [], quantity: [Double] = [], revenue: [Double] = []
        var firstDay: [Int32] = [], lastDay: [Int32] = []
        var nettedOut = 0
        // Capacity for the worst case (one pair per line); pages never written are never resident.
        product.reserveCapacity(n); lines.reserveCapacity(n); quantity.reserveCapacity(n)
        revenue.reserveCapacity(n); firstDay.reserveCapacity(n); lastDay.reserveCapacity(n)

        for u in 0..<customerCount {
            let hi = start[u + 1]
            var k = start[u]
            while k < hi {
                let p = lineProduct[Int(order[k])]
                var count: Int32 = 0, q = 0.0, r = 0.0
                var first = Int32.max, last = Int32.min
                while k < hi, lineProduct[Int(order[k])] == p {
                    let i = Int(order[k])
                    q += lineQuantity[i]
                    r += lineRevenue[i]
                    if lineQuantity[i] > 0 {
                        count += 1
                        first = min(first, day[i]); last = max(last, day[i])
                    }
                    k += 1
                }
                if q > 0 && count > 0 {
                    product.append(p); lines.append(count); quantity.append(q); revenue.append(r)
                    firstDay.append(first); lastDay.append(last)
                } else {
                    nettedOut += 1
                }
            }
            rowStart[u + 1] = product.count
        }
        order = []  // free the line order before the CSC arrays are allocated
        start = []

        // CSC by counting sort over products (customers ascending within a product).
        var columnStart = [Int](repeating: 0, count: productCount + 1)
        for p in product { columnStart[Int(p) + 1] += 1 }
        for i in 0..<productCount { columnStart[i + 1] += columnStart[i] }
        var customerOfEntry = [Int32](repeating: 0, count: product.count)
        var pairOfEntry = [Int32](repeating: 0, count: product.count)
        var next = columnStart
        for u in 0..<customerCount {
            for k in rowStart[u]..<rowStart[u + 1] {
                let i = Int(product[k])
                customerOfEntry[next[i]] = Int32(u)
                pairOfEntry[next[i]] = Int32(k)
                next[i] += 1
            }
        }

        self.rowStart = rowStart
        self.nettedOutPairs = nettedOut
        self.product = product; self.lines = lines; self.quantity = quantity; self.revenue = revenue
        self.firstDay = firstDay; self.lastDay = lastDay
        self.columnStart = columnStart; self.customerOfEntry = customerOfEntry; self.pairOfEntry = pairOfEntry
    }

    /// Line indices grouped by customer, products ascending within a customer, file order
    /// within a (customer, product), and each customer's start in that order
    /// (`customerCount + 1` offsets): a stable counting sort by customer, then a sort of each
    /// customer's lines by the key `product << 32 | line index`.
    /// - Complexity: O(lines · log(lines per customer) + customers) time, one index per line of memory.
    static func groupedLines(
        customer: [Int32], product: [Int32], customerCount: Int, productCount: Int
    ) -> (order: [Int32], start: [Int]) {
        let n = customer.count
        var start = [Int](repeating: 0, count: customerCount + 1)
        for c in customer { start[Int(c) + 1] += 1 }
        for u in 0..<customerCount { start[u + 1] += start[u] }
        var order = [Int32](repeating: 0, count: n)
        var fill = start
        for i in 0..<n {
            let u = Int(customer[i])
            order[fill[u]] = Int32(i)
            fill[u] += 1
        }
        var keys: [UInt64] = []
        for u in 0..<customerCount where start[u + 1] - start[u] > 1 {
            keys.removeAll(keepingCapacity: true)
            for k in start[u]..<start[u + 1] {
                let i = order[k]
                keys.append(UInt64(UInt32(bitPattern: product[Int(i)])) << 32 | UInt64(UInt32(bitPattern: i)))
            }
            keys.sort()
            for (j, key) in keys.enumerated() { order[start[u] + j] = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF) }
        }
        return (order, start)
    }
}
