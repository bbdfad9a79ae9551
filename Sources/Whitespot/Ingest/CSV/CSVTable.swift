/// A small CSV file read whole into strings: the product catalogue and the customer file.
struct CSVTable {
    /// Header names.
    var header: [String]
    /// Data rows (each as long as the header).
    var rows: [[String]]

    /// Reads `path`, detecting the delimiter unless given.
    /// - Throws: ``IngestError`` located at the bad line (empty file, malformed CSV,
    ///   invalid UTF-8, wrong number of fields).
    init(path: String, delimiter: UInt8? = nil) throws {
        let input = try InputBytes(path: path, displayName: path)
        let b = input.buffer
        if let problem = CSVDialect.encodingProblem(b, file: path) {
            throw IngestError(file: path, line: 1, column: 1, message: problem)
        }
        let start = CSVDialect.contentStart(b)
        guard !CSVDialect.isBlank(b, from: start) else {
            throw IngestError(file: path, line: 1, column: 1, message: "empty file (no header line)")
        }
        let scanner = CSVScanner(
            bytes: b, range: start..<b.count, delimiter: delimiter ?? CSVDialect.detectDelimiter(b, from: start))
        func fail(_ offset: Int, _ message: String, _ value: String? = nil) -> IngestError {
            let (line, column) = CSVDialect.locate(b, offset)
            return IngestError(file: path, line: line, column: column, message: message, value: value)
        }
        var header: [String]?
        var rows: [[String]] = []
        loop: while true {
            switch scanner.next() {
            case .end: break loop
            case .blank: continue
            case let .malformed(offset, reason, message):
                throw fail(offset, message, reason == .invalidUTF8 ? CSVDialect.hexBytes(b, at: offset) : nil)
            case .record:
                let row = (0..<scanner.fieldCount).map(scanner.string)
                guard let header else { header = row; continue }
                guard row.count == header.count else {
                    throw fail(scanner.recordStart, "row has \(row.count) fields, the header has \(header.count)")
                }
                rows.append(row)
            }
        }
        self.header = header ?? []
        self.rows = rows
    }

    /// The index of the first of `names` present in the header (case-insensitive).
    func column(_ names: [String]) -> Int? {
        for name in names { if let i = ColumnMapping.find(name, in: header) { return i } }
        return nil
    }
}
