#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a chunk parser needs to know about the file: columns, formats, exclusions.
struct ParseContext {
    var bytes: UnsafeBufferPointer<UInt8>
    var delimiter: UInt8
    var header: [String]
    /// Column index per field, -1 when absent.
    var column: [OrderField: Int]
    /// Column holding the product level, or -1 (then the product column is the key).
    var levelColumn: Int
    var dateFormat: DateFormat
    var decimalComma: Bool
    var excluded: ByteInterner?
    var skipBadLines: Bool
    var examplesPerReason: Int
    /// Plausible order days, inclusive.
    var days: ClosedRange<Int32>

    func index(_ f: OrderField) -> Int { column[f] ?? -1 }
}

/// A problem found while parsing, located by byte offset (lines are counted only when reported).
struct RawProblem {
    var offset: Int
    var reason: BadLineReason
    var message: String
    var value: String?
    var hint: InputHint?
}

extension IngestError {
    /// The error for `problem`, found at `position` of `file`.
    init(file: String, at position: (line: Int, column: Int), _ problem: RawProblem) {
        self.init(file: file, line: position.line, column: position.column, message: problem.message,
                  value: problem.value.map { IngestError.shown($0) })
        hint = problem.hint
    }
}

/// Parses one range of data records into columns with chunk-local interned ids.
///
/// Ranges start and end at record boundaries; several run in parallel and ``OrderReader``
/// merges them in file order, so results do not depend on how the file was split.
final class ChunkParser {
    let context: ParseContext
    let scanner: CSVScanner
    private let range: Range<Int>

    private(set) var customers = ByteInterner(capacity: 1 << 14)
    private(set) var products = ByteInterner(capacity: 1 << 12)
    private(set) var segments = ByteInterner(capacity: 64)
    private(set) var orders = ByteInterner(capacity: 1 << 14)
    private(set) var categories = ByteInterner(capacity: 64)
    /// Category id (in `categories`) per local product, -1 when not seen.
    var productCategory: [Int32] = []
    /// Display name per local product.
    var productName: [String?] = []

    /// Frees the chunk-local ids once the columns hold global ones (``PartMerger``).
    func releaseKeys() {
        customers = ByteInterner(capacity: 1); products = ByteInterner(capacity: 1); segments = ByteInterner(capacity: 1)
        orders = ByteInterner(capacity: 1); categories = ByteInterner(capacity: 1)
        productCategory = []; productName = []
    }

    /// Kept lines, columns sized by the number of line breaks in the range.
    private(set) var count = 0
    var customer: ColumnBuffer<Int32>?, product: ColumnBuffer<Int32>?, day: ColumnBuffer<Int32>?
    var quantity: ColumnBuffer<Double>?, revenue: ColumnBuffer<Double>?
    var segment: ColumnBuffer<Int32>?, order: ColumnBuffer<Int32>?

    var linesRead = 0, blankLines = 0, noCustomer = 0, excluded = 0, returnLines = 0
    /// Bad-line counts and first examples, per reason.
    var problemCounts: [BadLineReason: Int] = [:]
    var problems: [RawProblem] = []
    /// The problem that stopped the parse (when not skipping bad lines).
    var fatal: RawProblem?

    init(context: ParseContext, range: Range<Int>) {
        self.context = context
        self.range = range
        scanner = CSVScanner(bytes: context.bytes, range: range, delimiter: context.delimiter)
    }

    /// Records a bad line; returns whether parsing goes on.
    private func problem(_ offset: Int, _ reason: BadLineReason, _ message: String, _ value: String? = nil, hint: @autoclosure () -> InputHint? = nil) -> Bool {
        let seen = problemCounts[reason, default: 0]
        problemCounts[reason] = seen + 1
        let p = RawProblem(offset: offset, reason: reason, message: message, value: value,
                           hint: seen < context.examplesPerReason ? hint() : nil)
        if seen < context.examplesPerReason { problems.append(p) }
        if !context.skipBadLines { fatal = p; return false }
        return true
    }

    /// Describes field `i` for messages: `quantity in column 'Quantity'`.
    private func fieldName(_ field: OrderField, _ i: Int) -> String {
        "\(field.rawValue) in column '\(context.header[i])'"
    }

    /// Parses a number field and checks its range. Returns the value; `.some(nil)` when the
    /// line is bad and skipped; nil when the line is bad and parsing stops.
    @inline(__always)
    private func number(_ field: OrderField, _ i: Int, limit: Double) -> Double?? {
        let v = scanner.value(i)
        if let x = NumberParser.parse(v, decimalComma: context.decimalComma) {
            if x.magnitude <= limit { return x }
            let go = problem(scanner.fields[i].start, .absurdNumber,
                             "\(fieldName(field, i)) is out of range (limit ±\(limit))", scanner.string(i))
            return go ? .some(nil) : nil
        }
        let text = scanner.string(i)
        let what = text.trimmingSpaces().isEmpty ? "is empty" : "is not a number"
        let go = problem(scanner.fields[i].start, .badNumber, "\(fieldName(field, i)) \(what)", text.isEmpty ? nil : text,
                         hint: context.decimalComma ? nil : InputHints.decimalComma(for: text))
        return go ? .some(nil) : nil
    }

    /// `v` without leading and trailing ASCII spaces and tabs: ids (customer, product, product
    /// level, segment, order, category) are compared without them, so `" C1 "` is `C1`.
    @inline(__always)
    static func trimmed(_ v: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = v.baseAddress else { return v }
        var lo = 0, hi = v.count
        while lo < hi, v[lo] == 32 || v[lo] == 9 { lo += 1 }
        while hi > lo, v[hi - 1] == 32 || v[hi - 1] == 9 { hi -= 1 }
        return UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }

    @inline(__always)
    private static func isBlank(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in v where c != 32 && c != 9 { return false }
        return true
    }

    /// An upper bound on the records in the range: line breaks + 1.
    private func recordBound() -> Int { CSVDialect.lineBreaks(context.bytes, range) + 1 }

    /// Parses the whole range (or up to the first bad line when not skipping).
    func run() {
        let s = scanner, c = context
        let bound = recordBound()
        let customerOut = ColumnBuffer<Int32>(capacity: bound), productOut = ColumnBuffer<Int32>(capacity: bound)
        let dayOut = ColumnBuffer<Int32>(capacity: bound)
        let quantityOut = ColumnBuffer<Double>(capacity: bound), revenueOut = ColumnBuffer<Double>(capacity: bound)
        let cCol = c.index(.customer), dCol = c.index(.date), pCol = c.index(.product)
        let qCol = c.index(.quantity), rCol = c.index(.revenue), uCol = c.index(.price)
        let sCol = c.index(.segment), oCol = c.index(.order), kCol = c.index(.category), nCol = c.index(.name)
        let segmentOut = sCol >= 0 ? ColumnBuffer<Int32>(capacity: bound) : nil
        let orderOut = oCol >= 0 ? ColumnBuffer<Int32>(capacity: bound) : nil
        customer = customerOut; product = productOut; day = dayOut; quantity = quantityOut; revenue = revenueOut
        segment = segmentOut; order = orderOut
        let keyCol = c.levelColumn >= 0 ? c.levelColumn : pCol
        let width = c.header.count
        let customers = self.customers, products = self.products, segments = self.segments, orders = self.orders
        var k = 0, returns = 0
        defer { count = k; returnLines = returns }
        loop: while true {
            switch s.next() {
            case .end: break loop
            case .blank: blankLines += 1; continue loop
            case let .malformed(offset, reason, message):
                linesRead += 1
                let value = reason == .invalidUTF8 ? CSVDialect.hexBytes(c.bytes, at: offset) : nil
                if !problem(offset, reason, message, value) { break loop }
                continue loop
            case .record:
                linesRead += 1
            }
            guard s.fieldCount == width else {
                if !problem(s.recordStart, .raggedRow, "row has \(s.fieldCount) fields, the header has \(width)") { break loop }
                continue
            }
            if ChunkParser.isBlank(s.value(cCol)) { noCustomer += 1; continue }
            if ChunkParser.isBlank(s.value(pCol)) {
                if !problem(s.fields[pCol].start, .missingValue, "\(fieldName(.product, pCol)) is empty") { break loop }
                continue
            }
            if let ex = c.excluded, ex.find(ChunkParser.trimmed(s.value(pCol))) != nil { excluded += 1; continue }
            if keyCol != pCol, ChunkParser.isBlank(s.value(keyCol)) {
                if !problem(s.fields[keyCol].start, .missingValue, "product level in column '\(c.header[keyCol])' is empty") { break loop }
                continue
            }
            guard let d = c.dateFormat.day(of: s.value(dCol)) else {
                let text = s.string(dCol)
                let ok = text.trimmingSpaces().isEmpty
                    ? problem(s.fields[dCol].start, .missingValue, "\(fieldName(.date, dCol)) is empty")
                    : problem(s.fields[dCol].start, .badDate, "\(fieldName(.date, dCol)) does not match \(c.dateFormat)", text,
                              hint: InputHints.dateFormat(for: text))
                if !ok { break loop }
                continue
            }
            guard c.days.contains(d) else {
                let range = "\(Days.iso(c.days.lowerBound)) .. \(Days.iso(c.days.upperBound))"
                if !problem(s.fields[dCol].start, .implausibleDate, "\(fieldName(.date, dCol)) is outside \(range)", s.string(dCol)) {
                    break loop
                }
                continue
            }
            var q = 1.0, r = 0.0
            if qCol >= 0 {
                guard let v = number(.quantity, qCol, limit: IngestOptions.maxQuantity) else { break loop }
                guard let v else { continue }
                q = v
            }
            if rCol >= 0 {
                guard let v = number(.revenue, rCol, limit: IngestOptions.maxAmount) else { break loop }
                guard let v else { continue }
                r = v
            } else if uCol >= 0 {
                guard let v = number(.price, uCol, limit: IngestOptions.maxAmount) else { break loop }
                guard let v else { continue }
                r = q * v
            }
            let (pid, isNew) = products.intern(ChunkParser.trimmed(s.value(keyCol)))
            if isNew {
                productCategory.append(-1)
                productName.append(nCol >= 0 && !ChunkParser.isBlank(s.value(nCol)) ? s.string(nCol) : nil)
            }
            if kCol >= 0, productCategory[Int(pid)] < 0, !ChunkParser.isBlank(s.value(kCol)) {
                productCategory[Int(pid)] = categories.intern(ChunkParser.trimmed(s.value(kCol))).id
            }
            customerOut.base[k] = customers.intern(ChunkParser.trimmed(s.value(cCol))).id
            productOut.base[k] = pid
            dayOut.base[k] = d
            quantityOut.base[k] = q
            revenueOut.base[k] = r
            if q < 0 { returns += 1 }
            if let segmentOut { segmentOut.base[k] = ChunkParser.isBlank(s.value(sCol)) ? -1 : segments.intern(ChunkParser.trimmed(s.value(sCol))).id }
            if let orderOut { orderOut.base[k] = orders.intern(ChunkParser.trimmed(s.value(oCol))).id }
            k += 1
        }
    }
}
