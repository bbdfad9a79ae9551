import Foundation

/// Writes what a scheduled job did into two tables beside its recommendations (documented in
/// `docs/database-schema.md`): one row per run in `whitespot_job_runs`, and one row per
/// evaluated method in `whitespot_evaluations` (and the evaluation's own row in
/// `whitespot_evaluation_runs`) when the run evaluated.
///
/// Each write is one transaction that first deletes the rows of the same run id, so re-running
/// a job on the same day replaces its records, as it replaces its recommendations.
///
/// ```swift
/// let store = JobRecordStore(database: try DatabaseLocation("results.db"), beside: try SQLName("recommendations"))
/// try store.record(run)
/// try store.record(evaluation: summary, run: EvaluationRecord(job: run.job, runDate: run.runDate))
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

    /// The job-runs columns.
    static let runColumns: [SQLColumn] = [
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
            run.dataFingerprint, d(run.dataChange), database.sqlBool(run.tuned), run.tuneReason, run.model, d(run.blend),
            n(run.factors), d(run.regularization), d(run.alpha), run.headlineMetric, d(run.headlineValue), d(run.baselineValue),
            n(run.recommendations), run.output, n(run.modelsRemoved), seconds,
        ]
        try database.replaceRun(run.runID, with: [RunRows(table: runs, columns: Self.runColumns, rows: [row])])
    }

    /// Replaces the evaluation rows of `record.runID` with `summary` (``EvaluationStore``: one row
    /// per method in `whitespot_evaluations`, the run's row in `whitespot_evaluation_runs`).
    /// - Throws: ``DatabaseError``; nothing is changed then.
    public func record(evaluation summary: EvaluationSummary, run record: EvaluationRecord) throws {
        try EvaluationStore(database: database, table: evaluations).write(summary, run: record)
    }
}
