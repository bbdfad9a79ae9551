import Foundation

/// Writes what a scheduled job did into two tables beside its recommendations (documented in
/// `docs/database-schema.md`): one row per run in `whitespot_job_runs`, and one row per
/// evaluated method in `whitespot_evaluations` when the run evaluated.
///
/// Each write is one transaction that first deletes the rows of the same run id, so re-running
/// a job on the same day replaces its records, as it replaces its recommendations.
///
/// ```swift
/// let store = JobRecordStore(database: try DatabaseLocation("results.db"), beside: try SQLName("recommendations"))
/// try store.record(run)
/// try store.record(evaluation: summary, runID: run.runID)
/// ```
public struct JobRecordStore: Sendable {
    /// Where.
    public let database: DatabaseLocation
    /// The job-runs table.
    public let runs: SQLName
    /// The evaluations table.
    public let evaluations: SQLName

    /// The tables `whitespot_job_runs` and `whitespot_evaluations` in the schema of `table`.
    public init(database: DatabaseLocation, beside table: SQLName) {
        self.database = database
        self.runs = table.sibling("whitespot_job_runs")
        self.evaluations = table.sibling("whitespot_evaluations")
    }

    /// A column: name, PostgreSQL type, SQLite type.
    typealias Column = (name: String, postgres: String, sqlite: String)

    /// The job-runs columns.
    static let runColumns: [Column] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"), ("job", "text NOT NULL", "TEXT NOT NULL"),
        ("run_date", "date NOT NULL", "TEXT NOT NULL"), ("started_at", "timestamptz NOT NULL", "TEXT NOT NULL"),
        ("status", "text NOT NULL", "TEXT NOT NULL"), ("exit_code", "integer NOT NULL", "INTEGER NOT NULL"),
        ("message", "text", "TEXT"), ("orders_source", "text", "TEXT"),
        ("lines_read", "bigint", "INTEGER"), ("lines_kept", "bigint", "INTEGER"),
        ("customers", "bigint", "INTEGER"), ("products", "bigint", "INTEGER"),
        ("first_day", "date", "TEXT"), ("last_day", "date", "TEXT"), ("data_fingerprint", "text", "TEXT"),
        ("data_change", "double precision", "REAL"), ("tuned", "boolean NOT NULL", "INTEGER NOT NULL"),
        ("tune_reason", "text", "TEXT"), ("model", "text", "TEXT"), ("blend", "double precision", "REAL"),
        ("factors", "integer", "INTEGER"), ("regularization", "double precision", "REAL"),
        ("alpha", "double precision", "REAL"), ("headline_metric", "text", "TEXT"),
        ("headline_value", "double precision", "REAL"), ("baseline_value", "double precision", "REAL"), ("recommendations", "bigint", "INTEGER"),
        ("output", "text", "TEXT"), ("models_removed", "integer", "INTEGER"), ("seconds", "text", "TEXT"),
    ]

    /// The evaluations columns.
    static let evaluationColumns: [Column] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"), ("method", "text NOT NULL", "TEXT NOT NULL"),
        ("parameters", "text", "TEXT"), ("cutoff", "date NOT NULL", "TEXT NOT NULL"), ("k", "integer NOT NULL", "INTEGER NOT NULL"),
        ("evaluated_customers", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("precision_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("recall_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("hit_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("ndcg_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("map_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("coverage_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("headline", "boolean NOT NULL", "INTEGER NOT NULL"),
    ]

    /// Replaces the job-runs row of `run.runID` with `run`.
    /// - Throws: ``DatabaseError``; nothing is changed then.
    public func record(_ run: JobRun) throws {
        func n(_ x: Int?) -> String? { x.map(String.init) }
        func d(_ x: Double?) -> String? { x.map { "\($0)" } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let seconds = String(decoding: try encoder.encode(run.seconds), as: UTF8.self)
        let row: [String?] = [
            run.runID, run.job, run.runDate, run.startedAt, run.status, String(run.exitCode), run.message, run.ordersSource,
            n(run.linesRead), n(run.linesKept), n(run.customers), n(run.products), run.firstDay, run.lastDay,
            run.dataFingerprint, d(run.dataChange), bool(run.tuned), run.tuneReason, run.model, d(run.blend),
            n(run.factors), d(run.regularization), d(run.alpha), run.headlineMetric, d(run.headlineValue), d(run.baselineValue),
            n(run.recommendations), run.output, n(run.modelsRemoved), seconds,
        ]
        try replace(table: runs, columns: Self.runColumns, runID: run.runID, rows: [row])
    }

    /// Replaces the evaluation rows of `runID` with one row per method of `summary`.
    /// - Throws: ``DatabaseError``; nothing is changed then.
    public func record(evaluation summary: EvaluationSummary, runID: String) throws {
        let rows: [[String?]] = summary.methods.map { m in
            let parameters = m.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            return [runID, m.method.rawValue, parameters.isEmpty ? nil : parameters, summary.cutoff, String(m.k),
                    String(m.counts.evaluatedCustomers), "\(m.metrics.precision)", "\(m.metrics.recall)", "\(m.metrics.hit)",
                    "\(m.metrics.ndcg)", "\(m.metrics.map)", "\(m.coverage)", bool(m.method == summary.headline?.method)]
        }
        try replace(table: evaluations, columns: Self.evaluationColumns, runID: runID, rows: rows)
    }

    /// A boolean as each database takes it from text.
    private func bool(_ b: Bool) -> String {
        if case .postgres = database { return b ? "true" : "false" }
        return b ? "1" : "0"
    }

    /// In one transaction: creates `table` when missing, deletes the rows of `runID`, inserts `rows`.
    private func replace(table: SQLName, columns: [Column], runID: String, rows: [[String?]]) throws {
        let list = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        switch database {
        case .postgres(let uri):
            let pg = try PostgresConnection(uri: uri)
            try pg.transaction {
                try pg.execute("SELECT pg_advisory_xact_lock(hashtext($1))", ["whitespot " + table.description])
                try pg.execute("CREATE TABLE IF NOT EXISTS \(table.quoted) (\(columns.map { "\"\($0.name)\" \($0.postgres)" }.joined(separator: ", ")))")
                try pg.execute("DELETE FROM \(table.quoted) WHERE \"run_id\" = $1", [runID])
                let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
                for row in rows { try pg.execute("INSERT INTO \(table.quoted) (\(list)) VALUES (\(placeholders))", row) }
            }
        case .sqlite(let path):
            let db = try SQLiteConnection(path: path, create: true)
            try db.transaction {
                try db.execute("CREATE TABLE IF NOT EXISTS \(table.quoted) (\(columns.map { "\"\($0.name)\" \($0.sqlite)" }.joined(separator: ", ")))")
                try db.prepare("DELETE FROM \(table.quoted) WHERE \"run_id\" = ?1").run([runID])
                let insert = try db.prepare("INSERT INTO \(table.quoted) (\(list)) VALUES (\((1...columns.count).map { "?\($0)" }.joined(separator: ", ")))")
                for row in rows { try insert.run(row) }
            }
        }
    }
}
