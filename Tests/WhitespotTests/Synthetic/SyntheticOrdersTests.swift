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

    @Test("planted structure: segment preferences, cheap accessories after their main product, repeated consumables")
    func plantedStructure() {
        let d = Self.data
        var preferred = 0, purchases = 0, accessoriesWithMain = 0, accessories = 0
        var consumableRepeats = 0, consumableLines = 0
        var seen = Set<Int64>()
        var sameDayMain = Set<Int64>()
        for i in 0..<d.count where d.quantity[i] > 0 {
            let u = Int(d.customer[i]), p = Int(d.product[i])
            purchases += 1
            if d.preferredCategories[Int(d.segmentOfCustomer[u])].contains(d.categoryOfProduct[p]) { preferred += 1 }
            let key = Int64(u) << 32 | Int64(p)
            if d.kind[p] == .consumable {
                consumableLines += 1
                if !seen.insert(key).inserted { consumableRepeats += 1 }
            }
            if d.kind[p] == .main { sameDayMain.insert(Int64(u) << 40 | Int64(d.day[i]) << 20 | Int64(p)) }
        }
        for i in 0..<d.count where d.quantity[i] > 0 && d.kind[Int(d.product[i])] == .accessory {
            let p = Int(d.product[i]), main = Int(d.accessoryOf[p])
            accessories += 1
            #expect(d.priceCents[p] <= d.priceCents[main] / 5 + 1)
            let key = Int64(d.customer[i]) << 40 | Int64(d.day[i]) << 20 | Int64(main)
            if sameDayMain.contains(key) { accessoriesWithMain += 1 }
        }
        // Two preferred categories out of ten take well over their 20 % "fair share".
        #expect(Double(preferred) / Double(purchases) > 0.6)
        #expect(accessories > 1_000 && Double(accessoriesWithMain) / Double(accessories) > 0.95)
        #expect(Double(consumableRepeats) / Double(consumableLines) > 0.3)
        #expect(d.categoryCount == 10)
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
