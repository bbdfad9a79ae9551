import Testing
@testable import Whitespot

@Suite("Synthetic orders")
struct SyntheticOrdersTests {
    static let data = SyntheticOrders(.init(customers: 2_000, products: 400, lines: 60_000, seed: 11))

    @Test("deterministic by seed, sized by the flags")
    func deterministic() {
        let again = SyntheticOrders(.init(customers: 2_000, products: 400, lines: 60_000, seed: 11))
        let other = SyntheticOrders(.init(customers: 2_000, products: 400, lines: 60_000, seed: 12))
        let d = Self.data
        #expect(d.count == 60_000)
        #expect(d.customer == again.customer && d.product == again.product && d.day == again.day && d.quantity == again.quantity)
        #expect(d.product != other.product)
        #expect(d.day == d.day.sorted())
        #expect(d.day.first ?? 0 >= d.parameters.firstDay && d.day.last ?? 0 < d.parameters.firstDay + Int32(d.parameters.days))
    }

    @Test("written CSV plus catalogue read back exactly as orderLines()")
    func roundTrip() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let orders = dir.url.appendingPathComponent("orders.csv").path
        let catalog = dir.url.appendingPathComponent("products.csv").path
        try Self.data.writeOrders(to: orders)
        try Self.data.writeCatalog(to: catalog)
        var options = IngestOptions()
        options.catalogPath = catalog
        let (read, report) = try OrderReader.read(path: orders, options: options)
        let built = Self.data.orderLines()
        #expect(report.linesKept == 60_000 && report.returnLines > 0)
        #expect(read.customers == built.customers && read.products == built.products && read.segments == built.segments)
        #expect(read.customer == built.customer && read.product == built.product && read.day == built.day)
        #expect(read.quantity == built.quantity && read.revenue == built.revenue && read.segment == built.segment)
        #expect(read.catalog.categories == built.catalog.categories && read.catalog.category == built.catalog.category)
        #expect(read.catalog.price == built.catalog.price && read.catalog.name == built.catalog.name)
    }

    @Test("planted structure: segment preferences, accessories after their main product, repeated consumables")
    func plantedStructure() {
        let d = Self.data
        var preferred = 0, purchases = 0, accessoriesAfterMain = 0, accessories = 0
        var accessoriesInOrder = 0, accessoriesLater = 0
        var consumableRepeats = 0, consumableLines = 0
        var seen = Set<Int64>()
        var mainDays = [Int64: [Int32]]()
        for i in 0..<d.count where d.quantity[i] > 0 {
            let u = Int(d.customer[i]), p = Int(d.product[i])
            purchases += 1
            if d.preferredCategories[Int(d.segmentOfCustomer[u])].contains(d.categoryOfProduct[p]) { preferred += 1 }
            let key = Int64(u) << 32 | Int64(p)
            if d.kind[p] == .consumable {
                consumableLines += 1
                if !seen.insert(key).inserted { consumableRepeats += 1 }
            }
            if d.kind[p] == .main { mainDays[key, default: []].append(d.day[i]) }
        }
        for i in 0..<d.count where d.quantity[i] > 0 && d.kind[Int(d.product[i])] == .accessory {
            let p = Int(d.product[i]), main = Int(d.accessoryOf[p])
            accessories += 1
            #expect(d.priceCents[p] <= d.priceCents[main] / 5 + 1)
            #expect(d.categoryOfProduct[p] == d.categoryOfProduct[main] && d.styleOfProduct[p] == -1)
            // Every accessory follows a purchase of its own main product by the same customer:
            // in the same order, or 3…92 days later (which a held-out period can see).
            let bought = mainDays[Int64(d.customer[i]) << 32 | Int64(main)] ?? []
            if bought.contains(d.day[i]) { accessoriesInOrder += 1 }
            if bought.contains(where: { SyntheticOrders.accessoryDelay.contains(Int(d.day[i] - $0)) }) {
                accessoriesLater += 1
            }
            if bought.contains(where: { $0 == d.day[i] || SyntheticOrders.accessoryDelay.contains(Int(d.day[i] - $0)) }) {
                accessoriesAfterMain += 1
            }
        }
        // Two preferred categories out of ten take well over their 20 % "fair share",
        // although personal styles spread the rest over all categories.
        #expect(Double(preferred) / Double(purchases) > 0.4)
        #expect(accessories > 1_000 && accessoriesAfterMain == accessories)
        #expect(accessoriesInOrder > accessories / 4 && accessoriesLater > accessories / 3)
        #expect(Double(consumableRepeats) / Double(consumableLines) > 0.3)
        #expect(d.categoryCount == 10)
    }

    @Test("personal styles cut across categories and concentrate purchases beyond the segment")
    func personalStyles() {
        let d = Self.data
        #expect(d.styleCount == 20)
        #expect(d.personalStyles.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy { (0..<20).contains($0) } })
        #expect(d.personalShare.allSatisfy { SyntheticOrders.personalShareRange.contains($0) })
        // Styles are not categories: each style spans several categories.
        var categoriesOfStyle = [Set<Int32>](repeating: [], count: d.styleCount)
        for p in 0..<d.parameters.products where d.styleOfProduct[p] >= 0 {
            categoriesOfStyle[Int(d.styleOfProduct[p])].insert(d.categoryOfProduct[p])
        }
        #expect(categoriesOfStyle.allSatisfy { $0.count >= 4 })
        // A customer's styled purchases fall in their own styles far more often than in the
        // styles of the next customer of the same segment: the taste is personal.
        var nextInSegment = [Int](repeating: -1, count: d.parameters.customers)
        var last = [Int: Int]()
        for u in stride(from: d.parameters.customers - 1, through: 0, by: -1) {
            let s = Int(d.segmentOfCustomer[u])
            nextInSegment[u] = last[s] ?? -1
            last[s] = u
        }
        var styled = 0, own = 0, peer = 0
        for i in 0..<d.count where d.quantity[i] > 0 {
            let u = Int(d.customer[i]), style = d.styleOfProduct[Int(d.product[i])]
            guard style >= 0, nextInSegment[u] >= 0 else { continue }
            styled += 1
            if d.personalStyles[u].contains(style) { own += 1 }
            if d.personalStyles[nextInSegment[u]].contains(style) { peer += 1 }
        }
        let ownShare = Double(own) / Double(styled), peerShare = Double(peer) / Double(styled)
        #expect(ownShare > 0.5 && peerShare < 0.2 && ownShare > 4 * peerShare)
        // Independent of the segment: personal styles of different segments look alike.
        var firstStyles = [Set<Int32>](repeating: [], count: d.preferredCategories.count)
        for u in 0..<d.parameters.customers { firstStyles[Int(d.segmentOfCustomer[u])].insert(d.personalStyles[u][0]) }
        #expect(firstStyles.allSatisfy { $0.count == d.styleCount })
    }

    @Test("popularity is heavy-tailed")
    func powerLaw() {
        let d = Self.data
        var buyers = [Int](repeating: 0, count: d.parameters.products)
        for p in d.product { buyers[Int(p)] += 1 }
        let sorted = buyers.sorted(by: >)
        let top = sorted.prefix(40).reduce(0, +), all = sorted.reduce(0, +)
        #expect(Double(top) / Double(all) > 0.3)  // the top 10 % of products carry well over 10 % of lines
    }
}
