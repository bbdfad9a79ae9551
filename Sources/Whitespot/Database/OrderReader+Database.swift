import CLibPQ

extension OrderReader {
    /// Reads order lines from a database: from PostgreSQL streamed by
    /// `COPY (query) TO STDOUT WITH (FORMAT csv, HEADER)`, from SQLite row by row; either way
    /// as CSV text fed to the order-file parser (while it arrives: ``StreamingOrderParse``), so
    /// mapping, validation and results are those of the same rows exported to CSV. A bad row
    /// is named as `source: row N: ...`.
    ///
    /// `options.delimiter` is not used (the text is comma-separated, or semicolon-separated
    /// with `options.decimalComma`).
    /// - Throws: ``DatabaseError`` when the database cannot be reached or the query fails;
    ///   ``IngestError`` for the rows, as ``read(path:options:)``.
    public static func read(database: DatabaseLocation, source: OrderSource, options: IngestOptions) throws -> (OrderLines, IngestReport) {
        var options = options
        let delimiter: UInt8 = options.decimalComma ? UInt8(ascii: ";") : UInt8(ascii: ",")
        options.delimiter = delimiter
        let stream = StreamingOrderParse(file: "\(database) \(source.label)", options: options)
        let text = stream.text
        switch database {
        case .postgres(let uri):
            let pg = try PostgresConnection(uri: uri)
            let with = delimiter == UInt8(ascii: ",") ? "FORMAT csv, HEADER true" : "FORMAT csv, HEADER true, DELIMITER ';'"
            try pg.copyOut("COPY (\(source.select)) TO STDOUT WITH (\(with))") { chunk in
                text.append(chunk)
                try stream.advance()
            }
        case .sqlite(let path):
            let db = try SQLiteConnection(path: path, create: false)
            let statement = try db.prepare(source.select)
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
        }
        return try stream.finish(rows: true)
    }
}
