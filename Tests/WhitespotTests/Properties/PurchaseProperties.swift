import PropertyBased
import Testing
@testable import Whitespot

/// Random order lines as parallel columns: a few customers and products, so that pairs repeat,
/// with returns (negative quantities), zero quantities and arbitrary revenues.
struct RandomLines: CustomStringConvertible, Sendable {
    /// Customers (rows); some may have no line.
    var customerCount: Int
    /// Products (columns); some may have no line.
    var productCount: Int
    /// Customer index of each line.
    var customer: [Int32] = []
    /// Product index of each line.
    var product: [Int32] = []
    /// Day of each line.
    var day: [Int32] = []
    /// Quantity of each line: negative for returns, sometimes 0.
    var quantity: [Double] = []
    /// Revenue of each line.
    var revenue: [Double] = []

    /// Up to 60 lines over 1–6 customers and 1–6 products (some may have no line), days in
    /// a six-week range, quantities −2 … 3 in halves, revenues −100 … 100.
    static let generator: Generator<RandomLines, some SendableSequenceType> = zip(
        Gen.int(in: 1...6), Gen.int(in: 1...6),
        zip(Gen.int(in: 0...59), Gen.int(in: 0...59), Gen.int(in: 0...41), Gen.int(in: -4...6), Gen.double(in: -100...100))
            .array(of: 0...60)
    ).map { (shape: (Int, Int, [(Int, Int, Int, Int, Double)])) -> RandomLines in
        var lines = RandomLines(customerCount: shape.0, productCount: shape.1)
        for (c, p, d, q, r) in shape.2 {
            lines.customer.append(Int32(c % shape.0))
            lines.product.append(Int32(p % shape.1))
            lines.day.append(19_700 + Int32(d))
            lines.quantity.append(Double(q) / 2)
            lines.revenue.append(r)
        }
        return lines
    }

    /// The lines as (customer, product, day, quantity, revenue) tuples, for failure messages.
    var description: String {
        "\(customerCount) customers, \(productCount) products, lines (c, p, day, q, r): "
            + customer.indices.map { "(\(customer[$0]), \(product[$0]), \(day[$0]), \(quantity[$0]), \(revenue[$0]))" }
            .joined(separator: " ")
    }

    /// The purchase matrix under test.
    var matrix: PurchaseMatrix {
        PurchaseMatrix(customerCount: customerCount, productCount: productCount, customer: customer,
                       product: product, day: day, quantity: quantity, revenue: revenue)
    }

    /// What the lines of one (customer, product) add up to, summed in file order.
    struct Total: Equatable {
        /// Net quantity and revenue.
        var quantity = 0.0, revenue = 0.0
        /// Lines with a positive quantity.
        var positiveLines: Int32 = 0
        /// First and last day of a line with a positive quantity.
        var firstDay = Int32.max, lastDay = Int32.min
    }

    /// Reference netting: every (customer, product) with lines, keyed `customer · products + product`.
    var totals: [Int: Total] {
        var totals: [Int: Total] = [:]
        for i in customer.indices {
            let key = Int(customer[i]) * productCount + Int(product[i])
            var t = totals[key] ?? Total()
            t.quantity += quantity[i]
            t.revenue += revenue[i]
            if quantity[i] > 0 {
                t.positiveLines += 1
                t.firstDay = min(t.firstDay, day[i]); t.lastDay = max(t.lastDay, day[i])
            }
            totals[key] = t
        }
        return totals
    }
}

/// `PurchaseMatrix` and `SegmentPenetration` against dictionary-based references.
@Suite("Properties: netting and segment penetration against naive references")
struct PurchaseProperties {
    @Test("PurchaseMatrix nets returns like a dictionary of (customer, product) totals: a pair iff net quantity > 0")
    func nettingMatchesDictionary() async {
        await Property.check(count: 400, seed: 1, input: RandomLines.generator) { lines in
            let m = lines.matrix
            let totals = lines.totals
            let present = totals.filter { $0.value.quantity > 0 }.keys.sorted()  // customer-major, products ascending
            let expected = present.map { totals[$0] ?? RandomLines.Total() }
            var rowStart = [Int](repeating: 0, count: lines.customerCount + 1)
            for key in present { rowStart[key / lines.productCount + 1] += 1 }
            for u in 0..<lines.customerCount { rowStart[u + 1] += rowStart[u] }

            if let p = Property.same("row starts", m.rowStart, rowStart) { return p }
            if let p = Property.same("products", m.product, present.map { Int32($0 % lines.productCount) }) { return p }
            if let p = Property.same("quantities", m.quantity, expected.map(\.quantity)) { return p }
            if let p = Property.same("revenues", m.revenue, expected.map(\.revenue)) { return p }
            if let p = Property.same("line counts", m.lines, expected.map(\.positiveLines)) { return p }
            if let p = Property.same("first days", m.firstDay, expected.map(\.firstDay)) { return p }
            if let p = Property.same("last days", m.lastDay, expected.map(\.lastDay)) { return p }
            if let p = Property.same("netted-out pairs", m.nettedOutPairs, totals.count - present.count) { return p }

            // The CSC view: per product, its buyers ascending, each pointing back at its pair.
            for i in 0..<lines.productCount {
                let buyers = present.filter { $0 % lines.productCount == i }.map { Int32($0 / lines.productCount) }
                let entries = m.entries(ofProduct: i)
                if let p = Property.same("buyers of product \(i)", Array(m.customerOfEntry[entries]), buyers) { return p }
                for e in entries {
                    let k = Int(m.pairOfEntry[e])
                    guard m.product[k] == Int32(i), m.pairs(ofCustomer: Int(m.customerOfEntry[e])).contains(k) else {
                        return "CSC entry \(e) of product \(i) points at pair \(k), not its own"
                    }
                }
            }
            for u in 0..<lines.customerCount {
                for i in 0..<lines.productCount {
                    let k = present.firstIndex(of: u * lines.productCount + i)
                    if let p = Property.same("pair(\(u), \(i))", m.pair(customer: u, product: i), k) { return p }
                }
            }
            return nil
        }
    }

    /// Random lines and a segment (of 1–4) for each customer.
    static let segmented: Generator<(RandomLines, segmentCount: Int, ofCustomer: [Int32]), some SendableSequenceType> = zip(
        RandomLines.generator, Gen.int(in: 1...4), Gen.int(in: 0...3).array(of: 6)
    ).map { (t: (RandomLines, Int, [Int])) in
        (t.0, t.1, (0..<t.0.customerCount).map { Int32(t.2[$0] % t.1) })
    }

    /// The segments of a ``segmented`` input: `count` segments named s0, s1, ….
    static func segments(_ count: Int, ofCustomer: [Int32]) -> CustomerSegments {
        CustomerSegments(names: Vocabulary((0..<count).map { "s\($0)" }), ofCustomer: ofCustomer)
    }

    @Test("SegmentPenetration equals buyers per segment / segment size counted naively (0 for an empty segment)")
    func penetrationMatchesNaiveCount() async {
        await Property.check(count: 300, seed: 2, input: Self.segmented) { input in
            let (lines, segmentCount, ofCustomer) = input
            let pen = SegmentPenetration(matrix: lines.matrix, segments: Self.segments(segmentCount, ofCustomer: ofCustomer))
            let totals = lines.totals
            let products = lines.productCount
            var shares: [Float] = []
            for s in 0..<segmentCount {
                let members = (0..<lines.customerCount).filter { ofCustomer[$0] == Int32(s) }
                if let p = Property.same("size of segment \(s)", pen.segmentSize[s], Int32(members.count)) { return p }
                for i in 0..<products {
                    let buyers = members.filter { (totals[$0 * products + i]?.quantity ?? 0) > 0 }.count
                    if let p = Property.same("buyers of \(i) in segment \(s)", pen.buyers[s * products + i], Int32(buyers)) { return p }
                    let share = members.isEmpty ? 0 : Double(buyers) / Double(members.count)
                    if let p = Property.same("share of \(i) in segment \(s)", pen.share(segment: s, product: i), share) { return p }
                    shares.append(members.isEmpty ? 0 : Float(buyers) / Float(members.count))
                }
            }
            return Property.same("float shares", pen.floatShares(), shares)
        }
    }
}
