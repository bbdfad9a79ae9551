/// A column of an output table: its name and its type in PostgreSQL and in SQLite.
typealias SQLColumn = (name: String, postgres: String, sqlite: String)

/// One run's rows for one output table, as ``DatabaseLocation/replaceRun(_:with:)`` writes them.
struct RunRows {
    /// The table.
    var table: SQLName
    /// Its columns, the first being `run_id`.
    var columns: [SQLColumn]
    /// The primary key's columns (none: no key).
    var key: [String]
    /// A further condition on the rows replaced: only those whose column holds this value
    /// (e.g. the table a runs row describes, when several tables share one runs table).
    var scope: (column: String, value: String)?
    /// The rows, cells in ``columns`` order as text (nil: NULL).
    var rows: [[String?]]

    /// The rows of `table` to write.
    init(table: SQLName, columns: [SQLColumn], key: [String] = [], scope: (column: String, value: String)? = nil, rows: [[String?]]) {
        self.table = table; self.columns = columns; self.key = key; self.scope = scope; self.rows = rows
    }

    /// The `DELETE` of the run's earlier rows, with `$1`/`?1` for the run id and `$2`/`?2` for the scope.
    func delete(postgres: Bool) -> String {
        let p = postgres ? "$" : "?"
        return "DELETE FROM \(table.quoted) WHERE \"run_id\" = \(p)1" + (scope.map { " AND \"\($0.column)\" = \(p)2" } ?? "")
    }

    /// The parameters of ``delete(postgres:)``.
    func deleteParameters(_ runID: String) -> [String?] { [runID] + (scope.map { [$0.value] } ?? []) }

    /// `CREATE TABLE IF NOT EXISTS` for this table.
    func create(postgres: Bool) -> String {
        var parts = columns.map { "\"\($0.name)\" \(postgres ? $0.postgres : $0.sqlite)" }
        if !key.isEmpty { parts.append("PRIMARY KEY (\(key.map { "\"\($0)\"" }.joined(separator: ", ")))") }
        return "CREATE TABLE IF NOT EXISTS \(table.quoted) (\(parts.joined(separator: ", ")))"
    }

    /// The quoted column list.
    var columnList: String { columns.map { "\"\($0.name)\"" }.joined(separator: ", ") }
}

extension DatabaseLocation {
    /// In one transaction, for each of `tables`: creates the table when missing, deletes its rows
    /// whose `run_id` is `runID`, inserts the new rows. Re-running a run replaces its rows; a
    /// failure leaves the previous rows untouched. PostgreSQL writers of the same tables are
    /// serialised by transaction-level advisory locks (one per table, taken in the given order).
    /// - Throws: ``DatabaseError``; nothing is changed then.
    func replaceRun(_ runID: String, with tables: [RunRows]) throws {
        switch self {
        case .postgres(let uri):
            let pg = try PostgresConnection(uri: uri)
            try pg.transaction {
                for t in tables { try pg.execute("SELECT pg_advisory_xact_lock(hashtext($1))", ["whitespot " + t.table.description]) }
                for t in tables {
                    try pg.execute(t.create(postgres: true))
                    try pg.execute(t.delete(postgres: true), t.deleteParameters(runID))
                    let placeholders = (1...t.columns.count).map { "$\($0)" }.joined(separator: ", ")
                    for row in t.rows { try pg.execute("INSERT INTO \(t.table.quoted) (\(t.columnList)) VALUES (\(placeholders))", row) }
                }
            }
        case .sqlite(let path):
            let db = try SQLiteConnection(path: path, create: true)
            try db.transaction {
                for t in tables {
                    try db.execute(t.create(postgres: false))
                    try db.prepare(t.delete(postgres: false)).run(t.deleteParameters(runID))
                    let insert = try db.prepare("INSERT INTO \(t.table.quoted) (\(t.columnList)) VALUES (\((1...t.columns.count).map { "?\($0)" }.joined(separator: ", ")))")
                    let doubles = Set(t.columns.indices.filter { t.columns[$0].sqlite.hasPrefix("REAL") })
                    for row in t.rows { try insert.run(row, doubles: doubles) }
                }
            }
        }
    }

    /// A boolean as this database takes it from text.
    func sqlBool(_ b: Bool) -> String {
        if case .postgres = self { return b ? "true" : "false" }
        return b ? "1" : "0"
    }
}
