/// What a side file (the product catalogue or the customer file) contributed to the orders:
/// rows read, rows whose id the orders hold, ids of the orders it does not list, values applied.
///
/// A catalogue keyed by another column than the one the orders use matches nothing; this report
/// makes that visible instead of silently giving no names.
///
/// ```
/// catalogue products.csv (product=ProductKey, name=Product): 1,862 rows, 1,862 match products of the orders,
///   0 do not; 0 products of the orders not listed; applied 1,862 names, 0 categories, 0 prices
/// ```
public struct SideFileReport: Sendable, Equatable, Codable {
    /// The file as given.
    public var file: String
    /// `catalogue` or `customer file`.
    public var kind: String
    /// The header used for each field, `field=Header`, in field order.
    public var columns: [String]
    /// Data rows read.
    public var rowsRead = 0
    /// Rows whose id (product or customer) is in the orders.
    public var rowsMatched = 0
    /// Ids of the orders (products or customers) the file does not list.
    public var idsNotListed = 0
    /// What the rows set, per field (`name`, `category`, `price`, `segment`): products or
    /// customers given a value.
    public var applied: [String: Int] = [:]

    /// Rows whose id is not in the orders.
    public var rowsUnmatched: Int { rowsRead - rowsMatched }

    /// One line for people.
    public var text: String {
        let ids = kind == "catalogue" ? "products" : "customers"
        let fields = kind == "catalogue" ? ["name", "category", "price"] : ["segment"]
        let values = fields.map { f in TextFormat.count(applied[f] ?? 0, f == "category" ? "category" : f, f == "category" ? "categories" : nil) }
        return "\(kind) \(file) (\(columns.joined(separator: ", "))): \(TextFormat.count(rowsRead, "row")), "
            + "\(TextFormat.count(rowsMatched)) match \(ids) of the orders, \(TextFormat.count(rowsUnmatched)) do not; "
            + "\(TextFormat.count(idsNotListed)) \(ids) of the orders not listed; applied " + values.joined(separator: ", ")
            + (rowsRead > 0 && rowsMatched == 0
                ? "; no row matches: is \(columns.first ?? "the id column") the column of the orders' ids? map it with "
                    + (kind == "catalogue" ? "--catalog-columns product=COLUMN" : "--customers-columns customer=COLUMN")
                : "")
    }
}

extension OrderReader {
    /// The columns of a side file for `fields` (each with the header names accepted when it is
    /// not mapped): the mapped header, else the first accepted name present.
    /// - Throws: ``IngestError`` at line 1 for a mapped field the file cannot have, a mapped
    ///   column the header lacks, or a missing id column (`fields[0]`).
    static func sideColumns(_ table: CSVTable, path: String, kind: String, option: String, mapping: ColumnMapping,
                            fields: [(OrderField, [String])]) throws -> [OrderField: Int] {
        let listed = table.header.map { "'\($0)'" }.joined(separator: ", ")
        func fail(_ message: String) -> IngestError { IngestError(file: path, line: 1, column: 1, message: message) }
        let known = fields.map(\.0)
        for field in mapping.columns.keys where !known.contains(field) {
            throw fail("\(option): a \(kind) has no \(field.rawValue) field (fields: \(known.map(\.rawValue).joined(separator: ", ")))")
        }
        var result: [OrderField: Int] = [:]
        for (field, names) in fields {
            if let name = mapping.columns[field] {
                guard let i = ColumnMapping.find(name, in: table.header) else {
                    throw fail("no column '\(name)' for \(field.rawValue) (\(option)); columns are: \(listed)")
                }
                result[field] = i
            } else if let i = table.column(names) {
                result[field] = i
            }
        }
        let (id, names) = fields[0]
        guard result[id] != nil else {
            throw fail("no \(id.rawValue) column in the \(kind): name it \(names.joined(separator: " or ")) or map it with "
                + "\(option) \(id.rawValue)=COLUMN; columns are: \(listed)")
        }
        return result
    }

    /// The `field=Header` list of resolved side-file columns, in `fields` order.
    static func describe(_ columns: [OrderField: Int], header: [String], fields: [(OrderField, [String])]) -> [String] {
        fields.compactMap { f in columns[f.0].map { "\(f.0.rawValue)=\(header[$0])" } }
    }
}
