/// Writes an evaluation summary into two tables (documented in `docs/database-schema.md`): one
/// row per method in the methods table (default `whitespot_evaluations`) and one row for the
/// evaluation in `whitespot_evaluation_runs` beside it (cutoff, K, split counts, headline, data
/// fingerprint, created time).
///
/// One transaction deletes the rows of the same run id in both tables and writes the new ones:
/// re-running the same evaluation for the same day replaces its rows, a failure leaves the
/// previous rows untouched.
///
/// ```swift
/// let store = try EvaluationStore(database: DatabaseLocation("results.db"), table: SQLName("whitespot_evaluations"))
/// try store.write(summary, run: EvaluationRecord(job: "monthly-eval"))
/// ```
public struct EvaluationStore: Sendable {
    /// Where.
    public let database: DatabaseLocation
    /// The methods table.
    public let table: SQLName
    /// The evaluation-runs table (`whitespot_evaluation_runs` next to ``table``).
    public let runs: SQLName

    /// A store; the tables are created on the first write.
    public init(database: DatabaseLocation, table: SQLName) {
        self.database = database
        self.table = table
        self.runs = table.sibling("whitespot_evaluation_runs")
    }

    /// The methods table's columns.
    static let methodColumns: [SQLColumn] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"), ("method", "text NOT NULL", "TEXT NOT NULL"),
        ("parameters", "text", "TEXT"), ("cutoff", "date NOT NULL", "TEXT NOT NULL"), ("k", "integer NOT NULL", "INTEGER NOT NULL"),
        ("evaluated_customers", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("precision_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("recall_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("hit_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("ndcg_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("map_at_k", "double precision NOT NULL", "REAL NOT NULL"), ("coverage_at_k", "double precision NOT NULL", "REAL NOT NULL"),
        ("headline", "boolean NOT NULL", "INTEGER NOT NULL"),
    ]

    /// The evaluation-runs table's columns.
    static let runColumns: [SQLColumn] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"), ("job", "text NOT NULL", "TEXT NOT NULL"),
        ("run_date", "date NOT NULL", "TEXT NOT NULL"), ("created_at", "timestamptz NOT NULL", "TEXT NOT NULL"),
        ("methods_table", "text NOT NULL", "TEXT NOT NULL"), ("orders_source", "text", "TEXT"),
        ("data_fingerprint", "text", "TEXT"), ("cutoff", "date NOT NULL", "TEXT NOT NULL"), ("k", "integer NOT NULL", "INTEGER NOT NULL"),
        ("segment_source", "text NOT NULL", "TEXT NOT NULL"),
        ("train_customers", "bigint NOT NULL", "INTEGER NOT NULL"), ("train_products", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("train_pairs", "bigint NOT NULL", "INTEGER NOT NULL"), ("train_lines", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("test_lines", "bigint NOT NULL", "INTEGER NOT NULL"), ("evaluated_customers", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("test_pairs", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("headline_method", "text", "TEXT"), ("headline_baseline", "text", "TEXT"), ("headline_metric", "text", "TEXT"),
        ("headline_value", "double precision", "REAL"), ("baseline_value", "double precision", "REAL"),
        ("gain_percent", "double precision", "REAL"), ("validation_cutoff", "date", "TEXT"),
    ]

    /// Replaces the rows of `run.runID` in both tables with `summary`'s.
    /// - Throws: ``DatabaseError``; nothing is changed then.
    public func write(_ summary: EvaluationSummary, run: EvaluationRecord) throws {
        let methods: [[String?]] = summary.methods.map { m in
            let parameters = MethodParameter.text(m.parameters)
            return [run.runID, m.method.rawValue, parameters.isEmpty ? nil : parameters, summary.cutoff, String(m.k),
                    String(m.counts.evaluatedCustomers), "\(m.metrics.precision)", "\(m.metrics.recall)", "\(m.metrics.hit)",
                    "\(m.metrics.ndcg)", "\(m.metrics.map)", "\(m.coverage)", database.sqlBool(m.method == summary.headline?.method)]
        }
        let c = summary.counts, h = summary.headline
        let row: [String?] = [
            run.runID, run.job, run.runDate, run.createdAt, table.description, run.ordersSource,
            run.dataFingerprint.isEmpty ? nil : run.dataFingerprint, summary.cutoff, String(summary.k), summary.segmentSource.rawValue,
            String(c.customers), String(c.products), String(c.trainPairs), String(c.trainLines), String(c.testLines),
            String(c.evaluatedCustomers), String(c.testPairs),
            h?.method.rawValue, h?.baseline.rawValue, h.map { "\($0.metric.rawValue)@\(summary.k)" },
            h.map { "\($0.methodValue)" }, h.map { "\($0.baselineValue)" }, h?.gainPercent.map { "\($0)" },
            summary.tuning?.validationCutoff,
        ]
        try database.replaceRun(run.runID, with: [
            RunRows(table: table, columns: Self.methodColumns, key: ["run_id", "method"], rows: methods),
            RunRows(table: runs, columns: Self.runColumns, key: ["methods_table", "run_id"],
                    scope: ("methods_table", table.description), rows: [row]),
        ])
    }
}
