import Foundation
import Testing
@testable import Whitespot

@Suite("The delivered list: life cycle, variants, short lists")
struct DeliveredListTests {
    /// The fixture's last day is 364, so "now" is day 365. The lamp and the toner last sold on
    /// days 0 and 10; mug-2023 and mug-2024 are one product (same name, same category).
    static func scorer(_ adjust: (inout ScoringConfiguration) -> Void = { _ in }) throws -> Scorer {
        var lines = ScoringFixture.lines([
            ("A", "S", "mug-2023", 1, 300), ("A", "S", "kettle", 1, 320),
            ("B", "S", "mug-2024", 1, 350), ("B", "S", "lamp", 1, 0), ("B", "S", "chair", 1, 340),
            ("C", "S", "chair", 1, 360), ("C", "S", "kettle", 1, 355), ("C", "S", "mug-2024", 1, 364),
            ("D", "S", "toner", 1, 10), ("E", "S", "toner", 9, 10), ("F", "S", "toner", 5, 10),
        ], catalog: ["mug-2023": ("Kitchen", 5), "mug-2024": ("Kitchen", 6), "kettle": ("Kitchen", 30),
                     "lamp": ("Home", 40), "chair": ("Home", 80), "toner": ("Office", 20)])
        for (id, name) in [("mug-2023", "Red Mug"), ("mug-2024", "red mug "), ("kettle", "Kettle")] {
            lines.catalog.name[Int(lines.products.index(of: id)!)] = name
        }
        let model = ScoringFixture.model(
            products: [("mug-2023", [1, 0]), ("mug-2024", [1, 0.1]), ("kettle", [0.8, 0.2]), ("lamp", [0.9, 0.5]),
                       ("chair", [0.2, 1]), ("toner", [0.1, 0.1])],
            customers: [("A", [1, 1]), ("D", [1, 1])])
        var configuration = ScoringConfiguration()
        configuration.top = 3
        configuration.activeWithinDays = 90
        configuration.rules.deepSellMinimumBuyers = 3
        adjust(&configuration)
        return try Scorer(model: model, lines: lines, configuration: configuration)
    }

    static func offered(_ scorer: Scorer, _ customer: String) -> [String] {
        let u = Int(scorer.data.customers.index(of: customer)!)
        return scorer.recommendations(forCustomer: u).map { scorer.data.products[$0.product] }
    }

    @Test("inactive products and variants of a purchase are never offered; each has its switch")
    func leftOut() throws {
        let scorer = try Self.scorer()
        #expect(scorer.activeWindowDays == 90 && scorer.inactiveProducts == 2)  // lamp, toner
        #expect(Self.offered(scorer, "A").sorted() == ["chair"])
        let a = Int(scorer.data.customers.index(of: "A")!)
        #expect(scorer.isVariantOfPurchase(Int(scorer.data.products.index(of: "mug-2024")!), customer: a))
        #expect(!scorer.isActive(Int(scorer.data.products.index(of: "lamp")!)))
        #expect(Set(Self.offered(try Self.scorer { $0.excludeVariants = false }, "A")) == ["chair", "mug-2024"])
        #expect(Set(Self.offered(try Self.scorer { $0.activeWithinDays = 0 }, "A")) == ["chair", "lamp", "toner"])
        // The plain ranking (no rules, no life cycle, variants kept) offers all four.
        let plain = try Self.scorer { $0.rules = .off; $0.activeWithinDays = 0; $0.excludeVariants = false }
        #expect(Set(plain.ranking(forCustomer: a, top: 10).map { plain.data.products[$0] }) == ["chair", "lamp", "mug-2024", "toner"])
    }

    @Test("no deep-sell of a product nobody buys any more")
    func noDeadDeepSells() throws {
        #expect(!Self.offered(try Self.scorer(), "D").contains("toner"))
        // With the life cycle off, D (1 a year against a median of 5) still buys it: a deep-sell.
        let open = try Self.scorer { $0.activeWithinDays = 0 }
        let d = Int(open.data.customers.index(of: "D")!)
        #expect(open.recommendations(forCustomer: d).contains { open.data.products[$0.product] == "toner" && $0.kind == .deepSell })
    }

    @Test("a short list says why: the first filter that leaves fewer candidates than asked for")
    func shortfall() throws {
        let a = { (s: Scorer) in s.shortfall(ofCustomer: Int(s.data.customers.index(of: "A")!)) }
        #expect(try a(Self.scorer()) == .inactiveProducts)              // 4 left, 2 active (mug-2024, chair)
        #expect(try a(Self.scorer { $0.top = 2 }) == .variants)         // 2 active, 1 not a variant
        #expect(try a(Self.scorer { $0.top = 5 }) == .fewProductsLeft)  // only 4 not bought
        #expect(try a(Self.scorer { $0.top = 1 }) == nil)
        let scorer = try Self.scorer()
        let all = Array(0..<scorer.data.customers.count)
        var summary = ScoringSummary(scorer: scorer, customers: all)
        summary.count(customers: all, lists: scorer.recommendations(forCustomers: all, threads: 2), scorer: scorer)
        #expect(summary.shortLists == all.filter { scorer.shortfall(ofCustomer: $0) != nil }.count && summary.shortLists > 0)
        #expect(summary.shortListCauses.values.reduce(0, +) == summary.shortLists)
        #expect(summary.text.contains("customers got fewer than 3 whitespots"))
        #expect(summary.text.contains("2 products nobody bought in the last 90 days"))
        // Typed keys are written as the same JSON object keys as before.
        summary.seconds = [.readOrders: 1, .rankCPU: 2]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(summary), as: UTF8.self)
        let (folded, model) = (summary.paths[.foldedIn] ?? -1, summary.paths[.model] ?? -1)
        #expect(folded + model == all.count)
        #expect(json.contains(#""paths":{"folded-in":\#(folded),"model":\#(model),"segment-only":0}"#), "\(json)")
        #expect(json.contains(#""seconds":{"rank_cpu":2,"read_orders":1}"#), "\(json)")
        #expect(json.contains(#""kinds":{"cross-sell":"#) && json.contains(#""short_list_causes":{"few-products-left":"#))
        #expect(try JSONDecoder().decode(ScoringSummary.self, from: Data(json.utf8)) == summary)
    }
}
