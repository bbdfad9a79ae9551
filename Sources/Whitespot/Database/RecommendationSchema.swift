/// The output tables, created when missing (documented in `docs/database-schema.md`).
///
/// Recommendations: one row per recommendation, keyed by (run_id, customer, rank), the columns
/// of ``RecommendationWriter/columns`` after `run_id`. Runs: one row per output table and run id.
enum RecommendationSchema {
    /// The SQL type of each recommendation column, for PostgreSQL and SQLite.
    static let columnTypes: [SQLColumn] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"),
        ("customer", "text NOT NULL", "TEXT NOT NULL"),
        ("rank", "integer NOT NULL", "INTEGER NOT NULL"),
        ("product", "text NOT NULL", "TEXT NOT NULL"),
        ("product_name", "text", "TEXT"),
        ("kind", "text NOT NULL", "TEXT NOT NULL"),
        ("score", "double precision", "REAL"),
        ("affinity", "double precision", "REAL"),
        ("penetration", "double precision", "REAL"),
        ("expected_revenue", "double precision", "REAL"),
        ("suggested_quantity", "double precision", "REAL"),
        ("path", "text", "TEXT"),
        ("reason", "text", "TEXT"),
    ]

    /// The runs table's columns.
    static let runColumns: [SQLColumn] = [
        ("run_id", "text NOT NULL", "TEXT NOT NULL"),
        ("job", "text NOT NULL", "TEXT NOT NULL"),
        ("run_date", "date NOT NULL", "TEXT NOT NULL"),
        ("created_at", "timestamptz NOT NULL", "TEXT NOT NULL"),
        ("output_table", "text NOT NULL", "TEXT NOT NULL"),
        ("recommendations", "bigint NOT NULL", "INTEGER NOT NULL"),
        ("orders_source", "text", "TEXT"),
        ("lines_read", "bigint", "INTEGER"),
        ("lines_kept", "bigint", "INTEGER"),
        ("customers", "bigint", "INTEGER"),
        ("products", "bigint", "INTEGER"),
        ("first_day", "date", "TEXT"),
        ("last_day", "date", "TEXT"),
        ("data_fingerprint", "text", "TEXT"),
        ("model", "text", "TEXT"),
    ]

    /// `CREATE TABLE IF NOT EXISTS` for both tables.
    static func create(recommendations: SQLName, runs: SQLName, postgres: Bool) -> String {
        func columns(_ list: [SQLColumn]) -> String {
            list.map { "\"\($0.name)\" \(postgres ? $0.postgres : $0.sqlite)" }.joined(separator: ", ")
        }
        return """
        CREATE TABLE IF NOT EXISTS \(recommendations.quoted) (\(columns(columnTypes)), PRIMARY KEY ("run_id", "customer", "rank"));
        CREATE TABLE IF NOT EXISTS \(runs.quoted) (\(columns(runColumns)), PRIMARY KEY ("output_table", "run_id"));
        """
    }

    /// The recommendation column list, quoted, for INSERT and COPY.
    static var recommendationColumnList: String { columnTypes.map { "\"\($0.name)\"" }.joined(separator: ", ") }

    /// The runs column list, quoted.
    static var runColumnList: String { runColumns.map { "\"\($0.name)\"" }.joined(separator: ", ") }

    /// The values of the runs row, in ``runColumns`` order.
    static func runValues(_ run: ScoringRun, table: SQLName) -> [String?] {
        [run.runID, run.job, run.runDate, run.createdAt, table.description, String(run.recommendations),
         run.ordersSource, String(run.linesRead), String(run.linesKept), String(run.customers), String(run.products),
         run.firstDay, run.lastDay, run.dataFingerprint, run.model]
    }
}
