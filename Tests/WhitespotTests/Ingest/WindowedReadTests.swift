import Foundation
import Testing
@testable import Whitespot

/// Order files are read window by window (``OrderReader/windowBytes`` at a time): lines, ids,
/// reports and error positions must be exactly those of reading the whole file at once.
@Suite("Order files read window by window", .serialized)
struct WindowedReadTests {
    /// About 1.3 MB of order lines (20 windows of 64 KiB): non-ASCII ids, blank lines, and
    /// optionally a byte order mark, CRLF line ends, a bad quantity, a quoted name or a name
    /// longer than a window, at the given 1-based data rows.
    func text(bom: Bool = false, crlf: Bool = false, badRows: Set<Int> = [], quoteRow: Int? = nil, longRow: Int? = nil) -> [UInt8] {
        let end = crlf ? "\r\n" : "\n"
        var text = (bom ? "\u{FEFF}" : "") + "customer_id,order_date,product_id,quantity,segment,product_name" + end
        for i in 1 ... 30_000 {
            if i % 997 == 0 { text += end }
            var name = "Item \(i % 1_009)"
            if i == quoteRow { name = "\"Item, \"\"large\"\"\"" }
            if i == longRow { name = String(repeating: "x", count: 70_000) }
            let quantity = badRows.contains(i) ? "lots" : "\(1 + i % 4)"
            text += leadingFields(i) + "\(quantity),Ségment \(i % 5),\(name)" + end
        }
        return Array(text.utf8)
    }

    /// Customer, date and product of data row `i`, each followed by a comma.
    func leadingFields(_ i: Int) -> String {
        let month = 1 + i % 12
        return "Cü\(i * 31 % 4_001),2024-\(month < 10 ? "0" : "")\(month)-\(10 + i % 19),P\(i * 7 % 1_009),"
    }

    /// Reads `bytes` whole and window by window (64 KiB, and 4 MiB: one window split into
    /// parallel parts) and expects the same outcome; returns the error, if any.
    @discardableResult
    func expectSameRead(_ bytes: [UInt8], _ configure: (inout IngestOptions) -> Void = { _ in }) throws -> IngestError? {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let path = dir.file("orders.csv", bytes: bytes)
        var options = IngestOptions()
        options.workers = 2
        configure(&options)
        let saved = OrderReader.windowBytes
        defer { OrderReader.windowBytes = saved }
        var wholeError: IngestError?
        var whole: (OrderLines, IngestReport)?
        do { whole = try OrderReader.read(InputBytes(path: path, displayName: path), file: path, options: options) } catch let e as IngestError { wholeError = e }
        for window in [1 << 16, 4 << 20] {
            OrderReader.windowBytes = window
            do {
                let (lines, report) = try OrderReader.read(path: path, options: options)
                guard let (w, wReport) = whole else { Issue.record("window \(window): read fine, whole read failed: \(wholeError!)"); continue }
                #expect(lines.customers == w.customers && lines.products == w.products && lines.segments == w.segments, "window \(window)")
                #expect(lines.customer == w.customer && lines.product == w.product && lines.day == w.day, "window \(window)")
                #expect(lines.quantity == w.quantity && lines.revenue == w.revenue && lines.segment == w.segment, "window \(window)")
                #expect(lines.catalog.name == w.catalog.name, "window \(window)")
                #expect(report == wReport, "window \(window)")
            } catch let e as IngestError {
                #expect(e == wholeError, "window \(window)")
            }
        }
        return wholeError
    }

    @Test("plain, byte order mark and CRLF files read the same in windows as whole")
    func sameLines() throws {
        try expectSameRead(text())
        try expectSameRead(text(bom: true, crlf: true))
    }

    @Test("a quote in a late window: the rest is read whole, with the same result")
    func quoteLate() throws {
        try expectSameRead(text(quoteRow: 21_000))
    }

    @Test("a line longer than the window grows the window")
    func longLine() throws {
        try expectSameRead(text(longRow: 12_345))
    }

    @Test("a bad line in a late window is named by the same file, line and column")
    func badLineLate() throws {
        let error = try expectSameRead(text(badRows: [25_001]))
        // 25,001 data rows after the header and 25 blank lines: line 25,027; the quantity is the
        // 4th field after `Cü…,2024-…,P…,` (ü is one character).
        #expect(error?.line == 25_027)
        #expect(error?.column == 1 + leadingFields(25_001).count)
        let crlf = try expectSameRead(text(bom: true, crlf: true, badRows: [25_001]))
        #expect(crlf?.line == 25_027 && crlf?.column == error?.column)
    }

    @Test("skipped bad lines in many windows: the same counts and located examples")
    func skippedExamples() throws {
        let rows: Set<Int> = [3, 7_000, 14_001, 22_222, 29_999]
        try expectSameRead(text(badRows: rows)) { $0.skipBadLines = true; $0.examplesPerReason = 5 }
        let (_, report) = try readOrders(String(decoding: text(badRows: rows), as: UTF8.self)) { $0.skipBadLines = true; $0.examplesPerReason = 5 }
        #expect(report.skipped.first?.count == 5)
        #expect(report.skipped.first?.examples.map(\.line) == [4, 7_008, 14_016, 22_245, 30_030])
    }
}
