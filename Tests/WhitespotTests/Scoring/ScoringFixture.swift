import Foundation
@testable import Whitespot
import TestSupport

/// Small hand-made order tables and models for scorer tests.
enum ScoringFixture {
    /// The default configuration with the product life cycle off: the fixtures put most lines
    /// on one day, so the data-derived window would leave most products out; tests of the
    /// engine test it alone (the life cycle has its own tests). The penetration term is the
    /// observed share, as the hand-computed expectations are (shrinkage has its own tests).
    static func engineConfiguration() -> ScoringConfiguration {
        var configuration = ScoringConfiguration()
        configuration.activeWithinDays = 0
        configuration.penetrationShrinkage = .customers(0)
        return configuration
    }

    /// First day of every fixture's orders; the fixtures span exactly one year from here.
    static let d0 = Days.from(year: 2024, month: 1, day: 1)

    /// One order line: customer, segment, product, quantity, day offset from ``d0``.
    typealias Row = (customer: String, segment: String, product: String, quantity: Double, day: Int32)

    /// Order lines with catalogue (category, unit price) per product; revenue = quantity × price.
    static func lines(_ rows: [Row], catalog: [String: (category: String, price: Double)] = [:], revenue: Bool = true) -> OrderLines {
        var lines = OrderLines()
        for r in rows {
            let c = lines.customers.intern(r.customer)
            let p = lines.products.intern(r.product)
            let s = lines.segments.intern(r.segment)
            let price = catalog[r.product]?.price ?? 1
            lines.append(customer: c, product: p, day: d0 + r.day, quantity: r.quantity,
                         revenue: revenue ? r.quantity * price : 0, segment: s)
        }
        lines.catalog.resize(to: lines.products.count)
        for (id, entry) in catalog {
            guard let p = lines.products.index(of: id) else { continue }
            lines.catalog.category[Int(p)] = lines.catalog.categories.intern(entry.category)
            lines.catalog.price[Int(p)] = entry.price
        }
        lines.hasRevenue = revenue
        lines.hasQuantity = true
        return lines
    }

    /// A model over the given products (in order) and customers with explicit factors.
    static func model(
        products: [(String, [Float])], customers: [(String, [Float])], blend: Double? = nil,
        regularization: Double = 0.1
    ) -> WhitespotModel {
        let k = products.first?.1.count ?? 2
        var parameters = TrainingParameters()
        parameters.factors = k
        parameters.regularization = regularization
        return WhitespotModel(
            customers: Vocabulary(customers.map(\.0)), products: Vocabulary(products.map(\.0)), factors: k,
            customerFactors: customers.flatMap(\.1), productFactors: products.flatMap(\.1),
            segments: CustomerSegments(names: Vocabulary(["all"]), ofCustomer: customers.map { _ in 0 }),
            segmentSource: .column,
            penetration: SegmentPenetration(segmentCount: 1, productCount: products.count,
                                            segmentSize: [Int32(customers.count)],
                                            buyers: [Int32](repeating: 0, count: products.count)),
            parameters: parameters, blend: blend, dataFingerprint: "test")
    }

    /// `customers` customers in 3 segments buying from `products` products at random, and a
    /// model with random factors for all but every 7th customer (those are folded in).
    static func random(customers: Int, products: Int, k: Int = 4, seed: UInt64 = 7) -> (OrderLines, WhitespotModel) {
        var noise = TestRandom(state: seed)
        var rows: [Row] = []
        for c in 0..<customers {
            let segment = ["Corporate", "Consumer", "Home Office"][c % 3]
            for _ in 0..<(1 + c % 5) {
                let p = Int((noise.signedUnit() + 1) / 2 * Float(products)) % products
                rows.append(("c\(c)", segment, "p\(p)", Double(1 + c % 3), Int32(c % 300)))
            }
        }
        var catalog: [String: (category: String, price: Double)] = [:]
        for p in 0..<products { catalog["p\(p)"] = (["A", "B", "C"][p % 3], Double(1 + (p * 37) % 100)) }
        let lines = lines(rows, catalog: catalog)
        let model = model(
            products: (0..<products).map { p in ("p\(p)", (0..<k).map { _ in noise.signedUnit() }) },
            customers: (0..<customers).filter { $0 % 7 != 0 }.map { c in ("c\(c)", (0..<k).map { _ in noise.signedUnit() }) })
        return (lines, model)
    }
}
