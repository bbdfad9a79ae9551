#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal numbers from CSV bytes: `[+-]digits[.digits][(e|E)[+-]digits]`, surrounding spaces
/// allowed; with `decimalComma` the separator is `,` instead of `.`. No thousands separators,
/// no `NaN`/`inf` words.
///
/// Values with at most 15 significant digits and a decimal exponent within ±22 are computed
/// exactly with one multiplication or division (Clinger's fast path: both operands are exact
/// doubles, so the result is correctly rounded); everything else goes through `strtod`.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// The value of the number in `b`, or nil when `b` is not a number in the format above.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Double? {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 { hi -= 1 }
        guard lo < hi else { return nil }
        let point = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var p = lo
        var negative = false
        if b[p] == UInt8(ascii: "-") || b[p] == UInt8(ascii: "+") { negative = b[p] == UInt8(ascii: "-"); p += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, intDigits = 0, fracDigits = 0, scale = 0
        while p < hi, b[p] &- 48 < 10 {
            if mantissa != 0 || b[p] != 48 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(b[p] &- 48) } else { scale += 1 }
            intDigits += 1; p += 1
        }
        if p < hi, b[p] == point {
            p += 1
            while p < hi, b[p] &- 48 < 10 {
                if mantissa != 0 || b[p] != 48 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(b[p] &- 48); scale -= 1 }
                fracDigits += 1; p += 1
            }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        var exponent = 0
        if p < hi, b[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            var expNegative = false
            if p < hi, b[p] == UInt8(ascii: "-") || b[p] == UInt8(ascii: "+") { expNegative = b[p] == UInt8(ascii: "-"); p += 1 }
            var n = 0
            while p < hi, b[p] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(b[p] &- 48) }
                n += 1; p += 1
            }
            guard n > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard p == hi else { return nil }
        let e = scale + exponent
        if significant <= 15, e >= -22, e <= 22 {
            let m = Double(mantissa)
            let v = e >= 0 ? m * powers[e] : m / powers[-e]
            return negative ? -v : v
        }
        return slow(UnsafeBufferPointer(rebasing: b[lo..<hi]), point: point)
    }

    /// `strtod` on a NUL-terminated copy with `.` as the separator.
    private static func slow(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> Double? {
        var text = [CChar](repeating: 0, count: b.count + 1)
        for i in 0..<b.count { text[i] = CChar(bitPattern: b[i] == point ? UInt8(ascii: ".") : b[i]) }
        return text.withUnsafeBufferPointer { t -> Double? in
            guard let base = t.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &end)
            guard let end, end - UnsafeMutablePointer(mutating: base) == b.count else { return nil }
            return v
        }
    }
}
