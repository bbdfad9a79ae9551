import Foundation
import Testing
import TestSupport
@testable import Whitespot

/// `evaluate --out-db`: the methods table and the evaluation's row in SQLite and in a real
/// PostgreSQL server, equal to the JSON figures; a re-run the same day replaces its rows; a
/// failed write changes nothing; a password never shows.
@Suite(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct EvaluationOutputTests {
    /// A quick evaluation of Superstore (4 factors, 2 iterations) with `extra` flags.
    static func evaluate(_ extra: [String]) throws -> (status: Int32, out: String, err: String) {
        try WhitespotBinary.run(["evaluate", Superstore.file] + Superstore.mapping
                                + ["--cutoff", "2019-07-01", "--factors", "4", "--iterations", "2", "--threads", "2", "--json"] + extra)
    }

    /// The part of `evaluate --json` compared with the tables (JSONDecoder: numbers parsed exactly).
    struct Output: Decodable {
        struct Method: Decodable {
            struct Counts: Decodable { var evaluatedCustomers: Int }
            var method: String, recall: Double, ndcg: Double, counts: Counts
        }
        var methods: [Method]
    }

    /// The methods of `evaluate --json` output: name → (recall, ndcg, evaluated customers).
    static func methods(_ json: String) throws -> [String: (recall: Double, ndcg: Double, customers: Int)] {
        let output = try JSONDecoder().decode(Output.self, from: Data(json.utf8))
        return Dictionary(uniqueKeysWithValues: output.methods.map { ($0.method, ($0.recall, $0.ndcg, $0.counts.evaluatedCustomers)) })
    }

    /// Every row of a SQLite query, cells as text.
    static func rows(_ db: SQLiteConnection, _ sql: String) throws -> [[String?]] {
        let statement = try db.prepare(sql)
        var out: [[String?]] = []
        while try statement.step() { out.append((0 ..< statement.columnCount).map { statement.text($0) }) }
        return out
    }

    @Test func writesTheMethodsTableAndTheRunIntoSQLiteAndReplacesARerun() throws {
        let dir = try scratchDirectory("evaluate-db-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("results.db").path
        let model = dir.appendingPathComponent("all.safetensors").path
        let r = try Self.evaluate(["--out-db", path, "--job", "monthly", "--run-date", "2026-02-01", "--save-model", model])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("run monthly/2026-02-01 into sqlite:\(path) tables whitespot_evaluations and whitespot_evaluation_runs"), "\(r.err)")
        let expected = try Self.methods(r.out)
        let db = try SQLiteConnection(path: path, create: false)
        let stored = try Self.rows(db, "SELECT method, printf('%!.20g', recall_at_k), printf('%!.20g', ndcg_at_k), evaluated_customers, k, cutoff, headline FROM whitespot_evaluations WHERE run_id = 'monthly/2026-02-01'")
        #expect(stored.count == expected.count && expected.count >= 6)
        // SQLite renders a REAL as text with 15 digits and its printf is not exact either: 20 digits,
        // compared to 1e-15 (PostgreSQL's figures are compared exactly below).
        func same(_ text: String?, _ value: Double) -> Bool { abs((Double(text ?? "") ?? .nan) - value) <= 1e-15 * abs(value) }
        for row in stored {
            let figures = try #require(expected[row[0] ?? ""], "\(row)")
            #expect(same(row[1], figures.recall) && same(row[2], figures.ndcg) && Int(row[3] ?? "") == figures.customers, "\(row)")
            #expect(row[4] == "10" && row[5] == "2019-07-01" && row[6] == (row[0] == "delivered list" ? "1" : "0"))
        }
        // The run row: the split's counts, the headline, and the fingerprint a model of all lines carries.
        let run = try Self.rows(db, """
            SELECT job, run_date, created_at, orders_source, data_fingerprint, cutoff, k, evaluated_customers, train_customers,
                   headline_method, headline_metric, methods_table FROM whitespot_evaluation_runs
            """)
        #expect(run.count == 1)
        #expect(run[0][0] == "monthly" && run[0][1] == "2026-02-01" && run[0][2]?.hasSuffix("Z") == true)
        #expect(run[0][3]?.hasSuffix(Superstore.file) == true, "\(run)")
        #expect(run[0][4] == (try WhitespotModel.load(from: model)).dataFingerprint && run[0][4]?.hasPrefix("fnv1a64:") == true)
        #expect(run[0][5] == "2019-07-01" && run[0][6] == "10" && Int(run[0][7] ?? "") == expected["delivered list"]?.customers)
        #expect(run[0][8] == "787" && run[0][9] == "delivered list" && run[0][10] == "recall@10" && run[0][11] == "whitespot_evaluations")

        // The same evaluation the same day, with K = 5: its rows are replaced, not added.
        let again = try Self.evaluate(["--out-db", path, "--job", "monthly", "--run-date", "2026-02-01", "--k", "5"])
        #expect(again.status == 0, "\(again.err)")
        #expect(try Self.rows(db, "SELECT DISTINCT k FROM whitespot_evaluations") == [["5"]])
        #expect(try Self.rows(db, "SELECT count(*), max(k) FROM whitespot_evaluation_runs") == [["1", "5"]])
        // Another day adds a run.
        #expect(try Self.evaluate(["--out-db", "sqlite://" + path, "--job", "monthly", "--run-date", "2026-03-01"]).status == 0)
        #expect(try Self.rows(db, "SELECT run_id, count(*) FROM whitespot_evaluations GROUP BY run_id ORDER BY run_id").map { $0[0] }
            == ["monthly/2026-02-01", "monthly/2026-03-01"])

        // A write that fails half-way (the runs table lost a column) leaves the earlier rows untouched.
        try db.execute("ALTER TABLE whitespot_evaluation_runs RENAME COLUMN test_pairs TO pairs_in_test")
        let failed = try Self.evaluate(["--out-db", path, "--job", "monthly", "--run-date", "2026-02-01", "--k", "3"])
        #expect(failed.status != 0)
        #expect(failed.err.contains("test_pairs"), "\(failed.err)")
        #expect(try Self.rows(db, "SELECT DISTINCT k FROM whitespot_evaluations WHERE run_id = 'monthly/2026-02-01'") == [["5"]])
        #expect(try Self.rows(db, "SELECT count(*) FROM whitespot_evaluations")[0][0] == String(2 * expected.count))
    }

    @Test func badOutputSettingsFailBeforeAnyWork() throws {
        let cases: [([String], String)] = [
            (["--out-db", "mysql://x/y"], "--out-db: unknown database 'mysql://…'"),
            (["--out-db", "x.db", "--out-table", "1bad"], "'1bad' is not a table name"),
            (["--out-db", "x.db", "--run-date", "2026-02-30"], "run date '2026-02-30' is not a date written yyyy-MM-dd"),
            (["--out-db", "x.db", "--job", "a/b"], "job name 'a/b' must be non-empty and without '/'"),
        ]
        for (flags, message) in cases {
            let r = try Self.evaluate(flags)
            #expect(r.status != 0 && r.out.isEmpty)
            #expect(r.err.contains(message), "\(flags): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: WhitespotBinary.root.appendingPathComponent("x.db").path))
    }

    @Test(.enabled(if: PostgresServer.available, "PostgreSQL server binaries (initdb, pg_ctl) not installed"))
    func writesIntoPostgreSQLWithAPasswordThatNeverShows() throws {
        let server = try PostgresServer.start()
        let schema = PostgresCommandTests.table("evals")
        try PostgresConnection(uri: server.uri).execute("CREATE SCHEMA \(schema) AUTHORIZATION \(PostgresServer.passwordUser)")
        let table = "\(schema).methods"
        for k in ["10", "4"] {
            let r = try Self.evaluate(["--out-db", server.passwordURI, "--out-table", table, "--run-date", "2026-04-01", "--k", k])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.err.contains(":***@") && !r.err.contains(PostgresServer.password) && !r.out.contains(PostgresServer.password), "\(r.err)")
            let expected = try Self.methods(r.out)
            let pg = try PostgresConnection(uri: server.uri)
            let stored = try pg.rows("SELECT method, recall_at_k, k, cutoff::text, headline::text FROM \(table) WHERE run_id = 'evaluate/2026-04-01'")
            #expect(stored.count == expected.count)
            for row in stored {
                #expect(Double(row[1] ?? "") == expected[row[0] ?? ""]?.recall && row[2] == k && row[3] == "2019-07-01", "\(row)")
                #expect(row[4] == (row[0] == "delivered list" ? "true" : "false"))
            }
            let run = try pg.rows("SELECT count(*), max(k), max(methods_table), bool_and(created_at <= now()) FROM \(schema).whitespot_evaluation_runs")
            #expect(run == [["1", k, table, "t"]])
        }
        let wrong = try Self.evaluate(["--out-db", server.passwordURI.replacingOccurrences(of: PostgresServer.password, with: "Wr0ng-pw"),
                                       "--out-table", table])
        #expect(wrong.status != 0 && wrong.err.contains("password authentication failed"), "\(wrong.err)")
        #expect(!wrong.err.contains("Wr0ng-pw"))
    }
}
