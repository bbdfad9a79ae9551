import Foundation
import Testing
@testable import Whitespot

@Suite("CSV reading")
struct CSVReadingTests {
    @Test("quoted fields keep commas, line breaks and doubled quotes")
    func quotedFields() throws {
        let csv = "customer_id,order_date,product_id\n\"A, Inc.\",2024-01-02,\"Mug \"\"XL\"\"\"\n\"B\nsecond line\",2024-01-03,plain\n"
        let (lines, report) = try readOrders(csv)
        #expect(report.linesRead == 2 && lines.count == 2)
        #expect(lines.customerId(0) == "A, Inc.")
        #expect(lines.productId(0) == "Mug \"XL\"")
        #expect(lines.customerId(1) == "B\nsecond line")
        #expect(lines.day[1] == Days.from(year: 2024, month: 1, day: 3))
    }

    @Test("CRLF line ends, a UTF-8 byte-order mark and a missing final line break")
    func crlfAndBOM() throws {
        let csv = "\u{FEFF}Customer_ID,ORDER_DATE,product_id\r\nA,2024-01-02,p1\r\nB,2024-01-03,\"p2\"\r\nC,2024-01-04,p3"
        let (lines, _) = try readOrders(csv)
        #expect(lines.count == 3)
        #expect(lines.customers.ids == ["A", "B", "C"])
        #expect(lines.products.ids == ["p1", "p2", "p3"])
    }

    @Test("semicolon and tab delimiters are detected; a decimal comma is read when asked")
    func delimiters() throws {
        let semicolon = "customer_id;order_date;product_id;quantity;unit_price\nA;2024-01-02;p1;2;1,25\n"
        let (lines, report) = try readOrders(semicolon) { $0.decimalComma = true }
        #expect(report.delimiter == ";")
        #expect(lines.revenue == [2.5])
        let tab = "customer_id\torder_date\tproduct_id\nA\t2024-01-02\tp, with comma\n"
        let (tabbed, tabReport) = try readOrders(tab)
        #expect(tabReport.delimiter == "tab")
        #expect(tabbed.productId(0) == "p, with comma")
        let given = try readOrders("customer_id|order_date|product_id\nA|2024-01-02|p1\n") { $0.delimiter = IngestOptions.delimiter(named: "pipe") }
        #expect(given.0.productId(0) == "p1")
    }

    @Test("a decimal comma with a comma delimiter is refused")
    func decimalCommaNeedsOtherDelimiter() {
        let e = ingestError("customer_id,order_date,product_id\nA,2024-01-02,p1\n") { $0.decimalComma = true }
        #expect(e?.problem == .decimalCommaNeedsDelimiter)
        #expect(e?.message.contains("decimal comma") == true)
    }

    @Test("blank lines are counted, not read as rows")
    func blankLines() throws {
        let (lines, report) = try readOrders("customer_id,order_date,product_id\nA,2024-01-02,p1\n\n\r\nB,2024-01-02,p1\n")
        #expect(lines.count == 2 && report.blankLines == 2 && report.linesRead == 2)
    }

    @Test("quantity defaults to 1; revenue is given or quantity × unit price")
    func quantityAndRevenue() throws {
        let (plain, _) = try readOrders("customer_id,order_date,product_id\nA,2024-01-02,p1\n")
        #expect(plain.quantity == [1] && plain.revenue == [0] && !plain.hasQuantity && !plain.hasRevenue)
        let (priced, _) = try readOrders("customer_id,order_date,product_id,quantity,unit_price\nA,2024-01-02,p1,3,2.5\nA,2024-01-03,p1,-1,2.5\n")
        #expect(priced.quantity == [3, -1] && priced.revenue == [7.5, -2.5] && priced.hasRevenue)
        let (given, _) = try readOrders("customer_id,order_date,product_id,quantity,revenue,unit_price\nA,2024-01-02,p1,3,7,100\n")
        #expect(given.revenue == [7])
    }

    @Test("parallel parsing gives exactly the serial result")
    func parallelEqualsSerial() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let data = SyntheticOrders(.init(customers: 3000, products: 400, lines: 120_000, seed: 5))
        let path = dir.url.appendingPathComponent("orders.csv").path
        try data.writeOrders(to: path)
        var serial = IngestOptions()
        serial.workers = 1
        var parallel = IngestOptions()
        parallel.workers = 4
        let (a, ra) = try OrderReader.read(path: path, options: serial)
        let (b, rb) = try OrderReader.read(path: path, options: parallel)
        #expect(a.count == 120_000)
        #expect(a.customers == b.customers && a.products == b.products && a.segments == b.segments)
        #expect(a.customer == b.customer && a.product == b.product && a.day == b.day)
        #expect(a.quantity == b.quantity && a.revenue == b.revenue && a.segment == b.segment)
        #expect(ra == rb)
        let bytes = try InputBytes(path: path, displayName: path)
        let parts = OrderReader.split(bytes.buffer, 0..<bytes.buffer.count, workers: 4)
        #expect(parts.count == 4)  // the file is over 4 MiB, so the parallel path really ran
        #expect(parts.allSatisfy { $0.lowerBound == 0 || bytes.buffer[$0.lowerBound - 1] == 10 })
    }
}
