import Foundation
import Testing
import TestSupport
@testable import Whitespot

/// `whitespot run JOB.toml` on Superstore: the re-tuning schedule, the run log, the records in
/// SQLite and in a real PostgreSQL server, exit codes and job-file errors.
@Suite(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct JobCommandTests {
    /// A job file over `orders` writing into `db`, tuning a small grid.
    static func job(orders: String, db: String?, table: String = "recommendations", extra: String = "") -> String {
        """
        name = "weekly"
        log = "runs.jsonl"

        [orders]
        file = "\(orders)"
        columns = "customer=Customer ID,date=Order Date,product=Product ID,quantity=Quantity,revenue=Sales,segment=Segment,category=Sub-Category,order=Order ID,name=Product Name"
        date-format = "M/d/yyyy"

        [model]
        dir = "models"
        keep = 2

        [training]
        iterations = 2
        threads = 2

        [tune]
        every-runs = 3
        data-change = 0.2
        grid-factors = [4]
        grid-regularization = [0.1]
        grid-alpha = [1, 4]
        grid-blend = [0.2, 0.6]
        grid-segments = ["column", "all"]

        [evaluation]
        test-days = 120

        [score]
        top = 3
        penetration-shrinkage = "auto"
        \(db.map { "\n[output]\ndb = \"\($0)\"\ntable = \"\(table)\"" } ?? "\n[output]\nfile = \"recommendations.csv\"")
        \(extra)
        """
    }

    static var superstorePath: String { WhitespotBinary.root.appendingPathComponent(Superstore.file).path }

    func write(_ text: String, in dir: URL, name: String = "weekly.toml") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func log(_ dir: URL) throws -> [JobRun] { try RunLog(path: dir.appendingPathComponent("runs.jsonl").path).runs() }

    @Test func retunesOnScheduleAndOnChangedDataAndRecordsEveryRunInSQLite() throws {
        let dir = try scratchDirectory("job-sqlite-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = try write(Self.job(orders: Self.superstorePath, db: "results.db"), in: dir)
        var tuned: [Bool] = []
        for day in ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"] {
            let r = try WhitespotBinary.run(["run", job, "--run-date", day])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.err.contains("weekly/\(day): ok"))
            tuned.append(r.err.contains("re-tuning"))
            Thread.sleep(forTimeInterval: 1.05)  // one model file name per second
        }
        // Tuned without a model, reused twice, re-tuned on the third run after tuning.
        #expect(tuned == [true, false, false, true])
        let runs = try log(dir)
        #expect(runs.map(\.status) == ["ok", "ok", "ok", "ok"] && runs.map(\.tuned) == tuned)
        #expect(runs[0].tuneReason == "no model yet" && runs[3].tuneReason == "2 runs since the last tuning (re-tune every 3)")
        #expect(runs.allSatisfy { $0.linesKept == 9994 && $0.customers == 793 && $0.recommendations ?? 0 > 2_000 })
        #expect(runs[1].blend == runs[0].blend && runs[1].factors == 4 && runs[1].dataChange == 0)
        #expect(runs[0].headlineMetric == "recall@10" && runs[1].headlineMetric == nil)
        // The latest model is the last run's; retention kept two files.
        let models = dir.appendingPathComponent("models").path
        #expect(try ModelRegistry(directory: models).latestPath().hasSuffix(URL(fileURLWithPath: runs[3].model ?? "").lastPathComponent))
        #expect(try FileManager.default.contentsOfDirectory(atPath: models).filter { $0.hasSuffix(".safetensors") }.count == 2)

        let db = try SQLiteConnection(path: dir.appendingPathComponent("results.db").path, create: false)
        func rows(_ sql: String) throws -> [[String?]] {
            let statement = try db.prepare(sql)
            var out: [[String?]] = []
            while try statement.step() { out.append((0 ..< 3).map { statement.text($0) }) }
            return out
        }
        #expect(try rows("SELECT run_id, tuned, recommendations FROM whitespot_job_runs ORDER BY run_id").map { $0[1] } == ["1", "0", "0", "1"])
        let counts = try rows("SELECT run_id, count(*), 0 FROM recommendations GROUP BY run_id ORDER BY run_id")
        #expect(counts.map { $0[1] } == runs.map { $0.recommendations.map(String.init) })
        let evaluations = try rows("SELECT run_id, method, headline FROM whitespot_evaluations WHERE headline = 1 ORDER BY run_id")
        #expect(evaluations.map { $0[0] } == ["weekly/2026-01-05", "weekly/2026-01-26"] && evaluations.allSatisfy { $0[1] == "delivered list" })

        // A re-run of the same day replaces its records; half of the orders (a changed data set) re-tunes.
        let half = dir.appendingPathComponent("half.csv")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.superstorePath))
        try Data(bytes.split(separator: 10, omittingEmptySubsequences: false).prefix(5_000).joined(separator: [10])).write(to: half)
        let changed = try write(Self.job(orders: half.path, db: "results.db"), in: dir)
        let r = try WhitespotBinary.run(["run", changed, "--run-date", "2026-01-26"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("re-tuning: the data changed by"), "\(r.err)")
        #expect(try rows("SELECT run_id, lines_kept, 0 FROM whitespot_job_runs WHERE run_id = 'weekly/2026-01-26'").map { $0[1] } == ["4999"])
        #expect(try log(dir).count == 5)
    }

    @Test func jobFileErrorsNameTheKeyAndLineAndWriteNothing() throws {
        let dir = try scratchDirectory("job-errors-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            (Self.job(orders: Self.superstorePath, db: nil, extra: "[score]\n"), "weekly.toml:"),
            (Self.job(orders: Self.superstorePath, db: nil).replacingOccurrences(of: "keep = 2", with: "keep = 2\nkepe = 3"),
             "weekly.toml:12: unknown key 'kepe' in [model]; keys: dir, keep"),
            (Self.job(orders: Self.superstorePath, db: nil) + "\n[scoring]\ntop = 3\n", "unknown section [scoring]"),
            (Self.job(orders: Self.superstorePath, db: nil).replacingOccurrences(of: "iterations = 2", with: "iterations = \"many\""),
             "The value 'many' is invalid for '--iterations"),
            (Self.job(orders: Self.superstorePath, db: nil).replacingOccurrences(of: "every-runs = 3", with: "every-runs = 0"),
             "weekly.toml:18: [tune] every-runs must be a whole number of at least 1, got 0"),
            ("name = \"weekly\"\n[orders]\nfile = \"x.csv\"\ncolumns = [\n", "weekly.toml:"),
        ]
        for (text, message) in cases {
            let job = try write(text, in: dir)
            let r = try WhitespotBinary.run(["run", job])
            #expect(r.status == 2, "\(message): \(r.status) \(r.err)")
            #expect(r.err.contains(message), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("models").path))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("recommendations.csv").path))
        }
    }

    @Test func unreadableOrdersEndWithExitCodeThreeAndALoggedFailure() throws {
        let dir = try scratchDirectory("job-input-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.superstorePath))
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).prefix(3).map { String(decoding: $0, as: UTF8.self) }
        try ([lines[0], lines[1].replacingOccurrences(of: "11/8/2018", with: "13/45/2018"), lines[2]].joined(separator: "\n") + "\n")
            .write(to: bad, atomically: true, encoding: .utf8)
        let job = try write(Self.job(orders: bad.path, db: nil), in: dir)
        let r = try WhitespotBinary.run(["run", job, "--run-date", "2026-02-02"])
        #expect(r.status == 3, "\(r.err)")
        #expect(r.err.contains("bad.csv:2:"), "\(r.err)")
        let runs = try log(dir)
        #expect(runs.count == 1 && runs[0].status == "failed" && runs[0].exitCode == 3 && runs[0].model == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("recommendations.csv").path))
    }

    @Test(.enabled(if: PostgresServer.available, "PostgreSQL server binaries (initdb, pg_ctl) not installed"))
    func writesRecommendationsRunsAndEvaluationIntoPostgreSQL() throws {
        let server = try PostgresServer.start()
        let dir = try scratchDirectory("job-pg-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = PostgresCommandTests.table("jobrecs")
        let job = try write(Self.job(orders: Self.superstorePath, db: server.uri, table: table), in: dir)
        let r = try WhitespotBinary.run(["run", job, "--run-date", "2026-03-02"])
        #expect(r.status == 0, "\(r.err)")
        let pg = try PostgresConnection(uri: server.uri)
        let run = try pg.rows("SELECT status, tuned::text, recommendations, headline_metric, lines_kept FROM whitespot_job_runs WHERE run_id = 'weekly/2026-03-02'")
        #expect(run.count == 1 && run[0][0] == "ok" && run[0][1] == "true" && run[0][3] == "recall@10" && run[0][4] == "9994")
        #expect(try pg.rows("SELECT count(*) FROM \(table) WHERE run_id = 'weekly/2026-03-02'").first?[0] == run[0][2])
        let methods = try pg.rows("SELECT method FROM whitespot_evaluations WHERE run_id = 'weekly/2026-03-02' ORDER BY method")
        // Seven methods, eight when tuning chose the ensemble (raw ALS and raw EASE scores both).
        let names = methods.map { $0[0] }
        let ensemble = names.contains("matrix factorisation") && names.contains("item-item")
        #expect(methods.count == (ensemble ? 8 : 7) && names.contains("delivered list"))
        // The evaluation's own row carries the fingerprint of the orders, the one the run records.
        let evaluation = try pg.rows("SELECT e.data_fingerprint = r.data_fingerprint, e.headline_metric, e.job FROM whitespot_evaluation_runs e "
            + "JOIN whitespot_job_runs r USING (run_id) WHERE run_id = 'weekly/2026-03-02'")
        #expect(evaluation == [["t", "recall@10", "weekly"]])
    }
}
