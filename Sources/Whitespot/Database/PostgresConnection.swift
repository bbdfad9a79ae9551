import CLibPQ
import Foundation

/// One libpq connection to a PostgreSQL server: the only place that touches `PGconn`.
///
/// Connections use a `postgresql://` URI; whatever it leaves out comes from the `PG*`
/// environment variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, ...), as with `psql`.
/// Every session speaks UTF-8 and writes dates as ISO 8601, whatever the server's defaults.
///
/// ```swift
/// let pg = try PostgresConnection(uri: "postgresql:///sales?host=/run/postgresql")
/// try pg.execute("CREATE TABLE IF NOT EXISTS t (x int)")
/// ```
final class PostgresConnection {
    let connection: OpaquePointer
    /// The location as shown to users (password redacted).
    let shown: String

    /// Connects.
    /// - Throws: ``DatabaseError`` naming the server (never the password) and libpq's reason.
    init(uri: String) throws {
        shown = DatabaseLocation.redacted(uri)
        guard let conn = PQconnectdb(uri) else { throw DatabaseError("\(shown): out of memory connecting") }
        connection = conn
        guard PQstatus(conn) == CONNECTION_OK else {
            let reason = PostgresConnection.message(conn)
            throw DatabaseError("\(shown): cannot connect: \(reason)")
        }
        try execute("SET client_encoding TO 'UTF8'; SET DateStyle TO 'ISO, YMD'; SET extra_float_digits TO 1; SET client_min_messages TO warning")
    }

    /// Closes the connection (also when `init` fails after connecting: the handle is always set).
    deinit { PQfinish(connection) }

    /// libpq's last error message, one line, with the password itself removed too.
    private static func message(_ conn: OpaquePointer) -> String {
        var text = PQerrorMessage(conn).map { String(cString: $0) } ?? "unknown error"
        while text.last?.isWhitespace == true { text.removeLast() }
        if let pass = PQpass(conn).map({ String(cString: $0) }), !pass.isEmpty {
            text = text.replacingOccurrences(of: pass, with: "***")
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The error for a failed step.
    func failure(_ what: String) -> DatabaseError {
        DatabaseError("\(shown): \(what): \(PostgresConnection.message(connection))")
    }

    /// Runs statements that return no rows, with `$1`, `$2`, ... bound to `parameters` as text.
    /// - Throws: ``DatabaseError`` with the server's message.
    func execute(_ sql: String, _ parameters: [String?] = []) throws {
        let result = try run(sql, parameters)
        PQclear(result)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try Transaction.run(begin: "BEGIN", { try execute($0) }, body)
    }

    /// Runs one query and returns its rows as text (nil for NULL). For small results only.
    func rows(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return (0 ..< PQntuples(result)).map { r in
            (0 ..< PQnfields(result)).map { c in
                PQgetisnull(result, r, c) != 0 ? nil : PQgetvalue(result, r, c).map { String(cString: $0) }
            }
        }
    }

    private func run(_ sql: String, _ parameters: [String?]) throws -> OpaquePointer {
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(connection, sql)
        } else {
            var copies = parameters.map { $0.flatMap { strdup($0) } }
            defer { copies.forEach { free($0) } }
            result = copies.withUnsafeMutableBufferPointer { values in
                values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                    PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
                }
            }
        }
        guard let result else { throw failure("query failed") }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let reason = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
            PQclear(result)
            throw DatabaseError("\(shown): \(reason.split(whereSeparator: \.isNewline).joined(separator: " "))")
        }
        return result
    }
}
