import Testing
@testable import Whitespot

@Suite("Product life cycle and variant families")
struct LifeCycleAndFamiliesTests {
    @Test("last sale per product ignores returns; active means sold within the window before the reference day")
    func lastSaleAndActivity() {
        let life = ProductLifeCycle(productCount: 3, product: [0, 0, 1, 1, -1], day: [10, 40, 12, 50, 60], quantity: [1, 2, 1, -1, 1])
        #expect(life.lastSale == [40, 12, .min])
        #expect(life.isActive(0, window: 10, referenceDay: 50))        // 40 ≥ 50 − 10
        #expect(!life.isActive(0, window: 9, referenceDay: 50))
        #expect(!life.isActive(2, window: 1000, referenceDay: 50))     // never sold
        #expect(life.isActive(2, window: 0, referenceDay: 50))         // 0: the rule is off
    }

    @Test("the default window: shortest whole weeks with at most 1 % of selling days beyond it, within 28...364")
    func defaultWindow() {
        // Gaps of 7 days only: nothing lies beyond 28 days.
        #expect(ProductLifeCycle.window(gaps: [Int32](repeating: 7, count: 100)) == 28)
        // 99 gaps of 10 days and one of 200: total 1190 days; beyond W: 200 − W ≤ 11.9 → W ≥ 188.1 → 189.
        #expect(ProductLifeCycle.window(gaps: [Int32](repeating: 10, count: 99) + [200]) == 189)
        // A single huge gap: clamped to a year.
        #expect(ProductLifeCycle.window(gaps: [2000]) == 364)
        #expect(ProductLifeCycle.window(gaps: []) == 28)
        // From lines: product 0 sells every 10 days for 990 days, product 1 twice 200 days apart.
        var product: [Int32] = [], day: [Int32] = []
        for d in stride(from: 0, through: 990, by: 10) { product.append(0); day.append(Int32(d)) }
        product += [1, 1]; day += [0, 200]
        let life = ProductLifeCycle(productCount: 2, product: product, day: day, quantity: [Double](repeating: 1, count: day.count))
        #expect(life.defaultWindowDays == 189)
    }

    @Test("each product's own window: the default widened to its longest gap between sale days, at most a year")
    func productWindows() {
        // Product 0 sells on days 0, 10, 70 (gaps 10 and 60), product 1 on day 5 only, product 2
        // on days 0 and 500 (one gap of 500, beyond a year), product 3 never; a return (−1) on
        // day 90 of product 0 is no sale.
        let life = ProductLifeCycle(productCount: 4, product: [0, 0, 0, 1, 2, 2, 0], day: [0, 10, 70, 5, 0, 500, 90],
                                    quantity: [1, 1, 2, 1, 1, 1, -1])
        #expect(life.longestGap == [60, 0, 500, 0])
        #expect(life.productWindow(0, base: 28) == 60)
        #expect(life.productWindow(0, base: 90) == 90)                // never below the default
        #expect(life.productWindow(1, base: 28) == 28)                // one sale day: no gap
        #expect(life.productWindow(2, base: 28) == ProductLifeCycle.maximumWindowDays)
        // Reference day 125: product 0 is silent for 55 days, beyond 28 but within its own 60.
        #expect(life.isActive(0, base: 28, referenceDay: 125))
        #expect(!life.isActive(0, window: 28, referenceDay: 125))     // the plain window drops it
        #expect(!life.isActive(0, base: 28, referenceDay: 131))       // 61 days: beyond its own gap too
        #expect(!life.isActive(1, base: 28, referenceDay: 125))
        #expect(!life.isActive(3, base: 28, referenceDay: 125))       // never sold
        #expect(life.isActive(3, base: 0, referenceDay: 125))         // 0: the rule is off
        #expect(ProductLifeCycle(productCount: 2, product: [], day: [], quantity: []).longestGap == [0, 0])
    }

    @Test("families: same normalised name within a category; products without a name stand alone")
    func families() {
        let f = ProductFamilies(names: ["Red Mug", " red  MUG ", "Blue Mug", nil, "", "Red Mug", "blue mug"],
                                category: [0, 0, 0, -1, -1, 1, 0])
        #expect(f.members(ofFamilyOf: 0) == [0, 1])
        #expect(f.members(ofFamilyOf: 2) == [2, 6])
        #expect(f.familyOf[3] == -1 && f.familyOf[4] == -1 && f.familyOf[5] == -1)  // 5: same name, other category
        #expect(f.members(ofFamilyOf: 5) == [5])
        #expect(f.sharedNames == 2 && f.codesInSharedNames == 4)
        #expect(ProductFamilies.normalised("  A\tB  ") == "a b" && ProductFamilies.normalised("  ") == nil)
    }
}
