import Foundation

/// Writes one run's recommendations and its runs-table row into a database, in one transaction.
///
/// The run's earlier rows (same run id) are deleted and the new ones written in the same
/// transaction: readers see the old run or the new one, never a mixture, and a run that fails
/// (an error while scoring, a lost connection) leaves the previous rows untouched. PostgreSQL
/// receives the rows through `COPY ... FROM STDIN` (CSV), SQLite through one prepared INSERT.
///
/// ```swift
/// let store = try RecommendationStore(database: DatabaseLocation("results.db"), table: SQLName("recommendations"))
/// try store.write(run: run, writer: writer) { send in
///     try send(recommendations)   // as many blocks as you like
/// }
/// ```
public struct RecommendationStore: Sendable {
    /// Where.
    public let database: DatabaseLocation
    /// The recommendations table.
    public let table: SQLName
    /// The runs table (default: `whitespot_runs` next to `table`).
    public let runs: SQLName

    /// A store; the tables are created on the first write.
    public init(database: DatabaseLocation, table: SQLName, runs: SQLName? = nil) {
        self.database = database
        self.table = table
        self.runs = runs ?? table.sibling("whitespot_runs")
    }

    /// Replaces the rows of `run.runID` with what `produce` sends, then records the run.
    /// Returns the run as recorded (with its recommendation count).
    /// - Throws: ``DatabaseError``, or whatever `produce` throws; nothing is changed then.
    @discardableResult
    public func write(run: ScoringRun, writer: RecommendationWriter, threads: Int = 1,
                      _ produce: ((([Recommendation]) throws -> Void)) throws -> Void) throws -> ScoringRun {
        var run = run
        switch database {
        case .postgres(let uri):
            let pg = try PostgresConnection(uri: uri)
            try pg.transaction {
                // One writer at a time per runs table: concurrent first runs would race on
                // CREATE TABLE IF NOT EXISTS, and two writers of one run id on its rows.
                try pg.execute("SELECT pg_advisory_xact_lock(hashtext($1))", ["whitespot " + runs.description])
                try pg.execute(RecommendationSchema.create(recommendations: table, runs: runs, postgres: true))
                try pg.execute("DELETE FROM \(table.quoted) WHERE \"run_id\" = $1", [run.runID])
                try pg.execute("DELETE FROM \(runs.quoted) WHERE \"output_table\" = $1 AND \"run_id\" = $2", [table.description, run.runID])
                let prefix = CSVText.quoted(run.runID) + ","
                var count = 0
                try pg.copyIn("COPY \(table.quoted) (\(RecommendationSchema.recommendationColumnList)) FROM STDIN WITH (FORMAT csv)") { send in
                    // A block's rows are sent by another thread while the next block is scored
                    // and formatted: the server's work overlaps ours.
                    try BoundedHandoff<String>.overlapped(capacity: 2, consume: { text in
                        var text = text
                        try text.withUTF8 { try send(UnsafeRawBufferPointer($0)) }
                    }, produce: { put in
                        try produce { block in
                            count += block.count
                            try put(writer.csvRows(block, threads: threads, prefix: prefix))
                        }
                    })
                }
                run.recommendations = count
                let values = RecommendationSchema.runValues(run, table: table)
                let placeholders = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
                try pg.execute("INSERT INTO \(runs.quoted) (\(RecommendationSchema.runColumnList)) VALUES (\(placeholders))", values)
            }
        case .sqlite(let path):
            let db = try SQLiteConnection(path: path, create: true)
            try db.transaction {
                try db.execute(RecommendationSchema.create(recommendations: table, runs: runs, postgres: false))
                try db.prepare("DELETE FROM \(table.quoted) WHERE \"run_id\" = ?1").run([run.runID])
                try db.prepare("DELETE FROM \(runs.quoted) WHERE \"output_table\" = ?1 AND \"run_id\" = ?2").run([table.description, run.runID])
                let columns = RecommendationSchema.columnTypes.count
                let insert = try db.prepare("INSERT INTO \(table.quoted) (\(RecommendationSchema.recommendationColumnList)) VALUES (\((1...columns).map { "?\($0)" }.joined(separator: ", ")))")
                var count = 0
                // A block's rows are inserted by another thread while the next block is scored
                // and its cells formatted.
                try BoundedHandoff<[[String?]]>.overlapped(capacity: 2, consume: { rows in
                    for row in rows { try insert.run(row) }
                }, produce: { put in
                    try produce { block in
                        count += block.count
                        try put(block.map { [run.runID] + writer.cells($0) })
                    }
                })
                run.recommendations = count
                let values = RecommendationSchema.runValues(run, table: table)
                try db.prepare("INSERT INTO \(runs.quoted) (\(RecommendationSchema.runColumnList)) VALUES (\((1...values.count).map { "?\($0)" }.joined(separator: ", ")))").run(values)
            }
        }
        return run
    }
}
