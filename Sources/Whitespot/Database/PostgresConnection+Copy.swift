import CLibPQ
import Foundation

extension PostgresConnection {
    /// Sends a COPY command and checks that the server entered the expected COPY state.
    /// - Throws: ``DatabaseError`` with the server's message when it did not.
    private func startCopy(_ sql: String, expecting expected: ExecStatusType) throws {
        let start = PQexec(connection, sql)
        let status = start.map(PQresultStatus)
        let reason = start.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
        PQclear(start)
        guard status == expected else {
            throw DatabaseError("\(shown): \(reason.isEmpty ? "COPY did not start" : oneLine(reason))")
        }
    }

    /// The names of the columns `select` returns, from the server's description of the statement
    /// (prepared, not run: no row is read).
    /// - Throws: ``DatabaseError`` with the server's message (bad query, unknown table).
    func columnNames(of select: String) throws -> [String] {
        func checked(_ result: OpaquePointer?) throws -> OpaquePointer {
            guard let result else { throw failure("describing the query") }
            guard PQresultStatus(result) == PGRES_COMMAND_OK else {
                let reason = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
                PQclear(result)
                throw DatabaseError("\(shown): \(reason.isEmpty ? "cannot describe the query" : oneLine(reason))")
            }
            return result
        }
        PQclear(try checked(PQprepare(connection, "", select, 0, nil)))
        let description = try checked(PQdescribePrepared(connection, ""))
        defer { PQclear(description) }
        return (0 ..< PQnfields(description)).map { PQfname(description, $0).map { String(cString: $0) } ?? "" }
    }

    /// Runs `COPY (...) TO STDOUT ...` and hands each chunk of bytes to `chunk` as it arrives:
    /// the result set is never held by libpq.
    /// - Throws: ``DatabaseError`` with the server's message (bad query, lost connection).
    func copyOut(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        try startCopy(sql, expecting: PGRES_COPY_OUT)
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let n = PQgetCopyData(connection, &buffer, 0)
            if n > 0, let bytes = buffer {
                defer { PQfreemem(bytes) }
                try chunk(UnsafeRawBufferPointer(start: bytes, count: Int(n)))
            } else if n == -1 {
                break
            } else {
                throw failure("reading COPY data")
            }
        }
        try finishCommand("COPY")
    }

    /// Runs `COPY ... FROM STDIN ...`; `produce` sends the data through the function it gets,
    /// in as many pieces as it likes. When `produce` throws, the COPY is aborted (the server
    /// discards what it received) and the error is rethrown.
    func copyIn(_ sql: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try startCopy(sql, expecting: PGRES_COPY_IN)
        func send(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            let p = base.assumingMemoryBound(to: CChar.self)
            var offset = 0
            while offset < bytes.count {
                let n = min(bytes.count - offset, 1 << 30)
                guard PQputCopyData(connection, p + offset, Int32(n)) == 1 else { throw failure("sending COPY data") }
                offset += n
            }
        }
        do {
            try produce(send)
        } catch {
            _ = PQputCopyEnd(connection, "whitespot: aborted")
            try? finishCommand("COPY")
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else { throw failure("ending COPY") }
        try finishCommand("COPY")
    }

    /// Collects the results of the running command; throws the first error.
    private func finishCommand(_ what: String) throws {
        var firstError: String?
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && firstError == nil {
                firstError = PQresultErrorMessage(result).map { String(cString: $0) } ?? "\(what) failed"
            }
            PQclear(result)
        }
        if let firstError { throw DatabaseError("\(shown): \(oneLine(firstError))") }
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
