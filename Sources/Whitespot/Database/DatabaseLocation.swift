import Foundation

/// Where a database is: a SQLite file or a PostgreSQL server.
///
/// - `postgresql://…` or `postgres://…`: a libpq connection URI; what it leaves out comes from
///   the `PG*` environment variables (`postgresql://` alone uses them all).
/// - `sqlite:///absolute/path.db`, `sqlite:relative.db` or a plain file path: a SQLite file.
///
/// ```swift
/// let db = try DatabaseLocation("postgresql://ws:secret@db.example/sales")
/// print(db)   // postgresql://ws:***@db.example/sales (a password is never shown)
/// ```
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL connection URI.
    case postgres(uri: String)

    /// Parses a location as the CLI's `--orders-db` and `--out-db` take it.
    /// - Throws: ``DatabaseError`` for an empty text or an unknown `scheme://`.
    public init(_ text: String) throws {
        let lower = text.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            self = .postgres(uri: text)
        } else if lower.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseError("no file in '\(text)': write sqlite:///path/to/file.db") }
            self = .sqlite(path: path)
        } else if lower.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseError("no file in '\(text)': write sqlite:path/to/file.db") }
            self = .sqlite(path: path)
        } else if let scheme = lower.range(of: "://") {
            throw DatabaseError("unknown database '\(DatabaseLocation.redacted(String(text[..<scheme.lowerBound])))://…': use postgresql://…, sqlite:///path or a file path")
        } else {
            guard !text.isEmpty else { throw DatabaseError("empty database location") }
            self = .sqlite(path: text)
        }
    }

    /// The location with any password replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let uri): return DatabaseLocation.redacted(uri)
        }
    }

    /// `text` with the password of every `scheme://user:password@host` URI and of every
    /// `password=…` parameter replaced by `***`.
    public static func redacted(_ text: String) -> String {
        var out = text
        for (pattern, template) in redactions {
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }

    private static let redactions: [(NSRegularExpression, String)] = [
        (#"([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@/?#\s]*@"#, "$1***@"),
        (#"((?i:password)\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)"#, "$1***"),
    ].compactMap { pattern, template in
        (try? NSRegularExpression(pattern: pattern)).map { ($0, template) }
    }
}
