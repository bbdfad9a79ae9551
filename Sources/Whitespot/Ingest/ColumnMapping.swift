/// Which input column holds which ``OrderField``, e.g. parsed from
/// `customer="Customer ID",date=InvoiceDate,product=StockCode,quantity=Quantity`.
///
/// Fields that are not mapped are looked up by their canonical header name
/// (``OrderField/canonicalName``, case-insensitively). Mapped header names match exactly first,
/// then case-insensitively.
///
/// ```swift
/// let m = try ColumnMapping(parsing: "customer=Member_number,date=Date,product=itemDescription")
/// m.columns[.customer]   // "Member_number"
/// ```
public struct ColumnMapping: Sendable, Equatable, Codable {
    /// Header name per mapped field.
    public var columns: [OrderField: String]

    /// A mapping from explicit pairs.
    public init(_ columns: [OrderField: String] = [:]) {
        self.columns = columns
    }

    /// Parses `field=Header,field="Header, with comma",...`.
    ///
    /// Values may be double-quoted (needed only when a header contains a comma or starts or
    /// ends with spaces); unquoted values run to the next comma. Field names are the cases of
    /// ``OrderField``; `unit_price` and the other canonical names are accepted too.
    /// - Throws: ``MappingError`` naming the bad part.
    public init(parsing text: String) throws {
        var columns: [OrderField: String] = [:]
        var chars = Substring(text)
        while !chars.isEmpty {
            guard let eq = chars.firstIndex(of: "=") else {
                throw MappingError(message: "expected field=column", part: String(chars))
            }
            let key = chars[..<eq].trimmingSpaces().lowercased()
            guard let field = OrderField(rawValue: key) ?? OrderField.allCases.first(where: { $0.canonicalName == key })
            else {
                let known = OrderField.allCases.map(\.rawValue).joined(separator: ", ")
                throw MappingError(message: "unknown field '\(key)' (known: \(known))", part: String(chars[..<eq]))
            }
            chars = chars[chars.index(after: eq)...]
            var value = ""
            if chars.first == "\"" {
                chars = chars.dropFirst()
                guard let close = chars.firstIndex(of: "\"") else {
                    throw MappingError(message: "unterminated quote", part: "\"" + String(chars))
                }
                value = String(chars[..<close])
                chars = chars[chars.index(after: close)...]
                if !chars.isEmpty && chars.first != "," {
                    throw MappingError(message: "expected ',' after closing quote", part: String(chars))
                }
            } else {
                let end = chars.firstIndex(of: ",") ?? chars.endIndex
                value = String(chars[..<end].trimmingSpaces())
                chars = chars[end...]
            }
            if chars.first == "," { chars = chars.dropFirst() }
            guard !value.isEmpty else { throw MappingError(message: "empty column name for \(field.rawValue)", part: key) }
            if columns[field] != nil { throw MappingError(message: "\(field.rawValue) mapped twice", part: value) }
            columns[field] = value
        }
        self.columns = columns
    }

    /// Resolves fields to column indices of `header`: explicit mapping first, then canonical names.
    /// - Returns: the column index per field found.
    /// - Throws: ``MappingError`` for a mapped column that is not in the header, a column name
    ///   the header holds more than once, or two fields mapped to the same column.
    func resolve(header: [String]) throws -> [OrderField: Int] {
        var result: [OrderField: Int] = [:]
        for field in OrderField.allCases {
            if let name = columns[field] {
                guard let i = try ColumnMapping.findUnique(name, in: header) else {
                    throw MappingError(
                        message: "no column '\(name)' for \(field.rawValue); columns are: "
                            + header.map { "\"\($0)\"" }.joined(separator: ", "),
                        part: name)
                }
                result[field] = i
            } else if let i = try ColumnMapping.findUnique(field.canonicalName, in: header) {
                result[field] = i
            }
        }
        var fieldOfColumn: [Int: OrderField] = [:]
        for field in OrderField.allCases {
            guard let i = result[field] else { continue }
            if let other = fieldOfColumn[i] {
                throw MappingError(
                    message: "\(other.rawValue) and \(field.rawValue) both read column \(i + 1) '\(header[i])'; map each field to its own column",
                    part: header[i])
            }
            fieldOfColumn[i] = field
        }
        return result
    }

    /// Like ``find(_:in:)``, but a name that matches more than one column (exactly, or
    /// case-insensitively when there is no exact match) is an error, not the first of them.
    static func findUnique(_ name: String, in header: [String]) throws -> Int? {
        var matches = header.indices.filter { header[$0] == name }
        if matches.isEmpty {
            let wanted = name.trimmingSpaces().lowercased()
            matches = header.indices.filter { header[$0].trimmingSpaces().lowercased() == wanted }
        }
        guard matches.count <= 1 else {
            throw MappingError(
                message: "the header has \(matches.count) columns named '\(name)' (columns "
                    + matches.map { String($0 + 1) }.joined(separator: ", ") + "); rename them so that each name is unique",
                part: name)
        }
        return matches.first
    }

    /// Index of `name` in `header`: exact match first, then case-insensitive (spaces trimmed).
    static func find(_ name: String, in header: [String]) -> Int? {
        if let i = header.firstIndex(of: name) { return i }
        let wanted = name.trimmingSpaces().lowercased()
        return header.firstIndex { $0.trimmingSpaces().lowercased() == wanted }
    }
}

/// A malformed `--columns` mapping or a mapped column missing from the header.
public struct MappingError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var message: String
    /// The part of the mapping text it concerns.
    public var part: String
    /// `message (part)`.
    public var description: String { "\(message) (\(part))" }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
