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

    @Test("side files take their own column mapping and report rows read, matched and applied")
    func sideFileMappings() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let orders = dir.file("orders.csv", "customer_id,order_date,product_id\nA,2024-01-02,p1\nB,2024-01-03,p1\nB,2024-01-03,p2\nC,2024-01-04,p3\n")
        var options = IngestOptions()
        // The header that silently gave zero names: 'Product' is the name, 'ProductKey' the id.
        options.catalogPath = dir.file("products.csv", "ProductKey,Product,Family,ListPrice\np1,Copy paper,Paper,4.5\np2,Stapler,Office,12\np9,Unused,Office,1\n")
        let (unmapped, before) = try OrderReader.read(path: orders, options: options)
        #expect(unmapped.catalog.name.allSatisfy { $0 == nil })
        #expect(before.catalog?.rowsRead == 3 && before.catalog?.rowsMatched == 0 && before.catalog?.idsNotListed == 3)
        #expect(before.catalog?.text.contains("no row matches: is product=Product the column of the orders' ids?") == true)

        options.catalogMapping = try ColumnMapping(parsing: "product=ProductKey,name=Product,category=Family,price=ListPrice")
        let (lines, report) = try OrderReader.read(path: orders, options: options)
        #expect(lines.catalog.name == ["Copy paper", "Stapler", nil])
        #expect(lines.catalog.categoryName(of: 1) == "Office" && lines.catalog.price[0] == 4.5)
        let side = try #require(report.catalog)
        #expect(side.columns == ["product=ProductKey", "name=Product", "category=Family", "price=ListPrice"])
        #expect(side.rowsRead == 3 && side.rowsMatched == 2 && side.rowsUnmatched == 1 && side.idsNotListed == 1)
        #expect(side.applied == ["name": 2, "category": 2, "price": 2])
        #expect(side.text == "catalogue \(options.catalogPath!) (product=ProductKey, name=Product, category=Family, price=ListPrice): 3 rows, "
            + "2 match products of the orders, 1 do not; 1 products of the orders not listed; applied 2 names, 2 categories, 2 prices")

        options.catalogMapping = try ColumnMapping(parsing: "product=Key")
        #expect(throws: IngestError.self) { try OrderReader.read(path: orders, options: options) }
        options.catalogMapping = try ColumnMapping(parsing: "segment=Family")
        do {
            _ = try OrderReader.read(path: orders, options: options)
            Issue.record("a catalogue segment must be refused")
        } catch let e as IngestError {
            #expect(e.line == 1 && e.message.contains("a catalogue has no segment field (fields: product, name, category, price)"))
        }
        options.catalogPath = dir.file("nokey.csv", "Code,Title\np1,Copy paper\n")
        options.catalogMapping = ColumnMapping()
        do {
            _ = try OrderReader.read(path: orders, options: options)
            Issue.record("a catalogue without a product column must be refused")
        } catch let e as IngestError {
            #expect(e.message.contains("no product column in the catalogue") && e.message.contains("'Code', 'Title'"))
        }

        options.catalogPath = nil
        options.customersPath = dir.file("crm.csv", "CustNo,Tier\nB,Gold\nC,\nZ,Silver\n")
        options.customersMapping = try ColumnMapping(parsing: "customer=CustNo,segment=Tier")
        let (_, crm) = try OrderReader.read(path: orders, options: options)
        let customers = try #require(crm.customersFile)
        #expect(customers.rowsRead == 3 && customers.rowsMatched == 2 && customers.idsNotListed == 1 && customers.applied == ["segment": 1])
        options.customersMapping = ColumnMapping()
        #expect(throws: IngestError.self) { try OrderReader.read(path: orders, options: options) }
    }
}
