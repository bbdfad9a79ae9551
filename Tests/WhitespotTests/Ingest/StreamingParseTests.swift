import Foundation
import Testing
@testable import Whitespot

/// Orders read from a database are parsed while they arrive, in parts cut at line ends: the
/// result must be exactly that of parsing the same text at once, errors included.
@Suite("Streaming parse of database exports", .serialized)
struct StreamingParseTests {
    /// 60,000 order lines as CSV text, and a SQLite database holding them in table `orders`.
    func fixture(_ dir: ScratchDirectory, badRow: Int? = nil, quoteRow: Int? = nil) throws -> (csv: String, db: String) {
        var text = "customer_id,order_date,product_id,quantity,product_name\n"
        var rows: [[String]] = []
        for i in 0 ..< 60_000 {
            var row = ["C\(i * 31 % 4_001)", "2024-\(1 + i % 12 < 10 ? "0" : "")\(1 + i % 12)-\(10 + i % 19)",
                       "P\(i * 7 % 1_009)", i + 1 == badRow ? "lots" : "\(1 + i % 4)", "Item \(i % 1_009)"]
            if i + 1 == quoteRow { row[4] = "Item, \"large\"" }
            rows.append(row)
            text += row.map { $0.contains(",") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ",") + "\n"
        }
        let db = dir.url.appendingPathComponent("orders.db").path
        let connection = try SQLiteConnection(path: db, create: true)
        try connection.execute("CREATE TABLE orders (customer_id TEXT, order_date TEXT, product_id TEXT, quantity TEXT, product_name TEXT)")
        try connection.transaction {
            let insert = try connection.prepare("INSERT INTO orders VALUES (?1, ?2, ?3, ?4, ?5)")
            for row in rows { try insert.run(row) }
        }
        return (dir.file("orders.csv", text), db)
    }

    func read(_ db: String) throws -> (OrderLines, IngestReport) {
        try OrderReader.read(database: .sqlite(path: db), source: .table(try SQLName("orders")), options: IngestOptions())
    }

    @Test("parts cut while the text arrives give the lines, ids and report of one parse at the end")
    func sameAsOneParse() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let saved = StreamingOrderParse.chunkBytes
        defer { StreamingOrderParse.chunkBytes = saved }
        for quoteRow in [nil, 45_000] as [Int?] {
            let (csv, db) = try fixture(dir, quoteRow: quoteRow)
            let (whole, wholeReport) = try OrderReader.read(path: csv, options: IngestOptions())
            for chunk in [64 << 10, 500_000, 32 << 20] {
                StreamingOrderParse.chunkBytes = chunk
                let (lines, report) = try read(db)
                #expect(lines.customers.ids == whole.customers.ids && lines.products.ids == whole.products.ids)
                #expect(lines.customer == whole.customer && lines.product == whole.product && lines.day == whole.day)
                #expect(lines.quantity == whole.quantity && lines.catalog.name == whole.catalog.name)
                #expect(report.linesRead == wholeReport.linesRead && report.linesKept == 60_000)
                // The same text fed in pieces: parts are cut early (before the quote, if any).
                let stream = StreamingOrderParse(file: "fed", options: IngestOptions())
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: csv)))
                for start in stride(from: 0, to: bytes.count, by: 10_000) {
                    bytes[start ..< min(start + 10_000, bytes.count)].withUnsafeBytes { stream.text.append($0) }
                    try stream.advance()
                }
                let early = stream.partsParsedEarly
                #expect(chunk == 32 << 20 ? early == 0 : early >= (quoteRow == nil ? bytes.count / (chunk + 10_000) - 1 : 2), "\(chunk): \(early)")
                let (fed, _) = try stream.finish(rows: true)
                #expect(fed.customer == whole.customer && fed.product == whole.product && fed.customers.ids == whole.customers.ids)
            }
            try FileManager.default.removeItem(atPath: db)
        }
    }

    @Test("a bad row in a late part is named by its row, as without parts")
    func badRowInALatePart() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let saved = StreamingOrderParse.chunkBytes
        defer { StreamingOrderParse.chunkBytes = saved }
        let (_, db) = try fixture(dir, badRow: 52_345)
        for chunk in [64 << 10, 32 << 20] {
            StreamingOrderParse.chunkBytes = chunk
            do {
                _ = try read(db)
                Issue.record("a bad row must stop the read")
            } catch let e as IngestError {
                #expect(e.description == "sqlite:\(db) table orders: row 52345: quantity in column 'quantity' is not a number (lots)")
            }
        }
    }
}
