/// A problem with the input, located in the file: `file:line:column: what is wrong (value)`.
///
/// `line` is the 1-based physical line where the offending field starts (the header is line 1);
/// `column` is the 1-based character position of that field on its line. Problems that concern
/// a whole file (missing file, unknown mapped column) point at line 1, column 1.
///
/// ```
/// orders.csv:17:23: quantity is not a number (twelve)
/// ```
public struct IngestError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// The file as named by the user (`<stdin>` for standard input).
    public var file: String
    /// 1-based physical line.
    public var line: Int
    /// 1-based character column.
    public var column: Int
    /// What is wrong, in words.
    public var message: String
    /// The offending value as it appears in the file (shortened when long), or nil.
    public var value: String?
    /// For orders read from a database: the 1-based row of the query result (the header that
    /// the export adds is not counted); the message then says `source: row N: ...`.
    public var row: Int?
    /// What would probably fix it (`give --date-format dd/MM/yyyy`), when it can be guessed.
    public var hint: String?

    /// A located error.
    public init(file: String, line: Int, column: Int, message: String, value: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.value = value
    }

    /// `file:line:column: message (value); hint`.
    public var description: String {
        let location = row.map { "\(file): row \($0): \(message)" } ?? "\(file):\(line):\(column): \(message)"
        let shown = value.map { "\(location) (\($0))" } ?? location
        return hint.map { "\(shown); \($0)" } ?? shown
    }

    /// The value text shown in messages: at most `limit` characters, control characters escaped.
    static func shown(_ text: String, limit: Int = 60) -> String {
        var out = ""
        for (i, c) in text.enumerated() {
            if i == limit { out += "…"; break }
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out
    }
}
