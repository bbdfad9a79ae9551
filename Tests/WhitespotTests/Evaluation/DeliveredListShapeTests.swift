import Testing
@testable import Whitespot

/// The delivered list on generated data of every awkward shape real exports have: it keeps at
/// least 97 % of the plain ranking's held-out ndcg@10 and never runs out of whitespots.
@Suite("The delivered list on every data shape")
struct DeliveredListShapeTests {
    enum Shape: String, CaseIterable {
        case planted, noPrices, onePrice, noCategories, discontinued, renamedVariants
    }

    static let data = SyntheticOrders(.init(customers: 1500, products: 200, lines: 45000, seed: 3))
    static var first: Int32 { data.parameters.firstDay }

    /// The generated lines reshaped: prices or categories dropped or made equal, a fifth of the
    /// products discontinued after day 400, or every seventh product re-coded after day 365
    /// under the same name (a new code per price version).
    static func lines(_ shape: Shape) -> OrderLines {
        var lines = data.orderLines()
        switch shape {
        case .planted: break
        case .noPrices:
            lines.revenue = lines.revenue.map { _ in 0 }
            lines.hasRevenue = false
            lines.catalog.price = lines.catalog.price.map { _ in .nan }
        case .onePrice:
            lines.revenue = lines.quantity.map { $0 * 10 }
            lines.catalog.price = lines.catalog.price.map { _ in 10 }
        case .noCategories:
            lines.catalog.category = lines.catalog.category.map { _ in -1 }
            lines.catalog.categories = Vocabulary()
        case .discontinued:
            lines = lines.filter { !(discontinued(lines.products[Int(lines.product[$0])]) && lines.day[$0] >= first + 400) }
        case .renamedVariants:
            for n in 0..<lines.count where lines.day[n] >= first + 365 {
                let old = Int(lines.product[n])
                guard renamed(lines.products[old]) else { continue }
                let new = lines.products.intern(lines.products[old] + "-v2")
                if Int(new) == lines.catalog.name.count {
                    lines.catalog.name.append(lines.catalog.name[old])
                    lines.catalog.category.append(lines.catalog.category[old])
                    lines.catalog.price.append(lines.catalog.price[old] * 1.05)
                }
                lines.product[n] = new
            }
        }
        return lines
    }

    static func discontinued(_ id: String) -> Bool { (Int(id.dropFirst()) ?? 0) % 5 == 0 }
    static func renamed(_ id: String) -> Bool { !id.hasSuffix("-v2") && (Int(id.dropFirst()) ?? 0) % 7 == 0 }

    @Test("delivered ndcg@10 ≥ 97 % of the plain ranking's; full lists of whitespots; nothing dead or a variant", arguments: Shape.allCases)
    func shape(_ shape: Shape) throws {
        let lines = Self.lines(shape)
        var options = EvaluationOptions(cutoff: Self.first + 600)
        options.training.factors = 16
        options.training.iterations = 8
        options.training.regularization = 1
        options.scoring.blend = 0.5
        let run = try HeldOutEvaluation.run(lines, orders: shape.rawValue, options: options)
        let methods = Dictionary(uniqueKeysWithValues: run.summary.methods.map { ($0.method, $0) })
        let plain = try #require(methods[.blend]), delivered = try #require(methods[.deliveredList])
        #expect(delivered.metrics.ndcg >= 0.97 * plain.metrics.ndcg, "\(shape): \(delivered.metrics.ndcg) vs \(plain.metrics.ndcg)")
        #expect(delivered.shortLists == 0)
        #expect(run.summary.headline?.method == .deliveredList)

        // What `score` writes on all the lines: three whitespots for every customer, none of
        // them inactive or a variant of a purchase.
        let model = try ALSTrainer.train(lines: lines, segmentSource: .column, parameters: run.training)
        var configuration = ScoringConfiguration()
        configuration.blend = 0.5
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let customers = Array(0..<scorer.data.customers.count)
        let lists = scorer.recommendations(forCustomers: customers, threads: 2)
        var whitespots = 0
        for (u, list) in zip(customers, lists) {
            for r in list where r.kind != .deepSell {
                whitespots += 1
                #expect(scorer.isActive(r.product) && !scorer.isVariantOfPurchase(r.product, customer: u))
            }
        }
        #expect(whitespots == 3 * customers.count, "\(shape)")
        let ids = Set(lists.joined().filter { $0.kind != .deepSell }.map { scorer.data.products[$0.product] })
        switch shape {
        case .discontinued:
            #expect(!ids.contains(where: Self.discontinued))
            #expect(scorer.inactiveProducts >= 40)
            #expect(run.summary.notOffered?.inactive == 0)  // nobody bought them after the cutoff
        case .renamedVariants:
            #expect(scorer.data.families.sharedNames == 28)   // P7, P14, ..., P196 and their -v2 codes
            #expect((run.summary.notOffered?.variants ?? 0) > 0)
        case .noPrices, .onePrice, .noCategories:
            #expect(lists.joined().allSatisfy { $0.kind != .upSell })
        case .planted:
            #expect(lists.joined().contains { $0.kind == .upSell })
        }
    }
}
