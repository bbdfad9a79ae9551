/// Why a data line was rejected (stopping the read, or skipped under `skipBadLines`).
public enum BadLineReason: String, Sendable, Codable, CaseIterable {
    /// Broken quoting, such as a quote that is never closed.
    case malformedCSV = "malformed CSV"
    /// Bytes that are not UTF-8.
    case invalidUTF8 = "invalid UTF-8"
    /// More or fewer fields than the header.
    case raggedRow = "wrong number of fields"
    /// Empty product or date.
    case missingValue = "missing value"
    /// A date that does not match the date format.
    case badDate = "bad date"
    /// A quantity, price or revenue that is not a number.
    case badNumber = "bad number"
    /// A number outside the plausible range (see ``IngestOptions/maxQuantity``).
    case absurdNumber = "absurd number"
    /// A date outside the plausible range (see ``IngestOptions/earliestDay``).
    case implausibleDate = "implausible date"
}

/// What ingest read, kept and dropped, and why: the first thing to look at for a new file.
public struct IngestReport: Sendable, Codable, Equatable {
    /// Lines dropped for one reason.
    public struct Skipped: Sendable, Codable, Equatable {
        /// The reason.
        public var reason: BadLineReason
        /// How many lines.
        public var count: Int
        /// The first few, located.
        public var examples: [IngestError]
    }

    /// The order file as named by the user.
    public var file: String
    /// The field delimiter used (given or detected).
    public var delimiter: String
    /// The header name behind each field found.
    public var columns: [String: String]
    /// Data records read (header and blank lines not counted).
    public var linesRead = 0
    /// Lines kept in ``OrderLines``.
    public var linesKept = 0
    /// Blank lines ignored.
    public var blankLines = 0
    /// Lines skipped because their customer is empty.
    public var noCustomer = 0
    /// Lines skipped because their product is in the exclude list.
    public var excluded = 0
    /// Kept lines with a negative quantity (returns, cancellations); they net against purchases.
    public var returnLines = 0
    /// Bad lines skipped (only with `skipBadLines`), by reason in order of first occurrence.
    public var skipped: [Skipped] = []
    /// First and last order day (days since 1970-01-01) of the kept lines.
    public var firstDay: Int32?
    /// Last order day of the kept lines.
    public var lastDay: Int32?
    /// The column products were rolled up to, when `productLevel` was given.
    public var productLevel: String?
    /// Products that had no value for the product level (kept under their own id).
    public var productsWithoutLevel = 0
    /// Customers whose segment came from the customer file.
    public var customersFromFile = 0
    /// What the catalogue contributed, when one was read.
    public var catalog: SideFileReport?
    /// What the customer file contributed, when one was read.
    public var customersFile: SideFileReport?

    /// Total bad lines skipped.
    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.count } }

    /// The date range as ISO text, e.g. `2009-12-01 .. 2010-12-09`.
    public var dateRange: String? {
        guard let firstDay, let lastDay else { return nil }
        return "\(Days.iso(firstDay)) .. \(Days.iso(lastDay))"
    }

    /// How a model describes the orders it was trained on: the source's `name`, lines kept
    /// and date range, e.g. `orders.csv: 9,994 lines; 2016-01-03 to 2019-12-30`.
    public func dataDescription(name: String) -> String {
        "\(name): \(TextFormat.count(linesKept)) lines"
            + (firstDay.flatMap { a in lastDay.map { "; \(Days.iso(a)) to \(Days.iso($0))" } } ?? "")
    }

    /// An empty report for a file.
    public init(file: String, delimiter: String = ",", columns: [String: String] = [:]) {
        self.file = file
        self.delimiter = delimiter
        self.columns = columns
    }

    /// One line per fact worth a warning: bad lines skipped, with the first example.
    public var warnings: [String] {
        skipped.map { s in
            let first = s.examples.first.map { ", first: \($0)" } ?? ""
            return "skipped \(s.count) line\(s.count == 1 ? "" : "s") (\(s.reason.rawValue))\(first)"
        }
    }
}
