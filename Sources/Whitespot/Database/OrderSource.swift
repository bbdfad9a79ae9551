/// Which rows of a database are the order lines: a whole table or the result of a query.
///
/// The rows are read as CSV text (a header of the column names, then one record per row) and
/// go through the same parser as an order file: the same column mapping (`--columns`), the same
/// validation and the same errors, located by result row instead of line.
///
/// ```swift
/// let source = OrderSource.query("SELECT customer_id, order_date, product_id FROM order_lines WHERE order_date >= '2024-01-01'")
/// let (lines, report) = try OrderReader.read(database: DatabaseLocation("orders.db"), source: source, options: IngestOptions())
/// ```
public enum OrderSource: Sendable, Equatable {
    /// Every row of a table or view.
    case table(SQLName)
    /// The rows a `SELECT` (or `WITH ... SELECT`) returns.
    case query(String)

    /// The `SELECT` statement, without a trailing semicolon.
    public var select: String {
        switch self {
        case .table(let name): return "SELECT * FROM \(name.quoted)"
        case .query(let sql):
            var text = Substring(sql)
            while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
            return String(text)
        }
    }

    /// The `SELECT` reading only `columns` (names as the table gives them, in its order) of a
    /// table; a query is returned as it is.
    func select(columns: [String]) -> String {
        guard case .table(let name) = self else { return select }
        let list = columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
        return "SELECT \(list) FROM \(name.quoted)"
    }

    /// Of a table with these columns, the ones the order parser reads with `options` (the mapped
    /// fields and the product level), in table order; nil for a query, or when the mapping does
    /// not resolve (the read of every column then reports why, naming them all).
    func columnsRead(of header: [String], options: IngestOptions) -> [String]? {
        guard case .table = self, let column = try? options.mapping.resolve(header: header),
              OrderField.allCases.allSatisfy({ !$0.isRequired || column[$0] != nil }) else { return nil }
        var used = Set(column.values)
        if let level = options.productLevel, let i = ColumnMapping.find(level, in: header) { used.insert(i) }
        return used.count < header.count ? used.sorted().map { header[$0] } : nil
    }

    /// How messages name the source: `table orders` or `query`.
    public var label: String {
        switch self {
        case .table(let name): return "table \(name)"
        case .query: return "query"
        }
    }
}
