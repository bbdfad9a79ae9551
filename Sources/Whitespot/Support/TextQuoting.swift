/// CSV fields (RFC 4180).
public enum CSVText {
    /// Whether `bytes` hold a byte that forces quotes ("\n", "\r", "\"" or ","), and whether
    /// they hold a quote. Eight bytes at a time: a byte of x ^ c·0x0101… is zero where x holds c,
    /// and (v − 0x01…) & ~v & 0x80… is non-zero exactly when some byte of v is zero.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (special: Bool, quote: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let comma = ones &* 44, quote = ones &* 34, newline = ones &* 10, carriage = ones &* 13
        var special = false, n = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while n + 8 <= bytes.count {
                let x = base.loadUnaligned(fromByteOffset: n, as: UInt64.self)
                if hasZeroByte(x ^ quote) { return (true, true) }
                special = special || hasZeroByte(x ^ comma) || hasZeroByte(x ^ newline) || hasZeroByte(x ^ carriage)
                n += 8
            }
        }
        for b in bytes[n...] {
            if b == 34 { return (true, true) }
            special = special || b == 44 || b == 10 || b == 13
        }
        return (special, false)
    }

    /// The field as written in a CSV row: quoted (with inner quotes doubled) when it holds a
    /// comma, quote, carriage return or newline, or starts or ends with a space.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.appendCSVField(s)
        return String(decoding: out, as: UTF8.self)
    }
}

/// JSON string literals.
public enum JSONText {
    /// `s` as a JSON string literal, with quotes, backslashes and control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.appendJSONString(s)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Output text built as UTF-8 bytes: what the writers of large outputs append to, without the
/// intermediate `String`s that quoting and number formatting would otherwise allocate per cell.
extension Array where Element == UInt8 {
    /// Calls `body` with the UTF-8 bytes of `s`: a native string's own storage, read in place
    /// (no copy of the string, so no reference count traffic per cell); any other string is
    /// made native first.
    @inline(__always)
    private static func withUTF8<R>(of s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
        var s = s
        return s.withUTF8(body)
    }

    /// Appends `s` as it is.
    mutating func appendText(_ s: String) {
        Self.withUTF8(of: s) { append(contentsOf: $0) }
    }

    /// Appends `s` as a CSV field (see ``CSVText/quoted(_:)``).
    mutating func appendCSVField(_ s: String) {
        Self.withUTF8(of: s) { bytes in
            let (special, quotes) = CSVText.scan(bytes)
            let needs = special || bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
            guard needs else { return append(contentsOf: bytes) }
            append(UInt8(ascii: "\""))
            if quotes {
                for b in bytes {
                    append(b)
                    if b == UInt8(ascii: "\"") { append(b) }
                }
            } else {
                append(contentsOf: bytes)
            }
            append(UInt8(ascii: "\""))
        }
    }

    /// Appends `s` as a JSON string literal (see ``JSONText/quoted(_:)``): `\"`, `\\`, `\n`,
    /// `\r`, `\t`, other control characters as `\u00XX`; everything else (UTF-8 included) as it is.
    mutating func appendJSONString(_ s: String) {
        let hex = Array("0123456789abcdef".utf8)
        append(UInt8(ascii: "\""))
        Self.withUTF8(of: s) { bytes in
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(UInt8(ascii: "\\")); append(b)
                case 10: append(UInt8(ascii: "\\")); append(UInt8(ascii: "n"))
                case 13: append(UInt8(ascii: "\\")); append(UInt8(ascii: "r"))
                case 9: append(UInt8(ascii: "\\")); append(UInt8(ascii: "t"))
                case ..<0x20: append(contentsOf: Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: append(b)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `n` (with a leading "-" when negative).
    mutating func appendInteger(_ n: Int64) {
        if n < 0 { append(UInt8(ascii: "-")) }
        let magnitude = n.magnitude
        var place: UInt64 = 1
        while place <= magnitude / 10 { place *= 10 }
        while place > 0 {
            append(UInt8(ascii: "0") + UInt8(magnitude / place % 10))
            place /= 10
        }
    }

    /// Appends `v` rounded to `digits` decimals in its shortest form ("0.5", "12"), exactly as
    /// ``DecimalText/rounded(_:digits:)`` spells it; nothing for a non-finite `v`.
    ///
    /// The rounded value r = round(v·10^d) / 10^d is the double nearest to the decimal k·10^-d
    /// (k = round(v·10^d)). When |k| < 10^15 that decimal has at most 15 significant digits,
    /// so it is the unique shortest decimal that reads back as r: Swift's `description` of r
    /// (shortest round trip) prints exactly its digits, in positional notation from 10^-3 up.
    /// Those are written digit by digit; any other value goes through `description`.
    mutating func appendDecimal(_ v: Double, digits: Int) {
        guard v.isFinite else { return }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let k = (v * scale).rounded()
        let r = k / scale
        if r == r.rounded(), abs(r) < 1e15 { return appendInteger(Int64(r)) }
        guard abs(k) < 1e15, abs(r) >= 1e-3 else { return appendText("\(r)") }
        let whole = Int64(k), unit = Int64(scale)
        if whole < 0 { append(UInt8(ascii: "-")) }
        appendInteger(Int64(whole.magnitude) / unit)
        append(UInt8(ascii: "."))
        var fraction = Int64(whole.magnitude) % unit, width = digits
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        var place = 1 as Int64
        for _ in 1..<width { place *= 10 }
        while place > 0 {
            append(UInt8(ascii: "0") + UInt8(fraction / place % 10))
            place /= 10
        }
    }
}

/// Numbers as the output files spell them.
public enum DecimalText {
    /// `v` rounded to `digits` decimals in its shortest form ("0.5", "12"); "" when not finite.
    public static func rounded(_ v: Double, digits: Int) -> String {
        var out: [UInt8] = []
        out.appendDecimal(v, digits: digits)
        return String(decoding: out, as: UTF8.self)
    }
}
