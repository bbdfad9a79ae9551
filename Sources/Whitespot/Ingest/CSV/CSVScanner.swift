/// One field of a CSV record: a byte range of the input (without surrounding quotes).
struct CSVField {
    /// First byte of the content.
    var start: Int
    /// One past the last byte of the content.
    var end: Int
    /// Whether the content holds `""` escapes that must be collapsed before use.
    var escaped: Bool
}

/// A byte-level RFC 4180 record scanner over a range of an in-memory file.
///
/// Records end at LF or CRLF outside quotes; fields are separated by the delimiter; a field
/// that starts with `"` is quoted and may hold delimiters, line breaks and `""` escapes. A `"`
/// inside an unquoted field is taken literally. Every byte outside ASCII is checked to be
/// well-formed UTF-8. Nothing is copied: fields are ranges of the input.
final class CSVScanner {
    /// What ``next()`` found.
    enum Outcome: Equatable {
        /// A record; its fields are `fields[0 ..< fieldCount]`.
        case record
        /// An empty line.
        case blank
        /// The end of the range.
        case end
        /// A malformed record: the problem is at byte `offset`; the scanner has moved past it.
        case malformed(offset: Int, reason: BadLineReason, message: String)
    }

    /// The whole input (offsets are into it).
    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafePointer<UInt8>
    private let delimiter: UInt8
    private let limit: Int
    /// The next byte to read.
    private(set) var position: Int
    /// Byte offset of the current record's first byte.
    private(set) var recordStart = 0

    /// The current record's fields.
    private(set) var fields: UnsafeMutablePointer<CSVField>
    private var fieldCapacity = 64
    /// Number of fields in the current record.
    private(set) var fieldCount = 0
    /// Byte classes: 0 plain, 1 delimiter, 2 LF, 3 quote, 4 non-ASCII.
    private let classes: UnsafeMutablePointer<UInt8>
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    /// A scanner over `bytes[range]`; `range` must start at a record boundary.
    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = range.lowerBound
        self.limit = range.upperBound
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        self.classes = classes
        // An empty input has no address: any valid one will do, as the range is empty and never read.
        self.base = bytes.baseAddress ?? UnsafePointer(classes)
        classes.initialize(repeating: 0, count: 256)
        for b in 0x80...0xFF { classes[b] = 4 }
        classes[Int(UInt8(ascii: "\""))] = 3
        classes[10] = 2
        classes[Int(delimiter)] = 1
    }

    deinit {
        fields.deallocate()
        classes.deallocate()
        scratch.deallocate()
    }

    /// The content of field `i` (escapes collapsed; valid until the next call).
    @inline(__always)
    func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[i]
        if !f.escaped { return UnsafeBufferPointer(start: base + f.start, count: f.end - f.start) }
        if f.end - f.start > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = f.end - f.start
            scratch = .allocate(capacity: scratchCapacity)
        }
        var p = f.start, n = 0
        while p < f.end {
            scratch[n] = base[p]
            n += 1
            p += base[p] == UInt8(ascii: "\"") ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch, count: n)
    }

    /// Field `i` as a string.
    func string(_ i: Int) -> String { String(decoding: value(i), as: UTF8.self) }

    /// Reads the next record.
    func next() -> Outcome {
        guard position < limit else { return .end }
        recordStart = position
        fieldCount = 0
        var p = position
        if base[p] == 10 || (base[p] == 13 && p + 1 < limit && base[p + 1] == 10) {
            position = p + (base[p] == 10 ? 1 : 2)
            return .blank
        }
        while true {
            let start = p
            var escaped = false
            var contentStart = start, contentEnd: Int
            var terminator: UInt8 = 0  // 1 delimiter, 2 end of record
            if p < limit, base[p] == UInt8(ascii: "\"") {
                contentStart = p + 1
                p += 1
                while true {
                    guard p < limit else {
                        return malformed(at: start, .malformedCSV, "quoted field is never closed")
                    }
                    let c = classes[Int(base[p])]
                    if c == 3 {
                        if p + 1 < limit, base[p + 1] == UInt8(ascii: "\"") { escaped = true; p += 2; continue }
                        break
                    }
                    if c == 4 {
                        guard let n = utf8Length(at: p) else { return malformed(at: p, .invalidUTF8, "bytes are not valid UTF-8") }
                        p += n
                        continue
                    }
                    p += 1
                }
                contentEnd = p
                p += 1
                if p >= limit { terminator = 2 }
                else if base[p] == delimiter { terminator = 1; p += 1 }
                else if base[p] == 10 { terminator = 2; p += 1 }
                else if base[p] == 13, p + 1 < limit, base[p + 1] == 10 { terminator = 2; p += 2 }
                else { return malformed(at: p, .malformedCSV, "unexpected text after a closing quote") }
            } else {
                while p < limit {
                    let c = classes[Int(base[p])]
                    if c == 0 || c == 3 { p += 1; continue }
                    if c == 4 {
                        guard let n = utf8Length(at: p) else { return malformed(at: p, .invalidUTF8, "bytes are not valid UTF-8") }
                        p += n
                        continue
                    }
                    break
                }
                contentEnd = p
                if p >= limit {
                    terminator = 2
                    if contentEnd > contentStart, base[contentEnd - 1] == 13 { contentEnd -= 1 }
                } else if base[p] == 10 {
                    terminator = 2
                    if contentEnd > contentStart, base[contentEnd - 1] == 13 { contentEnd -= 1 }
                    p += 1
                } else {
                    terminator = 1
                    p += 1
                }
            }
            if fieldCount == fieldCapacity { growFields() }
            fields[fieldCount] = CSVField(start: contentStart, end: contentEnd, escaped: escaped)
            fieldCount += 1
            if terminator == 2 {
                position = p
                return .record
            }
            if p >= limit {
                // A delimiter ends the input: one more, empty field.
                if fieldCount == fieldCapacity { growFields() }
                fields[fieldCount] = CSVField(start: p, end: p, escaped: false)
                fieldCount += 1
                position = p
                return .record
            }
        }
    }

    /// Reports a malformed record and moves past the line holding `offset`.
    private func malformed(at offset: Int, _ reason: BadLineReason, _ message: String) -> Outcome {
        var p = offset
        while p < limit, base[p] != 10 { p += 1 }
        position = min(p + 1, limit)
        return .malformed(offset: offset, reason: reason, message: message)
    }

    private func growFields() {
        let bigger = UnsafeMutablePointer<CSVField>.allocate(capacity: fieldCapacity * 2)
        bigger.update(from: fields, count: fieldCount)
        fields.deallocate()
        fields = bigger
        fieldCapacity *= 2
    }

    /// Length of the well-formed UTF-8 sequence starting at `p`, or nil.
    @inline(__always)
    private func utf8Length(at p: Int) -> Int? {
        let b0 = base[p]
        func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            p + i < limit && base[p + i] >= lo && base[p + i] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : nil
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : nil
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default: return nil
        }
    }
}
