import CSQLite

/// One connection to a SQLite database file: the only place that touches `sqlite3`.
///
/// ```swift
/// let db = try SQLiteConnection(path: "whitespot.db")
/// try db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
/// ```
final class SQLiteConnection {
    private let handle: OpaquePointer
    /// The file as shown in messages.
    let shown: String

    /// Opens (with `create`, creates) the file; waits up to 10 s for another writer's lock.
    /// - Throws: ``DatabaseError`` naming the file and SQLite's reason.
    init(path: String, create: Bool) throws {
        shown = "sqlite:\(path)"
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(db)
            throw DatabaseError("\(shown): cannot open: \(reason)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close(handle) }

    /// The error for the last failed call.
    func failure(_ what: String) -> DatabaseError {
        DatabaseError("\(shown): \(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure("statement failed") }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`: the write lock is taken first):
    /// committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try Transaction.run(begin: "BEGIN IMMEDIATE", { try execute($0) }, body)
    }

    /// A prepared statement.
    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("cannot prepare query")
        }
        return Statement(statement, connection: self)
    }

    /// A prepared statement: bind, step, read columns as text.
    final class Statement {
        private let statement: OpaquePointer
        private let connection: SQLiteConnection

        fileprivate init(_ statement: OpaquePointer, connection: SQLiteConnection) {
            self.statement = statement
            self.connection = connection
        }

        deinit { sqlite3_finalize(statement) }

        /// Number of result columns.
        var columnCount: Int { Int(sqlite3_column_count(statement)) }

        /// The name of result column `i`.
        func columnName(_ i: Int) -> String { sqlite3_column_name(statement, Int32(i)).map { String(cString: $0) } ?? "" }

        /// Binds `values` (nil = NULL) to `?1`, `?2`, ... as text (column affinity converts numbers),
        /// those at `doubles` as the doubles they spell: SQLite's own text-to-REAL conversion can
        /// be one unit in the last place off, `Double(text)` is exact.
        func bind(_ values: [String?], doubles: Set<Int> = []) throws {
            for (i, value) in values.enumerated() {
                let rc: Int32
                if let value, doubles.contains(i), let d = Double(value) { rc = sqlite3_bind_double(statement, Int32(i + 1), d) }
                else if let value { rc = sqlite3_bind_text(statement, Int32(i + 1), value, -1, whitespot_sqlite_transient()) }
                else { rc = sqlite3_bind_null(statement, Int32(i + 1)) }
                guard rc == SQLITE_OK else { throw connection.failure("cannot bind value") }
            }
        }

        /// Advances to the next row; false at the end.
        func step() throws -> Bool {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw connection.failure("query failed")
            }
        }

        /// Runs a statement with these values (see ``bind(_:doubles:)``) and resets it for the next ones.
        func run(_ values: [String?], doubles: Set<Int> = []) throws {
            try bind(values, doubles: doubles)
            _ = try step()
            sqlite3_reset(statement)
        }

        /// Whether column `i` of the current row is NULL.
        func isNull(_ i: Int) -> Bool { sqlite3_column_type(statement, Int32(i)) == SQLITE_NULL }

        /// The bytes of column `i` of the current row as SQLite renders it as text.
        func withText<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            let p = sqlite3_column_text(statement, Int32(i))
            let n = Int(sqlite3_column_bytes(statement, Int32(i)))
            return try body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : n))
        }

        /// Column `i` of the current row as a string (nil for NULL).
        func text(_ i: Int) -> String? {
            isNull(i) ? nil : withText(i) { String(decoding: $0, as: UTF8.self) }
        }
    }
}
