import Foundation
import Testing
@testable import Whitespot
import TestSupport

/// `whitespot` reading orders from and writing recommendations to a real PostgreSQL 15 server
/// that the tests start themselves (see ``PostgresServer``).
@Suite(.enabled(if: PostgresServer.available, "PostgreSQL server binaries (initdb, pg_ctl) not installed"),
       .enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct PostgresCommandTests {
    /// A table name of its own for each test.
    static func table(_ name: String) -> String { "\(name)_\(UUID().uuidString.prefix(8).lowercased())" }

    @Test func scoresFromATableExactlyLikeItsCSVExportAndTheOriginalFile() throws {
        let server = try PostgresServer.start()
        let model = try DatabaseFixtures.model.get()
        let table = Self.table("superstore")
        try DatabaseFixtures.loadSuperstore(into: table, uri: server.uri)
        let dir = try scratchDirectory("pg-score-\(table)")
        defer { try? FileManager.default.removeItem(at: dir) }

        // From the table (COPY ... TO STDOUT streamed into the CSV parser).
        let fromDB = try WhitespotBinary.run(["score", "--orders-db", server.uri, "--orders-table", table, "--model", model]
            + DatabaseFixtures.mapping)
        #expect(fromDB.status == 0, "\(fromDB.err)")
        // From the CSV export of the same rows.
        let export = dir.appendingPathComponent("export.csv")
        try DatabaseFixtures.export("SELECT * FROM \(table)", uri: server.uri).write(to: export, atomically: true, encoding: .utf8)
        let fromExport = try WhitespotBinary.run(["score", export.path, "--model", model] + DatabaseFixtures.mapping)
        #expect(fromExport.status == 0, "\(fromExport.err)")
        #expect(fromDB.out.count > 10_000)
        #expect(fromDB.out == fromExport.out)
        // A query in file order gives what the original file gives (ISO dates instead of M/d/yyyy, same days).
        let query = try WhitespotBinary.run(["score", "--orders-db", server.uri, "--orders-query",
                                             "SELECT * FROM \(table) ORDER BY \"Row ID\";", "--model", model] + DatabaseFixtures.mapping)
        let fromFile = try WhitespotBinary.run(["score", Superstore.file, "--model", model] + Superstore.mapping)
        #expect(query.status == 0, "\(query.err)")
        #expect(query.out == fromFile.out)
    }

    @Test func writesTheRunInOneTransactionAndReplacesItOnARerun() throws {
        let server = try PostgresServer.start()
        let model = try DatabaseFixtures.model.get()
        let out = Self.table("recs")
        let args = ["score", Superstore.file, "--model", model, "--out-db", server.uri, "--out-table", out, "--job", "weekly"]
            + Superstore.mapping
        let first = try WhitespotBinary.run(args + ["--run-date", "2025-06-02"])
        #expect(first.status == 0, "\(first.err)")
        let count = try #require(DatabaseFixtures.value("SELECT count(*) FROM \(out)", uri: server.uri).flatMap { Int($0) })
        #expect(count > 1_000)
        // The same job on the same day replaces its rows; another day adds a run.
        #expect(try WhitespotBinary.run(args + ["--run-date", "2025-06-02"]).status == 0)
        #expect(try DatabaseFixtures.value("SELECT count(*) FROM \(out)", uri: server.uri) == String(count))
        #expect(try WhitespotBinary.run(args + ["--run-date", "2025-06-09"]).status == 0)
        #expect(try DatabaseFixtures.value("SELECT count(*) FROM \(out)", uri: server.uri) == String(2 * count))
        let runs = try PostgresConnection(uri: server.uri).rows(
            "SELECT run_id, recommendations, lines_read, customers, first_day::text, data_fingerprint, created_at IS NOT NULL FROM whitespot_runs WHERE output_table = $1 ORDER BY run_id", [out])
        #expect(runs.count == 2)
        #expect(runs.first?[0] == "weekly/2025-06-02")
        #expect(runs.first?[1] == String(count))
        #expect(runs.first?[2] == "9994")
        #expect(runs.first?[4] == "2016-01-03")
        #expect(runs.first?[5]?.hasPrefix("fnv1a64:") == true)
        #expect(runs.first?[6] == "t")

        // The table holds exactly what the CSV output holds (same text, row for row).
        let csv = try WhitespotBinary.run(["score", Superstore.file, "--model", model] + Superstore.mapping)
        let stored = try DatabaseFixtures.export(
            "SELECT \(RecommendationWriter.columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(out) WHERE run_id = 'weekly/2025-06-02'", uri: server.uri)
        let sortedCSV = csv.out.split(separator: "\n").dropFirst().sorted()
        let sortedDB = stored.split(separator: "\n").dropFirst().sorted()
        #expect(sortedCSV.count == count)
        #expect(sortedDB == sortedCSV)
    }

    @Test func aFailedRunLeavesThePreviousRowsUntouched() throws {
        let server = try PostgresServer.start()
        let model = try DatabaseFixtures.model.get()
        let out = Self.table("recs")
        let lines = try ScoreCommandTests.superstoreLines()
        let trained = try WhitespotModel.load(from: model)
        let scorer = try Scorer(model: trained, data: ScoringData(model: trained, lines: lines, segmentSource: .column),
                                configuration: ScoringConfiguration())
        let store = RecommendationStore(database: try DatabaseLocation(server.uri), table: try SQLName(out))
        let writer = RecommendationWriter(format: .csv, data: scorer.data)
        let run = try ScoringRun(job: "nightly", runDate: "2025-01-01")
        let customers = Array(0 ..< scorer.data.customers.count)
        let written = try store.write(run: run, writer: writer) { send in
            try scorer.streamRecommendations(customers: customers, threads: 1) { _, lists in try send(lists.flatMap { $0 }) }
        }
        let before = try DatabaseFixtures.export("SELECT * FROM \(out) ORDER BY customer, rank", uri: server.uri)
        struct Interrupted: Error {}
        // Part of the rows go out through COPY, then the run fails.
        #expect(throws: Interrupted.self) {
            var blocks = 0
            try store.write(run: run, writer: writer) { send in
                try scorer.streamRecommendations(customers: customers, threads: 1) { _, lists in
                    try send(lists.flatMap { $0 })
                    blocks += 1
                    if blocks == 1 { throw Interrupted() }
                }
            }
        }
        #expect(try DatabaseFixtures.export("SELECT * FROM \(out) ORDER BY customer, rank", uri: server.uri) == before)
        #expect(try DatabaseFixtures.value("SELECT recommendations FROM whitespot_runs WHERE run_id = 'nightly/2025-01-01' AND output_table = '\(out)'", uri: server.uri)
            == String(written.recommendations))
        // A table whose columns do not match fails before anything changes, with the server's words.
        let wrong = Self.table("wrong")
        try PostgresConnection(uri: server.uri).execute("CREATE TABLE \(wrong) (x int)")
        let bad = try WhitespotBinary.run(["score", Superstore.file, "--model", model, "--out-db", server.uri, "--out-table", wrong] + Superstore.mapping)
        #expect(bad.status != 0)
        #expect(bad.err.contains("column \"run_id\""))
    }

    @Test func aBadRowIsNamedByQueryRowAndColumn() throws {
        let server = try PostgresServer.start()
        let query = "SELECT * FROM (VALUES ('C1', DATE '2020-01-01', 'P1', '2'), ('C2', DATE '2020-01-02', 'P2', 'twelve')) AS t(customer_id, order_date, product_id, quantity)"
        let result = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-query", query])
        #expect(result.status != 0)
        #expect(result.err.contains("query: row 2: quantity in column 'quantity' is not a number (twelve)"), "\(result.err)")
        let missing = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-table", "no_such_table"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("relation \"no_such_table\" does not exist"), "\(missing.err)")
        let noColumn = try WhitespotBinary.run(["inspect", "--orders-db", server.uri, "--orders-query", "SELECT 1 AS x"])
        #expect(noColumn.status != 0)
        #expect(noColumn.err.contains("no customer column"), "\(noColumn.err)")
    }

    @Test func aPasswordNeverAppearsInOutputErrorsOrTables() throws {
        let server = try PostgresServer.start()
        let model = try DatabaseFixtures.model.get()
        let table = Self.table("superstore")
        try DatabaseFixtures.loadSuperstore(into: table, uri: server.uri)
        try PostgresConnection(uri: server.uri).execute("GRANT SELECT ON \(table) TO \(PostgresServer.passwordUser)")
        let schema = Self.table("pw")
        try PostgresConnection(uri: server.uri).execute("CREATE SCHEMA \(schema) AUTHORIZATION \(PostgresServer.passwordUser)")
        let out = "\(schema).recs"
        let password = PostgresServer.password
        let good = try WhitespotBinary.run(["score", "--orders-db", server.passwordURI, "--orders-table", table, "--model", model,
                                            "--out-db", server.passwordURI, "--out-table", out, "--json"] + DatabaseFixtures.mapping)
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains(":***@"))
        let source = try DatabaseFixtures.value("SELECT orders_source FROM \(schema).whitespot_runs", uri: server.uri)
        #expect(source?.contains(":***@") == true)
        #expect(source?.contains(password) == false)
        let wrongPassword = server.passwordURI.replacingOccurrences(of: password, with: "Wr0ng-\(password)")
        let failures = [
            try WhitespotBinary.run(["inspect", "--orders-db", wrongPassword, "--orders-table", table]),
            try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI, "--orders-table", "missing_table"]),
            try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI.replacingOccurrences(of: "?host=", with: "?hots="), "--orders-table", table]),
            try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI + "&sslmode=nonsense", "--orders-table", table]),
        ]
        for f in failures {
            #expect(f.status != 0)
            #expect(!f.err.isEmpty)
            #expect(!f.err.contains(password) && !f.out.contains(password), "\(f.err)")
        }
        #expect(failures[0].err.contains("password authentication failed"), "\(failures[0].err)")
        #expect(!(try String(contentsOf: server.directory.appendingPathComponent("log"), encoding: .utf8)).contains(password))
    }

    @Test func pgEnvironmentVariablesFillInTheURI() throws {
        let server = try PostgresServer.start()
        let query = "SELECT * FROM (VALUES ('C1', DATE '2020-01-01', 'P1'), ('C2', DATE '2020-01-02', 'P1')) AS t(customer_id, order_date, product_id)"
        let r = try WhitespotBinary.run(["inspect", "--orders-db", "postgresql://", "--orders-query", query], environment: [
            "PGHOST": server.directory.path, "PGUSER": PostgresServer.passwordUser,
            "PGPASSWORD": PostgresServer.password, "PGDATABASE": "postgres",
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("2 lines read, 2 kept"))
    }
}
