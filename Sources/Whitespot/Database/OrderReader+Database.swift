import CLibPQ

extension OrderReader {
    /// Reads order lines from a database: from PostgreSQL streamed by `COPY (query) TO STDOUT` in
    /// the text format (the server's cheapest; ``CopyTextRows`` makes it tab-separated CSV), from
    /// SQLite row by row as CSV; either way fed to the order-file parser while it arrives
    /// (``StreamingOrderParse``), so mapping, validation and results are those of the same rows
    /// exported to CSV. A bad row is named as `source: row N: ...`. Of a table only the columns
    /// the mapping reads are selected (less work for the database and less text to parse); a
    /// query is read as written.
    ///
    /// `options.delimiter` is not used (the text is tab-separated from PostgreSQL; from SQLite
    /// comma-separated, or semicolon-separated with `options.decimalComma`).
    /// - Throws: ``DatabaseError`` when the database cannot be reached or the query fails;
    ///   ``IngestError`` for the rows, as ``read(path:options:)``.
    public static func read(database: DatabaseLocation, source: OrderSource, options: IngestOptions) throws -> (OrderLines, IngestReport) {
        var options = options
        let file = "\(database) \(source.label)"
        switch database {
        case .postgres(let uri):
            options.delimiter = CopyTextRows.tab
            let stream = StreamingOrderParse(file: file, options: options)
            let text = stream.text
            let pg = try PostgresConnection(uri: uri)
            var select = source.select
            if case .table(let name) = source {
                // From the catalogue: needs no privilege on the columns the mapping leaves out.
                let names = try pg.rows("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 "
                                        + "AND NOT attisdropped ORDER BY attnum", [name.quoted]).compactMap { $0.first ?? nil }
                if let read = source.columnsRead(of: names, options: options) { select = source.select(columns: read) }
            }
            // A table is read from its first page, not from where another (or an interrupted)
            // scan of it left off: the same rows in the same order, so the same ids, every time.
            try pg.execute("SET synchronize_seqscans TO off")
            CopyTextRows.appendHeader(try pg.columnNames(of: select), to: text)
            var scratch: [UInt8] = []
            try pg.copyOut("COPY (\(select)) TO STDOUT") { row in
                CopyTextRows.append(row, to: text, scratch: &scratch)
                try stream.advance()
            }
            return try stream.finish(rows: true)
        case .sqlite(let path):
            let delimiter: UInt8 = options.decimalComma ? UInt8(ascii: ";") : UInt8(ascii: ",")
            options.delimiter = delimiter
            let stream = StreamingOrderParse(file: file, options: options)
            let text = stream.text
            let db = try SQLiteConnection(path: path, create: false)
            var statement = try db.prepare(source.select)
            if let read = source.columnsRead(of: (0 ..< statement.columnCount).map(statement.columnName), options: options) {
                statement = try db.prepare(source.select(columns: read))
            }
            let columns = statement.columnCount
            guard columns > 0 else { throw DatabaseError("\(db.shown): the \(source.label) returns no columns") }
            for i in 0..<columns {
                if i > 0 { text.append(delimiter) }
                var name = statement.columnName(i)
                name.withUTF8 { text.appendField(UnsafeRawBufferPointer($0), delimiter: delimiter) }
            }
            text.append(10)
            var row = 0
            while try statement.step() {
                for i in 0..<columns {
                    if i > 0 { text.append(delimiter) }
                    statement.withText(i) { text.appendField($0, delimiter: delimiter) }
                }
                text.append(10)
                row += 1
                if row & 4095 == 0 { try stream.advance() }
            }
            return try stream.finish(rows: true)
        }
    }
}
