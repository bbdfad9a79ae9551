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

    /// How messages name the source: `table orders` or `query`.
    public var label: String {
        switch self {
        case .table(let name): return "table \(name)"
        case .query: return "query"
        }
    }
}
