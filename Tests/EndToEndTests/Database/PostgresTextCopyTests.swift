import Foundation
import Testing
import TestSupport
@testable import Whitespot

/// Orders are read from PostgreSQL in COPY's text format (tab-separated, backslash escapes, `\N`
/// for NULL) and must give exactly what the same rows give exported as CSV: values holding tabs,
/// line breaks, double quotes, backslashes, the text `\N`, empty strings and NULLs included, in
/// parts parsed while the rows arrive, and bad rows named by the same query row. A table is read in
/// its own order, also after another scan of it was interrupted.
@Suite(.enabled(if: PostgresServer.available, "PostgreSQL server binaries (initdb, pg_ctl) not installed"))
struct PostgresTextCopyTests {
    /// 60,000 rows whose ids, segments and names hold every character the text format escapes.
    static let rows = """
        SELECT 'C' || (i * 31 % 4001) || CASE WHEN i % 997 = 0 THEN E'\\\\x' WHEN i % 991 = 0 THEN E'\\tb' ELSE '' END AS customer_id,
               DATE '2024-01-01' + i % 300 AS order_date,
               'P' || (i * 7 % 1009) || CASE WHEN i % 1009 = 3 THEN E' "q"' ELSE '' END AS product_id,
               (1 + i % 4)::numeric / 2 AS quantity,
               CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN '' ELSE 'Seg' || (i % 3) END AS segment,
               CASE i % 1009 % 8 WHEN 0 THEN E'Item "big"\\tA' WHEN 1 THEN E'two\\nlines' WHEN 2 THEN E'back\\\\slash \\\\N'
                    WHEN 3 THEN 'comma, item' WHEN 4 THEN NULL WHEN 5 THEN E'cr\\r\\nlf' WHEN 6 THEN E'\\\\N' ELSE 'plain' END AS product_name
        FROM generate_series(1, 60000) AS i
        """

    @Test func readsEscapedValuesExactlyLikeTheCSVExport() throws {
        let server = try PostgresServer.start()
        let table = PostgresCommandTests.table("escaped")
        try PostgresConnection(uri: server.uri).execute("CREATE TABLE \(table) AS \(Self.rows)")
        let dir = try scratchDirectory("pg-text-\(table)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = StreamingOrderParse.chunkBytes
        defer { StreamingOrderParse.chunkBytes = saved }
        // Every value as it is (quoted CSV from the first rows on: one parse at the end), and with
        // quotes, tabs and line breaks removed (backslashes, `\N` and NULLs left: parts are parsed
        // while the rows arrive).
        let plain = "regexp_replace(%@, E'[\"\\t\\r\\n]', '', 'g')"
        let cleaned = ["customer_id", "order_date", "product_id", "quantity", "segment", "product_name"].map {
            ["customer_id", "product_id", "product_name"].contains($0) ? plain.replacingOccurrences(of: "%@", with: $0) + " AS \($0)" : $0
        }.joined(separator: ", ")
        for (n, query) in ["SELECT * FROM \(table)", "SELECT \(cleaned) FROM \(table)"].enumerated() {
            let export = dir.appendingPathComponent("export\(n).csv")
            try DatabaseFixtures.export(query, uri: server.uri).write(to: export, atomically: true, encoding: .utf8)
            let (file, fileReport) = try OrderReader.read(path: export.path, options: IngestOptions())
            #expect(fileReport.linesKept == 60_000)
            #expect(file.customers.ids.contains(n == 0 ? "C2714\tb" : "C2714b") && file.customers.ids.contains("C2900\\x"))
            #expect(file.catalog.name.contains(n == 0 ? "two\nlines" : "twolines") && file.catalog.name.contains("\\N"))
            for chunk in [64 << 10, 32 << 20] {
                StreamingOrderParse.chunkBytes = chunk
                for source in n == 0 ? [OrderSource.table(try SQLName(table)), .query(query)] : [.query(query)] {
                    let (db, report) = try OrderReader.read(database: .postgres(uri: server.uri), source: source, options: IngestOptions())
                    #expect(db.customers.ids == file.customers.ids && db.products.ids == file.products.ids)
                    #expect(db.segments.ids == file.segments.ids && db.segment == file.segment)
                    #expect(db.customer == file.customer && db.product == file.product && db.day == file.day)
                    #expect(db.quantity == file.quantity && db.catalog.name == file.catalog.name)
                    #expect(report.linesRead == fileReport.linesRead && report.linesKept == fileReport.linesKept)
                }
            }
        }
    }

    @Test func aTableIsReadFromItsFirstRowAfterAnInterruptedScan() throws {
        let server = try PostgresServer.start()
        let table = PostgresCommandTests.table("big")
        let pg = try PostgresConnection(uri: server.uri)
        // Larger than a quarter of shared_buffers (128 MB), where PostgreSQL synchronizes scans.
        try pg.execute("""
            CREATE TABLE \(table) AS SELECT i AS n, 'C' || (i::bigint * 7919 % 50021) AS customer_id, DATE '2024-01-01' + i % 300 AS order_date,
                   'P' || (i * 31 % 2003) AS product_id, 1 + i % 3 AS quantity, repeat('x', 40) AS note
            FROM generate_series(1, 400000) AS i
            """)
        let dir = try scratchDirectory("pg-sync-\(table)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = dir.appendingPathComponent("export.csv")
        try DatabaseFixtures.export("SELECT customer_id, order_date, product_id, quantity FROM \(table) ORDER BY n", uri: server.uri)
            .write(to: export, atomically: true, encoding: .utf8)
        let (file, _) = try OrderReader.read(path: export.path, options: IngestOptions())
        func interruptedScan() throws {
            #expect(try pg.rows("SELECT count(*) FROM (SELECT * FROM \(table) LIMIT 250000) AS s").first?.first == "250000")
        }
        // Without the setting, the next scan starts where the interrupted one stopped.
        try interruptedScan()
        let first = try DatabaseFixtures.export("SELECT n FROM \(table)", uri: server.uri).split(separator: "\n").dropFirst().first
        #expect(first != "1", "the server did not synchronize scans: this test shows nothing")
        try interruptedScan()
        let (db, _) = try OrderReader.read(database: .postgres(uri: server.uri), source: .table(try SQLName(table)), options: IngestOptions())
        #expect(db.customers.ids == file.customers.ids && db.products.ids == file.products.ids)
        #expect(db.customer == file.customer && db.product == file.product && db.day == file.day && db.quantity == file.quantity)
    }

    @Test func aBadRowAfterValuesWithLineBreaksIsNamedByItsQueryRow() throws {
        let server = try PostgresServer.start()
        let query = """
            SELECT * FROM (VALUES ('C1', DATE '2020-01-01', 'P1', E'a\\nb', '2'), ('C\\2', DATE '2020-01-02', 'P2', E'tab\\there', '1'),
                                  (E'C"3', DATE '2020-01-03', E'P\\t3', NULL, E'7\\\\')) AS t(customer_id, order_date, product_id, product_name, quantity)
            """
        let result = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-query", query])
        #expect(result.status != 0)
        #expect(result.err.contains("query: row 3: quantity in column 'quantity' is not a number (7\\)"), "\(result.err)")
    }

    @Test func columnNamesNeedingQuotesAndABadQueryAreReported() throws {
        let server = try PostgresServer.start()
        let query = "SELECT 'C1' AS \"cust\tid\", DATE '2020-01-01' AS \"day \"\"one\"\"\", 'P1' AS \"prod,uct\""
        let read = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-query", query,
                                            "--columns", "customer=cust\tid,date=day \"one\",product=\"prod,uct\""])
        #expect(read.status == 0, "\(read.err)")
        #expect(read.out.contains("1 lines read, 1 kept") || read.out.contains("1 line read, 1 kept"), "\(read.out)")
        let bad = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-query", "SELECT * FROM no_such_table"])
        #expect(bad.status != 0 && bad.err.contains("relation \"no_such_table\" does not exist"), "\(bad.err)")
    }
}
