import Foundation
import Testing
@testable import Whitespot
import TestSupport

/// `whitespot` reading orders from and writing recommendations to SQLite files (the system libsqlite3).
@Suite(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct SQLiteCommandTests {
    @Test func scoresFromATableLikeTheFileAndWritesTheRunReplacingItOnARerun() throws {
        let model = try DatabaseFixtures.model.get()
        let dir = try scratchDirectory("sqlite-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let orders = dir.appendingPathComponent("orders.db").path
        try DatabaseFixtures.sqliteSuperstore(at: orders)

        let fromFile = try WhitespotBinary.run(["score", Superstore.file, "--model", model] + Superstore.mapping)
        let fromDB = try WhitespotBinary.run(["score", "--orders-db", "sqlite://" + orders, "--orders-query",
                                              "SELECT * FROM superstore ORDER BY \"Row ID\"", "--model", model] + Superstore.mapping)
        #expect(fromDB.status == 0, "\(fromDB.err)")
        #expect(fromDB.out.count > 10_000)
        #expect(fromDB.out == fromFile.out)

        let results = dir.appendingPathComponent("results.db").path
        let args = ["score", "--orders-db", orders, "--orders-table", "superstore", "--model", model,
                    "--out-db", "sqlite://" + results, "--run-date", "2025-06-02"] + Superstore.mapping
        #expect(try WhitespotBinary.run(args).status == 0)
        #expect(try WhitespotBinary.run(args).status == 0)
        let db = try SQLiteConnection(path: results, create: false)
        let rows = try db.prepare("SELECT \(RecommendationWriter.columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM recommendations WHERE run_id = 'score/2025-06-02' ORDER BY rowid")
        var stored: [[String]] = []
        while try rows.step() { stored.append((0 ..< rows.columnCount).map { rows.text($0) ?? "" }) }
        let csv = ScoreCommandTests.parseCSV(fromFile.out).dropFirst().map { $0 }
        #expect(stored.count == csv.count)
        // Numbers come back as SQLite renders the stored REAL: compare them as numbers.
        let numeric: Set<Int> = [1, 5, 6, 7, 8, 9]
        var same = stored.count == csv.count
        for (a, b) in zip(stored, csv) where same {
            same = a.count == b.count && a.indices.allSatisfy { i in numeric.contains(i) ? Double(a[i]) == Double(b[i]) : a[i] == b[i] }
        }
        #expect(same)
        let run = try db.prepare("SELECT run_id, recommendations, lines_read, data_fingerprint FROM whitespot_runs")
        #expect(try run.step())
        #expect(run.text(0) == "score/2025-06-02")
        #expect(run.text(1) == String(csv.count))
        #expect(run.text(2) == "9994")
        #expect(try run.step() == false)
    }

    @Test func badRowsAndBadSourcesAreNamed() throws {
        let dir = try scratchDirectory("sqlite-bad-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("orders.db").path
        let db = try SQLiteConnection(path: path, create: true)
        try db.execute("""
            CREATE TABLE lines (customer_id TEXT, order_date TEXT, product_id TEXT, quantity REAL);
            INSERT INTO lines VALUES ('C1', '2020-01-01', 'P1', 2), ('C2', '2020-01-02', 'P2', 'twelve');
            """)
        let bad = try WhitespotBinary.run(["inspect", "--orders-db", path, "--orders-table", "lines"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("sqlite:\(path) table lines: row 2: quantity in column 'quantity' is not a number (twelve)"), "\(bad.err)")
        let missing = try WhitespotBinary.run(["inspect", "--orders-db", dir.appendingPathComponent("none.db").path, "--orders-table", "lines"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("cannot open"), "\(missing.err)")
        let noTable = try WhitespotBinary.run(["inspect", "--orders-db", path, "--orders-query", "SELECT * FROM nowhere_table"])
        #expect(noTable.err.contains("no such table: nowhere_table"), "\(noTable.err)")
    }

    @Test(arguments: [
        (["inspect"], "missing the orders"),
        (["inspect", "orders.csv", "--orders-db", "x.db", "--orders-table", "t"], "not both"),
        (["inspect", "--orders-db", "x.db"], "needs --orders-table"),
        (["inspect", "--orders-table", "t"], "need --orders-db"),
        (["inspect", "--orders-db", "x.db", "--orders-table", "t; DROP TABLE x"], "is not a table name"),
        (["inspect", "--orders-db", "mysql://h/db", "--orders-table", "t"], "unknown database"),
    ])
    func invalidSourcesAreRefusedBeforeAnythingRuns(arguments: [String], message: String) throws {
        let result = try WhitespotBinary.run(arguments)
        #expect(result.status != 0)
        #expect(result.err.contains(message), "\(result.err)")
    }

    @Test func locationsAndRedaction() throws {
        #expect(try DatabaseLocation("sqlite:///tmp/a.db") == .sqlite(path: "/tmp/a.db"))
        #expect(try DatabaseLocation("results.db") == .sqlite(path: "results.db"))
        #expect(try DatabaseLocation("postgres://u@h/db") == .postgres(uri: "postgres://u@h/db"))
        #expect(DatabaseLocation.redacted("postgresql://ws:s3cr%40t@db.example:5432/sales?sslmode=require") == "postgresql://ws:***@db.example:5432/sales?sslmode=require")
        #expect(DatabaseLocation.redacted("host=db password='a b' user=x") == "host=db password=*** user=x")
        #expect(DatabaseLocation.redacted("postgresql:///db?user=u&password=hunter2&host=/tmp") == "postgresql:///db?user=u&password=***&host=/tmp")
        #expect(try SQLName("sales.recommendations").quoted == "\"sales\".\"recommendations\"")
        #expect(throws: DatabaseError.self) { try SQLName("1abc") }
        #expect(throws: DatabaseError.self) { try ScoringRun(runDate: "2025-02-30") }
    }
}
