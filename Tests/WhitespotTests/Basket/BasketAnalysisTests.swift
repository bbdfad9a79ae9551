import Testing
@testable import Whitespot

@Suite("Basket analysis")
struct BasketAnalysisTests {
    /// The classic five-transaction example, with order ids.
    static func lines(withOrders: Bool = true) -> OrderLines {
        let transactions = [
            ["bread", "milk"], ["bread", "diapers", "beer", "eggs"], ["milk", "diapers", "beer", "cola"],
            ["bread", "milk", "diapers", "beer"], ["bread", "milk", "diapers", "cola"],
        ]
        var lines = OrderLines()
        let c = lines.customers.intern("shopper")
        for (t, items) in transactions.enumerated() {
            let o = withOrders ? lines.orders.intern("T\(t + 1)") : -1
            for item in items {
                lines.append(customer: c, product: lines.products.intern(item), day: Int32(t), quantity: 1, revenue: 0, order: o)
            }
        }
        // A return in its own order: not a basket.
        let o = withOrders ? lines.orders.intern("R1") : -1
        lines.append(customer: c, product: lines.products.intern("milk"), day: 9, quantity: -1, revenue: 0, order: o)
        return lines
    }

    func rule(_ analysis: BasketAnalysis, _ a: [String], _ c: [String]) -> AssociationRule? {
        let p = analysis.baskets.products
        let ai = a.map { p.index(of: $0)! }.sorted(), ci = c.map { p.index(of: $0)! }.sorted()
        return analysis.rules.first { $0.antecedent == ai && $0.consequent == ci }
    }

    @Test("metrics equal the hand-computed values (mlxtend definitions)")
    func handComputed() throws {
        let analysis = BasketAnalysis(Baskets(Self.lines()), minSupport: 0.4, minConfidence: 0.6, maxLength: 3)
        #expect(analysis.baskets.count == 5)
        // beer → diapers: s = 3/5, s(A) = 3/5, s(C) = 4/5, conf = 1, lift = 1.25, leverage = 0.6 − 0.48, conviction = ∞.
        let r1 = try #require(rule(analysis, ["beer"], ["diapers"]))
        #expect(r1.support == 0.6 && r1.antecedentSupport == 0.6 && r1.consequentSupport == 0.8)
        #expect(r1.confidence == 1 && abs(r1.lift - 1.25) < 1e-12 && abs(r1.leverage - 0.12) < 1e-12)
        #expect(r1.conviction == .infinity)
        // diapers → beer: conf = 0.75, lift = 1.25, conviction = 0.4 / 0.25 = 1.6.
        let r2 = try #require(rule(analysis, ["diapers"], ["beer"]))
        #expect(abs(r2.confidence - 0.75) < 1e-12 && abs(r2.lift - 1.25) < 1e-12 && abs(r2.conviction - 1.6) < 1e-12)
        // bread → milk: s = 3/5, conf = 0.75, lift = 0.9375, leverage = −0.04, conviction = 0.8.
        let r3 = try #require(rule(analysis, ["bread"], ["milk"]))
        #expect(abs(r3.lift - 0.9375) < 1e-12 && abs(r3.leverage + 0.04) < 1e-12 && abs(r3.conviction - 0.8) < 1e-12)
        // {milk, diapers} → beer: s = 2/5, s(A) = 3/5, conf = 2/3, lift = 10/9, leverage = 0.04, conviction = 1.2.
        let r4 = try #require(rule(analysis, ["milk", "diapers"], ["beer"]))
        #expect(abs(r4.confidence - 2.0 / 3) < 1e-12 && abs(r4.lift - 10.0 / 9) < 1e-12)
        #expect(abs(r4.leverage - 0.04) < 1e-12 && abs(r4.conviction - 1.2) < 1e-12)
        // beer → {milk, diapers}: multi-item consequent, same support and confidence.
        let r5 = try #require(rule(analysis, ["beer"], ["milk", "diapers"]))
        #expect(abs(r5.consequentSupport - 0.6) < 1e-12 && abs(r5.conviction - 1.2) < 1e-12)
        // eggs (1/5) is below the support threshold, so it is in no rule.
        #expect(analysis.rules.allSatisfy { !$0.antecedent.contains(analysis.baskets.products.index(of: "eggs")!) })
        #expect(analysis.rules.allSatisfy { $0.confidence >= 0.6 && $0.support >= 0.4 })
        // Order: lift descending.
        #expect(zip(analysis.rules, analysis.rules.dropFirst()).allSatisfy { $0.lift >= $1.lift })
        // Pairs only: no three-item rules.
        let pairs = BasketAnalysis(Baskets(Self.lines()), minSupport: 0.4, minConfidence: 0.6, maxLength: 2)
        #expect(pairs.rules.allSatisfy { $0.antecedent.count + $0.consequent.count == 2 })
        #expect(pairs.frequentCounts.count == 2)
    }

    @Test("without an order column a basket is one customer's day; returns are not purchases")
    func customerDayBaskets() {
        let baskets = Baskets(Self.lines(withOrders: false))
        #expect(!baskets.byOrder)
        #expect(baskets.count == 5)  // the return day has no purchase
        #expect(baskets.items(of: 1).count == 4)
    }
}
