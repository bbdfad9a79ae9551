#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about a CSV file found from its bytes: byte-order mark, delimiter, positions.
enum CSVDialect {
    /// Offset of the first byte after a UTF-8 byte-order mark (0 when there is none).
    static func contentStart(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
    }

    /// Why the bytes cannot be read as UTF-8 CSV with LF or CRLF line ends, with the command
    /// that converts them, or nil. Looks at byte-order marks of UTF-16 and UTF-32, NUL bytes
    /// (which UTF-8 text never holds, UTF-16 text holds in every other byte) and lines ended by
    /// a carriage return alone, in the first 64 KiB.
    static func encodingProblem(_ b: UnsafeBufferPointer<UInt8>, file: String) -> String? {
        let n = min(b.count, 1 << 16)
        func starts(_ bytes: [UInt8]) -> Bool { n >= bytes.count && bytes.indices.allSatisfy { b[$0] == bytes[$0] } }
        let shown = file == "<stdin>" ? "FILE" : "'\(file)'"
        func convert(_ encoding: String) -> String {
            "file is \(encoding), not UTF-8; convert it with: iconv -f \(encoding) -t UTF-8 \(shown) > orders-utf8.csv"
        }
        if starts([0xFF, 0xFE, 0, 0]) { return convert("UTF-32LE") }
        if starts([0, 0, 0xFE, 0xFF]) { return convert("UTF-32BE") }
        if starts([0xFF, 0xFE]) { return convert("UTF-16LE") }
        if starts([0xFE, 0xFF]) { return convert("UTF-16BE") }
        var nulEven = 0, nulOdd = 0, lf = 0, cr = 0
        for i in 0 ..< n {
            switch b[i] {
            case 0: if i % 2 == 0 { nulEven += 1 } else { nulOdd += 1 }
            case 10: lf += 1
            case 13: cr += 1
            default: break
            }
        }
        if nulEven + nulOdd > 0 {
            if nulEven > 0 && nulOdd > 0 && min(nulEven, nulOdd) * 2 > max(nulEven, nulOdd) { return convert("UTF-32") }
            if nulOdd > nulEven { return convert("UTF-16LE") }
            if nulEven > nulOdd { return convert("UTF-16BE") }
        }
        if cr > 0 && lf == 0 {
            return "lines end with a carriage return alone (old Mac format); convert them with: tr '\\r' '\\n' < \(shown) > orders-lf.csv"
        }
        return nil
    }

    /// The delimiter of the header line starting at `start`: whichever of comma, semicolon and
    /// tab occurs most often outside quotes (comma on a tie or when none occurs).
    static func detectDelimiter(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts = [0, 0, 0]
        var quoted = false
        var p = start
        while p < b.count {
            let c = b[p]
            if c == UInt8(ascii: "\"") { quoted.toggle() }
            else if !quoted {
                if c == 10 { break }
                if c == UInt8(ascii: ",") { counts[0] += 1 }
                else if c == UInt8(ascii: ";") { counts[1] += 1 }
                else if c == 9 { counts[2] += 1 }
            }
            p += 1
        }
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9]
        var best = 0
        for i in 1..<3 where counts[i] > counts[best] { best = i }
        return candidates[best]
    }

    /// Whether `b[range]` contains a double quote.
    static func containsQuote(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let base = b.baseAddress, !range.isEmpty else { return false }
        return memchr(base + range.lowerBound, Int32(UInt8(ascii: "\"")), range.count) != nil
    }

    /// The number of line feeds in `b[range]`.
    static func lineBreaks(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        var n = 0, p = range.lowerBound
        while p < range.upperBound, let hit = memchr(base + p, 10, range.upperBound - p) {
            n += 1
            p = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        return n
    }

    /// Whether the bytes are only spaces, tabs and line breaks.
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var p = start
        while p < b.count {
            let c = b[p]
            if c != 32 && c != 9 && c != 10 && c != 13 { return false }
            p += 1
        }
        return true
    }

    /// The 1-based physical line and character column of byte `offset`, counted from `start`
    /// (a line start; default: after the byte order mark).
    /// - Complexity: O(offset); used only to report problems.
    static func locate(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int, from start: Int? = nil) -> (line: Int, column: Int) {
        var line = 1, lineStart = start ?? contentStart(b)
        guard let base = b.baseAddress else { return (1, 1) }
        var p = lineStart
        let end = min(offset, b.count)
        while p < end {
            guard let hit = memchr(base + p, 10, end - p) else { break }
            let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            line += 1
            lineStart = q + 1
            p = q + 1
        }
        var column = 1
        var i = lineStart
        while i < end {
            if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }

    /// The 1-based number of the record (counted from `start`, a record boundary) that holds
    /// byte `offset`. Quoted line breaks do not start records. Used only to place an error.
    static func record(_ b: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, containing offset: Int) -> Int {
        let scanner = CSVScanner(bytes: b, range: start..<b.count, delimiter: delimiter)
        var n = 0
        while true {
            let outcome = scanner.next()
            if outcome == .end { return max(n, 1) }
            if outcome != .blank { n += 1 }
            if scanner.position > offset { return n }
        }
    }

    /// A readable rendering of the bytes at `offset` for messages about invalid UTF-8.
    static func hexBytes(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int = 4) -> String {
        let end = min(b.count, offset + count)
        return (offset..<end).map { i in
            let h = String(b[i], radix: 16, uppercase: true)
            return "0x" + (h.count == 1 ? "0" + h : h)
        }.joined(separator: " ")
    }
}
