import Testing
@testable import Whitespot

@Suite("Netting, exclusions, catalogue, customer file, product level")
struct NettingAndSideFilesTests {
    @Test("returns net against purchases of the same customer and product")
    func netting() throws {
        let csv = """
            customer_id,order_date,product_id,quantity,revenue
            A,2024-01-02,desk,1,300
            A,2024-01-09,desk,-1,-300
            A,2024-01-02,pen,5,10
            A,2024-01-03,pen,-2,-4
            B,2024-01-02,pen,1,2

            """
        let (lines, report) = try readOrders(csv)
        #expect(report.returnLines == 2)
        let m = PurchaseMatrix(lines)
        #expect(m.pairCount == 2 && m.nettedOutPairs == 1)
        let pen = Int(lines.products.index(of: "pen") ?? -1)
        let a = Int(lines.customers.index(of: "A") ?? -1)
        let k = try #require(m.pair(customer: a, product: pen))
        #expect(m.quantity[k] == 3 && m.revenue[k] == 6 && m.lines[k] == 1)
        #expect(m.pair(customer: a, product: Int(lines.products.index(of: "desk") ?? -1)) == nil)
    }

    @Test("lines without a customer are skipped and counted; excluded products are dropped")
    func skippedAndExcluded() throws {
        let csv = "customer_id,order_date,product_id\n,2024-01-02,p1\n  ,2024-01-02,p1\nA,2024-01-02,POST\nA,2024-01-02,p1\nA,2024-01-02,post\n"
        let (lines, report) = try readOrders(csv) { $0.excludeProducts = try ProductList.codes(from: "POST, DOT") }
        #expect(report.noCustomer == 2 && report.excluded == 1)
        #expect(lines.products.ids == ["p1", "post"])  // matching is exact
    }

    @Test("an exclude list can be a file with comments")
    func excludeFile() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let path = dir.file("exclude.txt", "POST   # postage\n\nDOT\r\nBANK CHARGES\n")
        #expect(try ProductList.codes(from: path) == ["POST", "DOT", "BANK CHARGES"])
        #expect(try ProductList.codes(from: "POST,,M") == ["POST", "M"])
    }

    @Test("categories and names come from the order file, prices only from a catalogue (which overrides the rest)")
    func catalogue() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let orders = dir.file("orders.csv", "customer_id,order_date,product_id,category,product_name,quantity,revenue\nA,2024-01-02,p1,Paper,Copy paper,2,10\nB,2024-01-03,p1,Paper,Copy paper,1,6\nB,2024-01-03,p2,,,1,3\n")
        var options = IngestOptions()
        let (plain, _) = try OrderReader.read(path: orders, options: options)
        #expect(plain.catalog.categoryName(of: 0) == "Paper" && plain.catalog.name[0] == "Copy paper")
        // Prices seen in order lines are not a catalogue fact: whoever needs one takes it from the
        // lines it may see (an evaluation must not see prices from after its cutoff).
        #expect(plain.catalog.price.count == 2 && plain.catalog.price.allSatisfy(\.isNaN) && plain.catalog.categoryName(of: 1) == nil)
        options.catalogPath = dir.file("products.csv", "sku,name,category,list_price\np2,Stapler,Office,12.5\np9,Unused,Office,1\n")
        let (lines, _) = try OrderReader.read(path: orders, options: options)
        #expect(lines.catalog.categoryName(of: 1) == "Office" && lines.catalog.name[1] == "Stapler" && lines.catalog.price[1] == 12.5)
        #expect(lines.products.count == 2)
    }

    @Test("product level rolls products up to an order-file or catalogue column")
    func productLevel() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let orders = dir.file("orders.csv", "customer_id,order_date,product_id,Sub-Category\nA,2024-01-02,p1,Binders\nA,2024-01-03,p2,Binders\nB,2024-01-03,p3,Chairs\n")
        var options = IngestOptions()
        options.productLevel = "sub-category"
        let (lines, report) = try OrderReader.read(path: orders, options: options)
        #expect(lines.products.ids == ["Binders", "Chairs"] && report.productLevel == "sub-category")
        #expect(PurchaseMatrix(lines).pairCount == 2)

        let plain = dir.file("plain.csv", "customer_id,order_date,product_id\nA,2024-01-02,p1\nA,2024-01-03,p2\nB,2024-01-03,p3\n")
        options.catalogPath = dir.file("products.csv", "product,group\np1,G1\np2,G1\n")
        options.productLevel = "group"
        let (grouped, groupedReport) = try OrderReader.read(path: plain, options: options)
        #expect(grouped.products.ids == ["G1", "p3"] && groupedReport.productsWithoutLevel == 1)
        #expect(grouped.product == [0, 0, 1])

        options.catalogPath = nil
        options.productLevel = "nowhere"
        #expect(throws: IngestError.self) { try OrderReader.read(path: plain, options: options) }
    }

    @Test("a customer file sets segments")
    func customerFile() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let orders = dir.file("orders.csv", "customer_id,order_date,product_id,segment\nA,2024-01-02,p1,Retail\nB,2024-01-03,p1,Retail\n")
        var options = IngestOptions()
        options.customersPath = dir.file("customers.csv", "customer_id,name,segment\nB,Bea,Hotels\nZ,Zed,Health\n")
        let (lines, report) = try OrderReader.read(path: orders, options: options)
        let segments = CustomerSegments(lines, by: .column)
        #expect(segments.names[Int(segments.ofCustomer[0])] == "Retail")
        #expect(segments.names[Int(segments.ofCustomer[1])] == "Hotels")
        #expect(report.customersFromFile == 1)
        options.customersPath = dir.file("bad.csv", "id,group\nB,Hotels\n")
        #expect(throws: IngestError.self) { try OrderReader.read(path: orders, options: options) }
    }
}
