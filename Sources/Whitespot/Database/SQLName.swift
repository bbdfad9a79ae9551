/// A table name given by the user: `name` or `schema.name`, letters, digits and underscores,
/// not starting with a digit. Checked before it goes into SQL, and always double-quoted there.
///
/// ```swift
/// try SQLName("sales.recommendations").quoted   // "sales"."recommendations"
/// ```
public struct SQLName: Sendable, Equatable, CustomStringConvertible {
    /// The parts: one, or schema and name.
    public let parts: [String]

    /// Checks a name.
    /// - Throws: ``DatabaseError`` for an empty part, a character outside `[A-Za-z0-9_]`, a
    ///   leading digit or more than two parts.
    public init(_ text: String) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func valid(_ part: String) -> Bool {
            guard let first = part.unicodeScalars.first, part.count <= 63 else { return false }
            return !("0"..."9").contains(first)
                && part.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        guard (1...2).contains(parts.count), parts.allSatisfy(valid) else {
            throw DatabaseError("'\(text)' is not a table name: use letters, digits and underscores (name or schema.name)")
        }
        self.parts = parts
    }

    /// The last part: the table itself.
    public var table: String { parts[parts.count - 1] }

    /// The name with each part double-quoted, ready for SQL.
    public var quoted: String { parts.map { "\"\($0)\"" }.joined(separator: ".") }

    /// A sibling table in the same schema, e.g. the runs table next to the recommendations.
    public func sibling(_ name: String) -> SQLName {
        var p = parts
        p[p.count - 1] = name
        return SQLName(checked: p)
    }

    private init(checked parts: [String]) { self.parts = parts }

    /// `schema.name` as given.
    public var description: String { parts.joined(separator: ".") }
}
