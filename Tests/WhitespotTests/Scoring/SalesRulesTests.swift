import Foundation
import Testing
@testable import Whitespot
import TestSupport

@Suite("Sales rules and reasons")
struct SalesRulesTests {
    static let catalog: [String: (category: String, price: Double)] = [
        "paper": ("Office", 10), "labels": ("Office", 2), "binder-pro": ("Office", 12), "binder-max": ("Office", 16),
        "desk": ("Furniture", 300), "chair": ("Furniture", 60), "lamp": ("Furniture", 70),
    ]

    /// A buys paper and a chair; the others make binder-pro more popular than paper and the
    /// lamp less popular than the chair.
    static func scorer(_ adjust: (inout ScoringConfiguration) -> Void = { _ in }) throws -> Scorer {
        let lines = ScoringFixture.lines([
            ("A", "Corp", "paper", 1, 0), ("A", "Corp", "chair", 1, 0),
            ("B", "Corp", "paper", 5, 0), ("B", "Corp", "chair", 1, 0), ("B", "Corp", "labels", 1, 0),
            ("B", "Corp", "binder-pro", 1, 0),
            ("C", "Corp", "paper", 9, 0), ("C", "Corp", "binder-pro", 1, 0), ("C", "Corp", "labels", 1, 0),
            ("D", "Corp", "binder-pro", 1, 0), ("E", "Corp", "binder-pro", 1, 364), ("F", "Corp", "lamp", 1, 0),
            ("G", "Corp", "chair", 1, 0), ("H", "Corp", "desk", 1, 0), ("H", "Corp", "binder-max", 1, 0),
        ], catalog: catalog)
        let model = ScoringFixture.model(
            products: [("paper", [1, 0]), ("labels", [0.9, 0.1]), ("binder-pro", [0.7, 0.3]), ("binder-max", [0.5, 0.5]),
                       ("desk", [0, 1]), ("chair", [0.1, 1]), ("lamp", [0.2, 0.9])],
            customers: [("A", [1, 1])])
        var configuration = ScoringConfiguration()
        configuration.top = 10
        configuration.rules.deepSellMinimumBuyers = 3
        configuration.activeWithinDays = 0  // every line but one is on day 0: the life cycle is tested on its own
        adjust(&configuration)
        return try Scorer(model: model, lines: lines, configuration: configuration)
    }

    static func kinds(_ scorer: Scorer, _ customer: String = "A") -> [String: RecommendationKind] {
        let u = Int(scorer.data.customers.index(of: customer)!)
        var out: [String: RecommendationKind] = [:]
        for r in scorer.recommendations(forCustomer: u) { out[scorer.data.products[r.product]] = r.kind }
        return out
    }

    static func reason(_ scorer: Scorer, _ product: String, customer: String = "A") -> String? {
        let u = Int(scorer.data.customers.index(of: customer)!)
        return scorer.recommendations(forCustomer: u).first { scorer.data.products[$0.product] == product }?.reason
    }

    @Test("rules label whitespots and never remove one; the add-on guard shapes the reason, never reversed")
    func rulesNeverRemoveWhitespots() throws {
        let scorer = try Self.scorer()
        let kinds = Self.kinds(scorer)
        // Every product A has not bought is on the list (top 10 > 5 whitespots), whatever its price.
        for product in ["labels", "desk", "binder-max", "lamp"] { #expect(kinds[product] == .crossSell, "\(product)") }
        let plain = try Self.scorer { $0.rules = .off }
        let a = Int(scorer.data.customers.index(of: "A")!)
        #expect(scorer.deliveredLists(forCustomers: [a], threads: 1)[0]
                == plain.rankings(forCustomers: [a], top: 10, threads: 1)[0].map { Int32($0.product) })
        // labels (2) goes with paper (10), its most similar purchase: 2 ≤ 0.25 × 10, an add-on.
        #expect(Self.reason(scorer, "labels")?.hasSuffix(" An add-on to paper (20 % of its price).") == true)
        // desk (300) goes with the chair (60): a main product is never an add-on of a cheaper one.
        #expect(Self.reason(scorer, "desk")?.contains("add-on") == false)
        #expect(Self.reason(try Self.scorer { $0.rules.crossSellPriceFraction = 0.1 }, "labels")?.contains("add-on") == false)
        let off = Self.kinds(plain)
        #expect(off.values.allSatisfy { $0 == .crossSell })
        #expect(Self.reason(plain, "labels")?.contains("add-on") == false)
    }

    @Test("up-sell: pricier by at most 25 % in a category the customer buys, at least as popular")
    func upSell() throws {
        let kinds = Self.kinds(try Self.scorer())
        #expect(kinds["binder-pro"] == .upSell)      // 12 ≤ 1.25 × 10, 4/8 ≥ 3/8
        let scorer = try Self.scorer()
        let a = Int(scorer.data.customers.index(of: "A")!)
        let rec = try #require(scorer.recommendations(forCustomer: a).first { $0.kind == .upSell })
        #expect(rec.reason == "binder-pro costs 20 % more than paper, which you buy; 50 % of customers buy it.")
        let narrow = Self.kinds(try Self.scorer { $0.rules.upSellMaxIncrease = 0.1 })
        #expect(narrow["binder-pro"] == .crossSell)  // not an up-sell any more: a cross-sell
        let noUpSell = Self.kinds(try Self.scorer { $0.rules.upSell = false })
        #expect(noUpSell["binder-pro"] == .crossSell)
    }

    @Test("deep-sell: bought below the segment median yearly quantity, gap suggested")
    func deepSell() throws {
        let scorer = try Self.scorer()
        let a = Int(scorer.data.customers.index(of: "A")!)
        let recs = scorer.recommendations(forCustomer: a)
        let deep = try #require(recs.first { $0.kind == .deepSell })
        #expect(scorer.data.products[deep.product] == "paper")
        #expect(deep.suggestedQuantity == 4)               // median of 1, 5, 9 is 5; A buys 1 a year
        #expect(deep.expectedRevenue == 40)                // 4 × 10
        #expect(deep.reason == "You buy 1 paper a year; customers who buy it buy a median of 5: 4 more a year.")
        // score = (w · a + (1 − w) · 3/8) × gap / median; paper's raw score 1 is the candidates' minimum.
        #expect(deep.affinity == 0)
        #expect(abs(deep.score - (1 - scorer.blendWeight) * 3 / 8 * 0.8) < 1e-6)
        #expect(try Self.kinds(Self.scorer { $0.rules.deepSells = .off })["paper"] == nil)
        #expect(try Self.kinds(Self.scorer { $0.rules.deepSellMinimumBuyers = 4 })["paper"] == nil)
        // chair: A buys 1 a year, the median is 1: no gap, no deep-sell.
        #expect(Self.kinds(scorer)["chair"] == nil)
    }

    @Test("reasons quote only the data's own numbers")
    func reasonsUseRealNumbers() throws {
        let scorer = try Self.scorer()
        let a = Int(scorer.data.customers.index(of: "A")!)
        let labels = try #require(scorer.recommendations(forCustomer: a).first { scorer.data.products[$0.product] == "labels" })
        // 2 of 8 customers buy labels; the other customers who buy paper and chair: B, who buys labels.
        #expect(labels.penetration == 0.25)
        #expect(labels.reason == "25 % of customers buy labels; so does the one other customer who, like you, buys paper and chair."
                + " An add-on to paper (20 % of its price).")
        // On random data every number in a reason is a recommendation field or a recount from the lines.
        let (lines, model) = ScoringFixture.random(customers: 120, products: 30)
        var configuration = ScoringConfiguration()
        configuration.rules.crossSellPriceFraction = 1
        let random = try Scorer(model: model, lines: lines, configuration: configuration)
        var checked = 0
        for recs in random.recommendations(forCustomers: Array(0..<120), threads: 2) {
            for r in recs where r.kind == .crossSell {
                #expect(r.reason.hasPrefix(ReasonFormat.percent(r.penetration) + " of "))
                // The like-you sentence, without the add-on sentence that may follow it.
                let sentence = r.reason.components(separatedBy: " An add-on to ")[0]
                guard let range = sentence.range(of: "; so do ") else { continue }
                let tail = sentence[range.upperBound...]
                let counts = tail.components(separatedBy: " customers who")[0]
                let numbers = counts.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                let liked = tail.components(separatedBy: "like you, buy ")[1].dropLast()
                    .replacingOccurrences(of: " and ", with: ",").split(separator: ",").map(String.init)
                // Recount from the order lines: other customers who bought every liked product.
                var bought: [String: Set<String>] = [:]
                for i in 0..<lines.count where lines.quantity[i] > 0 {
                    bought[lines.customers[Int(lines.customer[i])], default: []].insert(lines.products[Int(lines.product[i])])
                }
                let me = random.data.customers[r.customer], product = random.data.products[r.product]
                let group = bought.filter { $0.key != me && liked.allSatisfy($0.value.contains) }
                let also = group.filter { $0.value.contains(product) }.count
                #expect(numbers == [Int((Double(also) / Double(group.count) * 100).rounded()), group.count])
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test("list order: whitespots by key, then deep-sells (separate); mixed ranks them together and cuts at top")
    func listOrder() throws {
        let scorer = try Self.scorer { $0.top = 3 }
        let a = Int(scorer.data.customers.index(of: "A")!)
        let recs = scorer.recommendations(forCustomer: a)
        #expect(recs.map(\.rank) == [1, 2, 3, 4])
        #expect(recs.prefix(3).allSatisfy { $0.kind != .deepSell } && recs[3].kind == .deepSell)
        #expect(zip(recs.prefix(3), recs.prefix(3).dropFirst()).allSatisfy { $0.key >= $1.key })
        let none = try Self.scorer { $0.top = 3; $0.rules.deepSellCount = 0 }
        #expect(none.recommendations(forCustomer: a).count == 3)
        let mixed = try Self.scorer { $0.top = 3; $0.rules.deepSells = .mixed }
        let merged = mixed.recommendations(forCustomer: a)
        #expect(merged.count == 3)
        #expect(zip(merged, merged.dropFirst()).allSatisfy { $0.key >= $1.key })
        let all = try Self.scorer { $0.top = 10; $0.rules.deepSells = .mixed }.recommendations(forCustomer: a)
        #expect(merged == Array(all.prefix(3)).enumerated().map { n, r in var r = r; r.rank = n + 1; return r })
    }
}

@Suite("Sorted membership and buyer bitsets for the like-you groups")
struct LikeYouCountingTests {
    @Test("the galloping lower bound equals a linear search from any start on random ascending lists")
    func lowerBound() {
        var noise = TestRandom(state: 11)
        for n in [0, 1, 5, 200, 1000] {
            let b = Array(Set((0 ..< n).map { _ in Int32((noise.signedUnit() + 1) * 600) })).sorted()
            b.withUnsafeBufferPointer { b in
                for x in [Int32(-1), 0, 17, 599, 1200] {
                    for start in Set([0, b.count / 3, b.count]) {
                        let linear = (start ..< b.count).first { b[$0] >= x } ?? b.count
                        #expect(SortedIntersection.lowerBound(of: x, in: b, from: start) == linear)
                    }
                }
            }
        }
    }

    @Test("word-at-a-time groups equal set arithmetic over the buyer lists")
    func bitsetMembers() {
        let (lines, _) = ScoringFixture.random(customers: 5000, products: 12)
        let matrix = PurchaseMatrix(lines)
        let bits = BuyerBitsets(matrix)
        func buyers(_ i: Int) -> Set<Int32> { Set(matrix.entries(ofProduct: i).map { matrix.customerOfEntry[$0] }) }
        let withBits = (0..<12).filter { bits.offset(of: $0) != nil }
        #expect(withBits.count >= 3)
        for a in withBits { for b in withBits where b > a { for c in withBits where c != a && c != b {
            let both = buyers(a).intersection(buyers(b))
            #expect(bits.members(allAt: [a, b].compactMap(bits.offset(of:))) == both.sorted())
            let triple = bits.members(allAt: [a, b, c].compactMap(bits.offset(of:)))
            #expect(triple == both.intersection(buyers(c)).sorted())
        } } }
        // Nothing gets a bitset with a budget too small for one.
        #expect((0..<12).allSatisfy { BuyerBitsets(matrix, budgetBytes: 8).offset(of: $0) == nil })
    }

    /// 40 products: every buyer list has a bitset (words); 400: none has (galloping cursors
    /// through the buyer lists).
    @Test("the like-you group is the same whichever way it is counted (words, bit tests, lists)", arguments: [40, 400])
    func likeYouGroupAgreesWithSets(products: Int) throws {
        let (lines, model) = ScoringFixture.random(customers: 3000, products: products)
        let scorer = try Scorer(model: model, lines: lines, configuration: ScoringFixture.engineConfiguration())
        let p = scorer.data.purchases
        func buyers(_ i: Int) -> Set<Int32> { Set(p.entries(ofProduct: i).map { p.customerOfEntry[$0] }) }
        var checked = 0
        for u in stride(from: 0, to: 3000, by: 97) {
            let bought = p.pairs(ofCustomer: u).map { Int(p.product[$0]) }
            guard bought.count >= 2 else { continue }
            for i in [0, 7, 39, products - 1] {
                for products in [[bought[0]], [bought[0], bought[1]]] {
                    var group = products.map(buyers).reduce(buyers(products[0])) { $0.intersection($1) }
                    group.remove(Int32(u))
                    let got = scorer.likeYouGroup(of: products[0], products.dropFirst().first, alsoBuying: i, except: u)
                    #expect(got.size == group.count && got.alsoBuying == group.intersection(buyers(i)).count)
                    // A pair's group comes from the cache the second time (asked for in the
                    // other order) and counts the same for another product.
                    let other = (i + 1) % scorer.data.products.count
                    let reused = scorer.likeYouGroup(of: products.last!, products.count == 2 ? products[0] : nil, alsoBuying: other, except: u)
                    #expect(reused.size == group.count && reused.alsoBuying == group.intersection(buyers(other)).count)
                    checked += 1
                }
            }
        }
        #expect(checked > 30)
    }

    @Test("the like-you cache finds pairs in either order, keeps pairs in use and never outgrows its budget")
    func likeYouCacheBudget() {
        let o = LikeYouGroupCache.overhead
        let cache = LikeYouGroupCache(budget: 2 * (o + 10), stripes: 1)   // generations of o + 10 ids
        cache.keep([1, 2, 3, 4, 5, 6], for: 3, 9)
        #expect(cache.group(9, 3) == [1, 2, 3, 4, 5, 6] && cache.size == (1, 0, o + 6))
        cache.keep([7, 8], for: 1, 2)                          // the first generation is full: retired
        #expect(cache.size == (2, 0, 2 * o + 8))
        #expect(cache.group(3, 9) == [1, 2, 3, 4, 5, 6])       // in use: moves back, retiring [7, 8]
        cache.keep([4, 5], for: 5, 6)                           // retires the generation holding (3, 9)
        #expect(cache.group(1, 2) == nil)                       // aged out: two generations old
        #expect(cache.group(6, 5) == [4, 5] && cache.group(3, 9) == [1, 2, 3, 4, 5, 6])
        cache.keep(Array(0 ..< 11), for: 7, 8)                  // larger than a generation: not kept
        #expect(cache.group(7, 8) == nil)
        #expect(cache.size.held <= 2 * (o + 10))
        // Counts: per pair (either order) or single product, and per product counted.
        let counts = LikeYouGroupCache(countSlots: 64, stripes: 1)
        counts.keep((size: 40, alsoBuying: 7), for: 3, 9, against: 5)
        counts.keep((size: 12, alsoBuying: 2), for: 3, nil, against: 5)
        counts.keep((size: 41, alsoBuying: 8), for: 9, 3, against: 5)      // the same key: replaced
        #expect(counts.counts(9, 3, against: 5).map { [$0.size, $0.alsoBuying] } == [41, 8])
        #expect(counts.counts(3, nil, against: 5).map { [$0.size, $0.alsoBuying] } == [12, 2])
        #expect(counts.counts(3, 9, against: 6) == nil && counts.counts(9, nil, against: 5) == nil)
        #expect(counts.size.counts == 2)
        // Far more keys than slots: never more than 64 held, the newest always found, every
        // value found is the one kept for its key.
        for i in 0 ..< 1000 {
            counts.keep((size: i, alsoBuying: i / 2), for: i % 7, i % 7 + 1 + i % 3, against: i)
            #expect(counts.counts(i % 7, i % 7 + 1 + i % 3, against: i).map { [$0.size, $0.alsoBuying] } == [i, i / 2])
        }
        let found = (0 ..< 1000).compactMap { i in counts.counts(i % 7, i % 7 + 1 + i % 3, against: i).map { (i, $0) } }
        #expect(found.allSatisfy { $0.1.size == $0.0 && $0.1.alsoBuying == $0.0 / 2 })
        #expect(counts.size.counts <= 64 && found.count == counts.size.counts && found.count >= 32)
        // Striped: every entry is found again, whichever part holds it.
        let striped = LikeYouGroupCache(budget: 1 << 20, stripes: 8)
        for a in 0 ..< 50 { striped.keep([Int32(a)], for: a, a + 1); striped.keep((size: a, alsoBuying: 0), for: a, nil, against: 1) }
        #expect((0 ..< 50).allSatisfy { striped.group($0 + 1, $0) == [Int32($0)] && striped.counts($0, nil, against: 1)?.size == $0 })
        #expect(striped.stripes == 8 && striped.size.groups == 50 && striped.size.counts == 50)
    }

}
