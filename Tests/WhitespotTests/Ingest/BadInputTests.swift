import Testing
@testable import Whitespot

/// Every kind of bad input stops the read with `file:line:column: what is wrong (value)`,
/// or is skipped and counted under `skipBadLines`.
@Suite("Bad input")
struct BadInputTests {
    let header = "customer_id,order_date,product_id,quantity,unit_price\n"

    @Test("empty files and header-only files")
    func emptyFiles() {
        #expect(ingestError("")?.description == "orders.csv:1:1: empty file (no header line)")
        #expect(ingestError("\n\r\n  \n")?.description == "orders.csv:1:1: empty file (no header line)")
        #expect(ingestError(header)?.description == "orders.csv:1:1: no order lines after the header")
    }

    @Test("a missing file")
    func missingFile() {
        #expect(throws: IngestError.self) { try OrderReader.read(path: "/nonexistent/orders.csv", options: IngestOptions()) }
    }

    @Test("ragged rows")
    func ragged() {
        let e = ingestError(header + "A,2024-01-02,p1,1,2\nB,2024-01-02,p1,1\n")
        #expect(e?.description == "orders.csv:3:1: row has 4 fields, the header has 5")
        let extra = ingestError(header + "A,2024-01-02,p1,1,2,\n")
        #expect(extra?.description == "orders.csv:2:1: row has 6 fields, the header has 5")
    }

    @Test("non-numbers, NaN, infinities and absurd magnitudes")
    func absurdNumbers() {
        #expect(ingestError(header + "A,2024-01-02,p1,two,2\n")?.description
            == "orders.csv:2:17: quantity in column 'quantity' is not a number (two)")
        #expect(ingestError(header + "A,2024-01-02,p1,NaN,2\n")?.description
            == "orders.csv:2:17: quantity in column 'quantity' is not a number (NaN)")
        #expect(ingestError(header + "A,2024-01-02,p1,1,inf\n")?.description
            == "orders.csv:2:19: price in column 'unit_price' is not a number (inf)")
        #expect(ingestError(header + "A,2024-01-02,p1,1e308,2\n")?.description
            == "orders.csv:2:17: quantity in column 'quantity' is out of range (limit ±1000000000.0) (1e308)")
        #expect(ingestError(header + "A,2024-01-02,p1,1,1e400\n")?.reason == .absurdNumber)
        #expect(ingestError(header + "A,2024-01-02,p1,,2\n")?.description
            == "orders.csv:2:17: quantity in column 'quantity' is empty")
    }

    @Test("bytes that are not UTF-8 are located")
    func invalidUTF8() {
        var bytes = Array((header + "A,2024-01-02,p1,1,2\nB,2024-01-02,caf").utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array(",1,2\n".utf8)
        let e = ingestError(bytes: bytes)
        #expect(e?.description == "orders.csv:3:17: bytes are not valid UTF-8 (0xE9 0x2C 0x31 0x2C)")
        let truncated = ingestError(bytes: Array(header.utf8) + [0x41, 0xC3])
        #expect(truncated?.line == 2 && truncated?.column == 2)
    }

    @Test("broken quoting")
    func quotes() {
        #expect(ingestError(header + "A,2024-01-02,\"p1,1,2\n")?.description
            == "orders.csv:2:14: quoted field is never closed")
        #expect(ingestError(header + "A,2024-01-02,\"p1\"x,1,2\n")?.description
            == "orders.csv:2:18: unexpected text after a closing quote")
    }

    @Test("empty products and dates")
    func missingValues() {
        #expect(ingestError(header + "A,2024-01-02,,1,2\n")?.description
            == "orders.csv:2:14: product in column 'product_id' is empty")
        #expect(ingestError(header + "A,,p1,1,2\n")?.description
            == "orders.csv:2:3: date in column 'order_date' is empty")
    }

    @Test("a bad line deep in a file split across workers is located exactly")
    func locatedAcrossChunks() {
        var csv = header
        for i in 0..<60_000 { csv += "C\(i % 997),2024-01-\(10 + i % 9),P\(i % 89),1,2.5\n" }
        csv += "X,2024-13-01,P1,1,2.5\n"
        let e = ingestError(csv) { $0.workers = 2 }
        #expect(e?.description == "orders.csv:60002:3: date in column 'order_date' does not match ISO 8601 (2024-13-01)")
    }

    @Test("skip-bad-lines skips, counts and shows the first examples")
    func skipBadLines() throws {
        let csv = header + "A,2024-01-02,p1,1,2\nB,bad,p1,1,2\nC,2024-01-02,p1,x,2\nD,worse,p2,1,2\nE,2024-01-03,p2\n,2024-01-03,p2,1,1\nF,2024-01-04,p3,2,1\n"
        let (lines, report) = try readOrders(csv) { $0.skipBadLines = true }
        #expect(lines.count == 2)
        #expect(report.linesRead == 7 && report.linesKept == 2 && report.noCustomer == 1 && report.skippedCount == 4)
        #expect(report.skipped.map(\.reason) == [.badDate, .badNumber, .raggedRow])
        #expect(report.skipped[0].count == 2)
        #expect(report.skipped[0].examples.map(\.line) == [3, 5])
        #expect(report.skipped[0].examples[0].value == "bad")
        #expect(report.warnings.count == 3)
    }
}

extension IngestError {
    /// The reason behind a bad-line error, recovered from its message (tests only).
    var reason: BadLineReason? {
        if message.contains("out of range") { return .absurdNumber }
        if message.contains("not a number") { return .badNumber }
        return nil
    }
}
