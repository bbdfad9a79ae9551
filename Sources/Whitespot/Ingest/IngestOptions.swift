import Foundation

/// How to read an order file: column mapping, CSV dialect, dates, exclusions, side files.
///
/// ```swift
/// var options = IngestOptions()
/// options.mapping = try ColumnMapping(parsing: "customer=Member_number,date=Date,product=itemDescription")
/// options.dateFormat = try DateFormat("dd-MM-yyyy")
/// let (lines, report) = try OrderReader.read(path: "Groceries_dataset.csv", options: options)
/// ```
public struct IngestOptions: Sendable {
    /// Largest accepted |quantity|; larger values are absurd (a bad line).
    public static let maxQuantity = 1e9
    /// Largest accepted |unit price| and |revenue|; larger values are absurd (a bad line).
    public static let maxAmount = 1e12

    /// Which column holds which field (unmapped fields use canonical header names).
    public var mapping = ColumnMapping()
    /// The field delimiter byte, or nil to detect comma, semicolon or tab from the header.
    public var delimiter: UInt8?
    /// How dates are written (default ISO 8601).
    public var dateFormat = DateFormat.iso
    /// Whether numbers use a decimal comma (`12,5`); the delimiter must then not be a comma.
    public var decimalComma = false
    /// Product codes whose lines are dropped (shipping, fees, adjustments), matched exactly.
    public var excludeProducts: Set<String> = []
    /// Roll products up to this column of the order file or of the catalogue (e.g. `Sub-Category`).
    public var productLevel: String?
    /// Optional product catalogue CSV: product, and any of name, category, price.
    public var catalogPath: String?
    /// The catalogue's columns for product, name, category and price (unmapped fields are
    /// found by their usual names: product, product_id or sku; name, product_name or
    /// description; category; price, unit_price or list_price).
    public var catalogMapping = ColumnMapping()
    /// Optional customer CSV: customer, segment, and any other columns (ignored).
    public var customersPath: String?
    /// The customer file's columns for customer and segment (unmapped: customer or
    /// customer_id; segment).
    public var customersMapping = ColumnMapping()
    /// Skip bad lines (counting them, with examples) instead of stopping at the first.
    public var skipBadLines = false
    /// How many examples to keep per skip reason.
    public var examplesPerReason = 3
    /// Parallel parse workers (nil: one per core, at most 8); results do not depend on it.
    public var workers: Int?
    /// Earliest plausible order day (days since 1970-01-01); earlier dates are bad lines.
    /// Default 1900-01-01.
    public var earliestDay = Days.from(year: 1900, month: 1, day: 1)
    /// Latest plausible order day; later dates are bad lines. Default: one year (366 days)
    /// after today (UTC), so that a stray 9999-12-31 cannot stretch the date range.
    public var latestDay = Int32(clamping: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)) + 366)

    /// Default options: canonical columns, detected delimiter, ISO dates.
    public init() {}

    /// The delimiter byte for a name (`comma`, `semicolon`, `tab`, `pipe`) or a single ASCII character.
    public static func delimiter(named name: String) -> UInt8? {
        switch name.lowercased() {
        case "comma", ",": return UInt8(ascii: ",")
        case "semicolon", ";": return UInt8(ascii: ";")
        case "tab", "\\t", "\t": return 9
        case "pipe", "|": return UInt8(ascii: "|")
        default:
            let bytes = Array(name.utf8)
            guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != UInt8(ascii: "\""), bytes[0] != 10, bytes[0] != 13
            else { return nil }
            return bytes[0]
        }
    }
}
