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
    /// What is wrong.
    public var problem: Problem
    /// The offending value as it appears in the file (shortened when long), or nil.
    public var value: String?
    /// For orders read from a database: the 1-based row of the query result (the header that
    /// the export adds is not counted); the message then says `source: row N: ...`.
    public var row: Int?
    /// What would probably fix it (another date format, a decimal comma), when it can be guessed.
    public var hint: InputHint?

    /// What can be wrong with an input.
    public enum Problem: Sendable, Equatable {
        /// A problem with the content, in words.
        case content(String)
        /// A decimal comma was asked for in a comma-separated file.
        case decimalCommaNeedsDelimiter
        /// A required field has no column; `columns` are the file's column names.
        case missingColumn(OrderField, columns: [String])
        /// The product-level column is in neither the order file nor (when given) the catalogue.
        case unknownProductLevel(String, catalogue: Bool, columns: [String])
    }

    /// A located error whose problem is described by `message`.
    public init(file: String, line: Int, column: Int, message: String, value: String? = nil) {
        self.init(file: file, line: line, column: column, problem: .content(message), value: value)
    }

    /// A located error.
    public init(file: String, line: Int, column: Int, problem: Problem, value: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.value = value
    }

    /// What is wrong, in words, naming settings in words (``Setting/phrase``).
    public var message: String { message(naming: \.phrase) }

    /// What is wrong, in words, naming each setting as `name` does (a command line names them
    /// by their flags).
    public func message(naming name: (Setting) -> String) -> String {
        switch problem {
        case .content(let text):
            return text
        case .decimalCommaNeedsDelimiter:
            return "a decimal comma needs another delimiter (the file looks comma-separated; give \(name(.delimiter)))"
        case .missingColumn(let field, let columns):
            return "no \(field.rawValue) column: name it \(field.canonicalName) or map it with \(name(.columns)) "
                + "\(field.rawValue)=COLUMN; columns are: \(Self.listed(columns))"
        case .unknownProductLevel(let level, let catalogue, let columns):
            let place = catalogue ? "the order file or the catalogue" : "the order file"
            return "no column '\(level)' in \(place) for \(name(.productLevel)); order file columns are: \(Self.listed(columns))"
        }
    }

    /// Column names quoted and comma-separated: 'a', 'b'.
    static func listed(_ columns: [String]) -> String { columns.map { "'\($0)'" }.joined(separator: ", ") }

    /// `file:line:column: message (value); hint`, with settings in words.
    public var description: String { description(naming: \.phrase) }

    /// `file:line:column: message (value); hint`, naming each setting as `name` does.
    public func description(naming name: (Setting) -> String) -> String {
        let message = message(naming: name)
        let location = row.map { "\(file): row \($0): \(message)" } ?? "\(file):\(line):\(column): \(message)"
        let shown = value.map { "\(location) (\($0))" } ?? location
        return hint.map { "\(shown); \($0.text(naming: name))" } ?? shown
    }

    enum CodingKeys: String, CodingKey { case file, line, column, message, value, row }

    /// Decodes an error written by ``encode(to:)``; its problem is the message text.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
                  column: try c.decode(Int.self, forKey: .column), message: try c.decode(String.self, forKey: .message),
                  value: try c.decodeIfPresent(String.self, forKey: .value))
        row = try c.decodeIfPresent(Int.self, forKey: .row)
    }

    /// Encodes file, line, column, message (in words), value and row.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(row, forKey: .row)
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
