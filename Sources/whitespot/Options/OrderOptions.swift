import Foundation
import ArgumentParser
import Whitespot

/// The order file and how to read it: shared by every subcommand that reads orders.
struct OrderOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Order lines as CSV ('-' reads standard input).", valueName: "orders"))
    var orders: String

    @Option(help: ArgumentHelp(
        "Map fields to your column names, e.g. customer=\"Customer ID\",date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice. Fields: customer, date, product (required), quantity, revenue, price, segment, order, category, name. Unmapped fields are found by the canonical names customer_id, order_date, product_id, quantity, revenue, unit_price, segment, order_id, category, product_name.",
        valueName: "mapping"))
    var columns: String?

    @Option(help: ArgumentHelp("Field delimiter: comma, semicolon, tab, pipe or one character (default: detected from the header).", valueName: "delimiter"))
    var delimiter: String?

    @Option(name: .customLong("date-format"), help: ArgumentHelp(
        "Date pattern such as dd-MM-yyyy, M/d/yyyy, M/d/yy H:mm or yyyy-MM-dd HH:mm:ss (default: ISO 8601 date or date-time).",
        valueName: "pattern"))
    var dateFormat: String?

    @Flag(name: .customLong("decimal-comma"), help: "Numbers use a decimal comma (12,5); needs a delimiter other than comma.")
    var decimalComma = false

    @Option(name: .customLong("exclude-products"), help: ArgumentHelp(
        "Product codes to drop (shipping, fees, adjustments): a file with one code per line, or a comma-separated list such as POST,DOT,M.",
        valueName: "file|list"))
    var excludeProducts: String?

    @Option(help: ArgumentHelp("Product catalogue CSV: product, and any of name, category, price.", valueName: "file"))
    var catalog: String?

    @Option(name: .customLong("customers-file"), help: ArgumentHelp(
        "Customer CSV: customer, segment (other columns ignored); its segment overrides the order file's.",
        valueName: "file"))
    var customersFile: String?

    @Option(name: .customLong("product-level"), help: ArgumentHelp(
        "Roll products up to this column of the order file or catalogue (e.g. Sub-Category) and analyse product groups.",
        valueName: "column"))
    var productLevel: String?

    @Flag(name: .customLong("skip-bad-lines"), help: "Skip bad lines (reported with counts and first examples) instead of stopping at the first.")
    var skipBadLines = false

    @Option(name: .customLong("segment-by"), help: ArgumentHelp(
        "Segments from the segment column, RFM tiers, or both: column|rfm|column+rfm (default: column when there is a segment column or customer file, else rfm).",
        valueName: "source"))
    var segmentBy: SegmentSource?

    /// The library options these flags describe (all but the exclude list, read by ``load()``).
    /// - Throws: `ValidationError` for a malformed mapping, delimiter or date format.
    func ingestOptions() throws -> IngestOptions {
        var options = IngestOptions()
        do {
            if let columns { options.mapping = try ColumnMapping(parsing: columns) }
            if let dateFormat { options.dateFormat = try DateFormat(dateFormat) }
        } catch let e as MappingError {
            throw ValidationError("--columns: \(e)")
        } catch let e as DateFormatError {
            throw ValidationError("--date-format: \(e.message) ('\(e.pattern)')")
        }
        if let delimiter {
            guard let byte = IngestOptions.delimiter(named: delimiter) else {
                throw ValidationError("--delimiter: use comma, semicolon, tab, pipe or a single ASCII character ('\(delimiter)')")
            }
            options.delimiter = byte
        }
        options.decimalComma = decimalComma
        options.catalogPath = catalog
        options.customersPath = customersFile
        options.productLevel = productLevel
        options.skipBadLines = skipBadLines
        return options
    }

    /// Reads the orders. Problems go to standard error as `whitespot: file:line:column: ...`
    /// and end the command with exit code 1; skipped bad lines are summarised there too.
    func load() throws -> (OrderLines, IngestReport) {
        var options = try ingestOptions()
        return try Console.exitOnError {
            if let excludeProducts { options.excludeProducts = try ProductList.codes(from: excludeProducts) }
            let (lines, report) = try OrderReader.read(path: orders, options: options)
            for warning in report.warnings { Console.warn(warning) }
            return (lines, report)
        }
    }

    /// How a model describes the orders it was trained on: file name, lines kept, date range.
    func dataDescription(_ report: IngestReport) -> String {
        let name = orders == "-" ? "standard input" : (orders as NSString).lastPathComponent
        return "\(name): \(TextFormat.count(report.linesKept)) lines"
            + (report.firstDay.flatMap { a in report.lastDay.map { "; \(Days.iso(a)) to \(Days.iso($0))" } } ?? "")
    }

    /// The segment source `--segment-by` names, or the default described there.
    func segmentSource(for lines: OrderLines) -> SegmentSource {
        segmentBy ?? (lines.segments.count > 0 ? .column : .rfm)
    }

    /// Customer segments from ``segmentSource(for:)``, and that source.
    func segments(for lines: OrderLines) -> (CustomerSegments, SegmentSource) {
        let source = segmentSource(for: lines)
        return (CustomerSegments(lines, by: source), source)
    }
}

extension SegmentSource: ExpressibleByArgument {}
