#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rows of PostgreSQL's `COPY ... TO STDOUT` text format turned into the tab-separated CSV the
/// order parser reads, with the same values: fields are separated by tabs, NULL is `\N`, and a
/// backslash, tab, line feed, carriage return, backspace, form feed or vertical tab inside a value
/// is written as `\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v` (the only escapes COPY TO writes; any
/// other backslashed character stands for itself, as the format defines).
///
/// A row without a backslash or a double quote (nearly every row of order data) is already that
/// CSV and is copied as it is; the others are unescaped field by field, NULL becomes an empty
/// field, and a value holding a tab, a double quote or a line break is quoted, as the CSV format
/// of COPY would have quoted it.
enum CopyTextRows {
    /// The delimiter of the text format and of the CSV made from it.
    static let tab: UInt8 = 9

    /// Appends one row (as `PQgetCopyData` returns it: one line, ending in a line feed) to `text`.
    /// `scratch` is reused between rows for the unescaped value.
    static func append(_ row: UnsafeRawBufferPointer, to text: ByteAccumulator, scratch: inout [UInt8]) {
        guard let base = row.baseAddress, row.count > 0 else { return }
        if memchr(base, 92, row.count) == nil && memchr(base, 34, row.count) == nil {
            text.append(row)
            return
        }
        let bytes = row.bindMemory(to: UInt8.self)
        let end = bytes[bytes.count - 1] == 10 ? bytes.count - 1 : bytes.count
        var start = 0
        while true {
            var stop = start
            while stop < end && bytes[stop] != tab { stop += 1 }
            if start > 0 { text.append(tab) }
            appendField(UnsafeBufferPointer(rebasing: bytes[start..<stop]), to: text, scratch: &scratch)
            guard stop < end else { break }
            start = stop + 1
        }
        text.append(10)
    }

    /// Appends one escaped field unescaped (empty for NULL), quoted when it needs to be.
    private static func appendField(_ field: UnsafeBufferPointer<UInt8>, to text: ByteAccumulator, scratch: inout [UInt8]) {
        if field.count == 2 && field[0] == 92 && field[1] == UInt8(ascii: "N") { return }
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while i < field.count {
            var c = field[i]
            if c == 92 && i + 1 < field.count {
                i += 1
                switch field[i] {
                case UInt8(ascii: "t"): c = 9
                case UInt8(ascii: "n"): c = 10
                case UInt8(ascii: "r"): c = 13
                case UInt8(ascii: "b"): c = 8
                case UInt8(ascii: "f"): c = 12
                case UInt8(ascii: "v"): c = 11
                case let other: c = other
                }
            }
            scratch.append(c)
            i += 1
        }
        scratch.withUnsafeBytes { text.appendField($0, delimiter: tab) }
    }

    /// Appends the header record: `names` separated by tabs, quoted when they need to be.
    static func appendHeader(_ names: [String], to text: ByteAccumulator) {
        for (i, name) in names.enumerated() {
            if i > 0 { text.append(tab) }
            var name = name
            name.withUTF8 { text.appendField(UnsafeRawBufferPointer($0), delimiter: tab) }
        }
        text.append(10)
    }
}
