import Testing
@testable import Whitespot

/// Rows of COPY's text format become tab-separated CSV holding the same values.
struct CopyTextRowsTests {
    func converted(_ rows: [String], header: [String]? = nil) -> String {
        let text = ByteAccumulator()
        if let header { CopyTextRows.appendHeader(header, to: text) }
        var scratch: [UInt8] = []
        for row in rows {
            var row = row
            row.withUTF8 { CopyTextRows.append(UnsafeRawBufferPointer($0), to: text, scratch: &scratch) }
        }
        return String(decoding: text.bytes, as: UTF8.self)
    }

    @Test func plainRowsAreCopiedAsTheyAre() {
        #expect(converted(["C1\t2024-01-02\tP1\t2,5\n", "C2\t2024-01-03\tP2\t1\n"]) == "C1\t2024-01-02\tP1\t2,5\nC2\t2024-01-03\tP2\t1\n")
    }

    @Test func escapesAreUndoneAndValuesQuotedWhereCSVNeedsIt() {
        #expect(converted(["a\\tb\tx\\ny\tback\\\\slash\tcr\\rz\n"]) == "\"a\tb\"\t\"x\ny\"\tback\\slash\t\"cr\rz\"\n")
        #expect(converted(["\\b\\f\\v\\q\t12\" pipe\n"]) == "\u{8}\u{c}\u{b}q\t\"12\"\" pipe\"\n")
    }

    @Test func nullIsEmptyButTheTextBackslashNIsKept() {
        #expect(converted(["C1\t\\N\t\\\\N\t\n"]) == "C1\t\t\\N\t\n")
        #expect(converted(["\\N\n"]) == "\n")
    }

    @Test func headerNamesAreQuotedWhereCSVNeedsIt() {
        #expect(converted([], header: ["customer_id", "a\tb", "say \"x\"", "p,q"]) == "customer_id\t\"a\tb\"\t\"say \"\"x\"\"\"\tp,q\n")
    }
}
