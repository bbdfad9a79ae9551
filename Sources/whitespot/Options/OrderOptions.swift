import Foundation
import ArgumentParser
import Whitespot

/// The order file and how to read it: shared by every subcommand that reads orders.
struct OrderOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Order lines as CSV ('-' reads standard input); leave out with --orders-db.", valueName: "orders"))
    var orders: String?

    @Option(name: .customLong("orders-db"), help: ArgumentHelp(
        "Read the orders from a database instead of a file: postgresql://user@host/db (PG* environment variables fill in the rest), sqlite:///path.db or a SQLite file path. Needs --orders-table or --orders-query.",
        valueName: "uri"))
    var ordersDB: String?

    @Option(name: .customLong("orders-table"), help: ArgumentHelp("With --orders-db: read every row of this table or view (name or schema.name).", valueName: "name"))
    var ordersTable: String?

    @Option(name: .customLong("orders-query"), help: ArgumentHelp("With --orders-db: read the rows this SELECT returns; columns are mapped as a file's header.", valueName: "sql"))
    var ordersQuery: String?

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

    @Option(name: .customLong("catalog-columns"), help: ArgumentHelp(
        "The catalogue's columns, e.g. product=ProductKey,name=Product,category=Family,price=ListPrice (default: product, product_id or sku; name, product_name or description; category; price, unit_price or list_price).",
        valueName: "mapping"))
    var catalogColumns: String?

    @Option(name: .customLong("customers-file"), help: ArgumentHelp(
        "Customer CSV: customer, segment (other columns ignored); its segment overrides the order file's.",
        valueName: "file"))
    var customersFile: String?

    @Option(name: .customLong("customers-columns"), help: ArgumentHelp(
        "The customer file's columns, e.g. customer=CustNo,segment=Tier (default: customer or customer_id; segment).",
        valueName: "mapping"))
    var customersColumns: String?

    @Option(name: .customLong("product-level"), help: ArgumentHelp(
        "Roll products up to this column of the order file or catalogue (e.g. Sub-Category) and analyse product groups.",
        valueName: "column"))
    var productLevel: String?

    @Flag(name: .customLong("skip-bad-lines"), help: "Skip bad lines (reported with counts and first examples) instead of stopping at the first.")
    var skipBadLines = false

    @Option(name: .customLong("segment-by"), help: ArgumentHelp(
        "Segments from the segment column, RFM tiers, both, or one segment of all customers: column|rfm|column+rfm|all (default: column when there is a segment column or customer file, else rfm; evaluate --tune may choose another, see --grid-segments).",
        valueName: "source"))
    var segmentBy: SegmentSource?

    /// Checks that exactly one order source is given: a file (or `-`), or a database with a
    /// table or a query.
    func validate() throws {
        if let ordersDB {
            if let orders { throw ValidationError("give either the order file '\(orders)' or --orders-db, not both") }
            _ = try databaseSource(ordersDB)
            if delimiter != nil { throw ValidationError("--delimiter does not apply to --orders-db (rows are read as comma-separated text)") }
        } else {
            if ordersTable != nil || ordersQuery != nil { throw ValidationError("--orders-table and --orders-query need --orders-db") }
            if orders == nil { throw ValidationError("missing the orders: give a CSV file, '-' for standard input, or --orders-db with --orders-table or --orders-query") }
        }
    }

    /// The database and the rows `--orders-db`, `--orders-table` and `--orders-query` name.
    private func databaseSource(_ uri: String) throws -> (DatabaseLocation, OrderSource) {
        do {
            let location = try DatabaseLocation(uri)
            switch (ordersTable, ordersQuery) {
            case (let table?, nil): return (location, .table(try SQLName(table)))
            case (nil, let query?):
                guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--orders-query is empty") }
                return (location, .query(query))
            case (nil, nil): throw ValidationError("--orders-db needs --orders-table NAME or --orders-query \"SELECT ...\"")
            case (_?, _?): throw ValidationError("give --orders-table or --orders-query, not both")
            }
        } catch let e as DatabaseError {
            throw ValidationError("--orders-db: \(e)")
        }
    }

    /// The orders as named in summaries, run records and model descriptions (never a password).
    var sourceName: String {
        if let ordersDB, let (location, source) = try? databaseSource(ordersDB) { return "\(location) \(source.label)" }
        return orders ?? "-"
    }

    /// The library options these flags describe (all but the exclude list, read by ``load()``).
    /// - Throws: `ValidationError` for a malformed mapping, delimiter or date format.
    func ingestOptions() throws -> IngestOptions {
        var options = IngestOptions()
        if catalogColumns != nil && catalog == nil { throw ValidationError("--catalog-columns needs --catalog") }
        if customersColumns != nil && customersFile == nil { throw ValidationError("--customers-columns needs --customers-file") }
        do {
            options.catalogMapping = try catalogColumns.map(ColumnMapping.init(parsing:)) ?? ColumnMapping()
        } catch let e as MappingError {
            throw ValidationError("--catalog-columns: \(e)")
        }
        do {
            options.customersMapping = try customersColumns.map(ColumnMapping.init(parsing:)) ?? ColumnMapping()
        } catch let e as MappingError {
            throw ValidationError("--customers-columns: \(e)")
        }
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
            let (lines, report): (OrderLines, IngestReport)
            if let ordersDB {
                let (location, source) = try databaseSource(ordersDB)
                (lines, report) = try OrderReader.read(database: location, source: source, options: options)
            } else {
                (lines, report) = try OrderReader.read(path: orders ?? "-", options: options)
            }
            for warning in report.warnings { Console.warn(warning) }
            for side in [report.catalog, report.customersFile].compactMap({ $0 }) { Console.warn(side.text) }
            return (lines, report)
        }
    }

    /// How a model describes the orders it was trained on: file name, lines kept, date range.
    func dataDescription(_ report: IngestReport) -> String {
        report.dataDescription(
            name: ordersDB != nil ? sourceName : orders == "-" ? "standard input" : (sourceName as NSString).lastPathComponent)
    }

    /// The segment source `--segment-by` names, or the library's default for these lines.
    func segmentSource(for lines: OrderLines) -> SegmentSource {
        segmentBy ?? .default(for: lines)
    }

    /// Customer segments from ``segmentSource(for:)``, and that source.
    func segments(for lines: OrderLines) -> (CustomerSegments, SegmentSource) {
        let source = segmentSource(for: lines)
        return (CustomerSegments(lines, by: source), source)
    }
}

extension SegmentSource: ExpressibleByArgument {}
