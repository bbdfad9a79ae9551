import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an order file into ``OrderLines``.
///
/// The file is read whole into memory (not mapped: see ``InputBytes``) and parsed at the byte level:
/// no `String` per field, ids interned in an open-addressing table. When the data holds no
/// double quote, it is split at line boundaries and parsed on several cores; the parts are
/// merged in file order, so ids and lines come out exactly as a serial read would give them.
///
/// ```swift
/// var options = IngestOptions()
/// options.mapping = try ColumnMapping(parsing: #"customer="Customer ID",date=InvoiceDate,product=StockCode"#)
/// let (lines, report) = try OrderReader.read(path: "orders.csv", options: options)
/// print(report.linesKept, lines.customers.count)
/// ```
public enum OrderReader {
    /// Reads `path` (`-` = standard input).
    ///
    /// - Throws: ``IngestError`` (`file:line:column: what is wrong (value)`) for a missing or
    ///   empty file, a header without the required columns, an unknown mapped column, and —
    ///   unless `options.skipBadLines` — the first bad line.
    public static func read(path: String, options: IngestOptions) throws -> (OrderLines, IngestReport) {
        let file = path == "-" ? "<stdin>" : path
        return try read(InputWindows(path: path, displayName: file, windowBytes: windowBytes), file: file, options: options)
    }

    /// What reading needs before the data records: delimiter, header, field columns, product
    /// level, catalogue and the parse context. Looks only at the start of `b` (the first 64 KiB
    /// and the header), so it can run on the first part of a database export while the rest
    /// arrives.
    struct Prepared {
        /// The parse context (its bytes: `b` as given to ``prepare(_:file:options:)``).
        var context: ParseContext
        /// Header names.
        var header: [String]
        /// Column per field found.
        var column: [OrderField: Int]
        /// Offset of the first data record.
        var dataStart: Int
        /// The order-file column of the product level, or -1.
        var levelColumn: Int
        /// The catalogue and its columns, when one was given.
        var catalog: (table: CSVTable, columns: [OrderField: Int])?
    }

    /// Reads the header and the side files and builds the parse context.
    /// - Throws: ``IngestError`` at line 1 (or the header's place) for an encoding problem, an
    ///   empty file, a bad header, missing or unknown columns, a bad catalogue or product level.
    static func prepare(_ b: UnsafeBufferPointer<UInt8>, file: String, options: IngestOptions) throws -> Prepared {
        func fail(_ message: String, _ value: String? = nil) -> IngestError {
            IngestError(file: file, line: 1, column: 1, message: message, value: value)
        }
        if let problem = CSVDialect.encodingProblem(b, file: file) { throw fail(problem) }
        let start = CSVDialect.contentStart(b)
        guard !CSVDialect.isBlank(b, from: start) else { throw fail("empty file (no header line)") }
        let delimiter = options.delimiter ?? CSVDialect.detectDelimiter(b, from: start)
        if options.decimalComma && delimiter == UInt8(ascii: ",") {
            throw IngestError(file: file, line: 1, column: 1, problem: .decimalCommaNeedsDelimiter)
        }

        // Header.
        let headerScanner = CSVScanner(bytes: b, range: start..<b.count, delimiter: delimiter)
        guard headerScanner.next() == .record else {
            let (line, column) = CSVDialect.locate(b, headerScanner.recordStart)
            throw IngestError(file: file, line: line, column: column, message: "the header line is not valid CSV")
        }
        let header = (0..<headerScanner.fieldCount).map(headerScanner.string)
        let dataStart = headerScanner.position
        let column: [OrderField: Int]
        do { column = try options.mapping.resolve(header: header) } catch let e as MappingError {
            throw fail(e.message)
        }
        for field in OrderField.allCases where field.isRequired && column[field] == nil {
            throw IngestError(file: file, line: 1, column: 1, problem: .missingColumn(field, columns: header))
        }
        var levelColumn = -1
        var catalog: (table: CSVTable, columns: [OrderField: Int])?
        if let path = options.catalogPath {
            let table = try CSVTable(path: path)
            catalog = (table, try catalogColumns(table, path: path, mapping: options.catalogMapping))
        }
        if let level = options.productLevel {
            if let i = ColumnMapping.find(level, in: header) { levelColumn = i }
            else if catalog?.table.column([level]) == nil {
                throw IngestError(file: file, line: 1, column: 1, problem: .unknownProductLevel(
                    level, catalogue: options.catalogPath != nil, columns: header))
            }
        }
        var excluded: ByteInterner?
        if !options.excludeProducts.isEmpty {
            let ex = ByteInterner(capacity: options.excludeProducts.count)
            for code in options.excludeProducts.sorted() { ex.intern(code) }
            excluded = ex
        }
        let context = ParseContext(
            bytes: b, delimiter: delimiter, header: header, column: column, levelColumn: levelColumn,
            dateFormat: options.dateFormat, decimalComma: options.decimalComma, excluded: excluded,
            skipBadLines: options.skipBadLines, examplesPerReason: options.examplesPerReason,
            days: options.earliestDay ... max(options.earliestDay, options.latestDay))
        return Prepared(context: context, header: header, column: column, dataStart: dataStart, levelColumn: levelColumn, catalog: catalog)
    }

    /// Reads CSV text already in memory; `file` names it in messages. With `rows`, bad records
    /// are located by data row (1 = the first record after the header) instead of line and
    /// column: the text came from a database query, not from a file the user can open.
    ///
    /// `prepared` and `parsed` come from a caller that parsed the records up to `parsedEnd`
    /// while the text arrived (see ``StreamingOrderParse``): only the rest is parsed here.
    static func read(_ input: InputBytes, file: String, options: IngestOptions, rows: Bool = false,
                     prepared: Prepared? = nil, parsed: [ChunkParser] = [], parsedEnd: Int? = nil) throws -> (OrderLines, IngestReport) {
        let b = input.buffer
        let p = try prepared ?? prepare(b, file: file, options: options)
        let dataStart = p.dataStart, delimiter = p.context.delimiter
        var context = p.context
        context.bytes = b

        let tail = (parsedEnd ?? dataStart)..<b.count
        let fresh = parsed.isEmpty || !tail.isEmpty ? split(b, tail, workers: options.workers).map { ChunkParser(context: context, range: $0) } : []
        if fresh.count == 1 {
            fresh[0].run()
        } else if fresh.count > 1 {
            ConcurrentLoop.run(iterations: fresh.count) { fresh[$0].run() }
        }
        let parsers = parsed + fresh

        func located(_ p: RawProblem) -> IngestError {
            var error = IngestError(file: file, at: CSVDialect.locate(b, p.offset), p)
            if rows { error.row = CSVDialect.record(b, from: dataStart, delimiter: delimiter, containing: p.offset) }
            return error
        }
        if let fatal = parsers.lazy.compactMap(\.fatal).first { throw located(fatal) }
        var merger = PartMerger(first: parsers[0])
        for part in parsers.dropFirst() { merger.absorb(part) }
        return try finish(merger, p, file: file, options: options, located: located)
    }

    /// The lines and report of the merged parts, side files applied.
    /// - Throws: ``IngestError`` when no line is left, or for a bad customers file.
    static func finish(_ merger: PartMerger, _ p: Prepared, file: String, options: IngestOptions,
                       located: (RawProblem) -> IngestError) throws -> (OrderLines, IngestReport) {
        func fail(_ message: String) -> IngestError { IngestError(file: file, line: 1, column: 1, message: message) }
        let header = p.header, column = p.column, levelColumn = p.levelColumn, catalog = p.catalog
        let delimiter = p.context.delimiter
        var report = IngestReport(
            file: file, delimiter: delimiter == 9 ? "tab" : String(UnicodeScalar(delimiter)),
            columns: Dictionary(uniqueKeysWithValues: column.map { ($0.key.rawValue, header[$0.value]) }))
        var lines = merger.finish(into: &report, located: located)
        guard report.linesRead > 0 else { throw fail("no order lines after the header") }
        guard lines.count > 0 else {
            var why: [String] = []
            if report.noCustomer > 0 {
                let name = column[.customer].map { " (column '\(header[$0])')" } ?? ""
                why.append("\(report.noCustomer) without a customer\(name)")
            }
            if report.excluded > 0 { why.append("\(report.excluded) of excluded products") }
            if report.skippedCount > 0 { why.append("\(report.skippedCount) bad lines skipped") }
            throw fail("no order line left to use: of \(report.linesRead) lines, " + why.joined(separator: ", "))
        }
        lines.hasQuantity = column[.quantity] != nil
        lines.hasRevenue = column[.revenue] != nil || column[.price] != nil
        if let level = options.productLevel {
            report.productLevel = level
            if levelColumn < 0, let catalog {
                rollUp(&lines, to: level, catalog: catalog.table, idColumn: catalog.columns[.product]!, report: &report)
            }
        }
        if let catalog, let path = options.catalogPath {
            report.catalog = apply(catalog.table, path: path, columns: catalog.columns, to: &lines)
        }
        if let path = options.customersPath {
            try applyCustomers(path: path, mapping: options.customersMapping, to: &lines, report: &report)
        }
        report.linesKept = lines.count
        if let lo = lines.day.min(), let hi = lines.day.max() { report.firstDay = lo; report.lastDay = hi }
        return (lines, report)
    }

    /// Splits `range` into up to `workers` parts at line starts — only when the data holds no
    /// double quote (a quoted field may contain line breaks, so boundaries would be ambiguous).
    static func split(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, workers: Int?) -> [Range<Int>] {
        let cores = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let wanted = max(1, min(workers ?? cores, range.count / (1 << 20)))
        guard wanted > 1, !CSVDialect.containsQuote(b, range) else { return [range] }
        var parts: [Range<Int>] = []
        var lo = range.lowerBound
        for k in 1..<wanted {
            var cut = max(lo, range.lowerBound + range.count * k / wanted)
            while cut < range.upperBound, b[cut - 1] != 10 { cut += 1 }
            if cut > lo && cut < range.upperBound { parts.append(lo..<cut); lo = cut }
        }
        parts.append(lo..<range.upperBound)
        return parts
    }
}
