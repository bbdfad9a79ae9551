/// How order dates are written: ISO 8601 (the default) or an explicit pattern.
///
/// Pattern letters (runs of one letter form a token; anything else must appear literally;
/// text in single quotes is literal):
///
/// | token | meaning |
/// |---|---|
/// | `yyyy` | four-digit year |
/// | `yy` | two-digit year: 00–68 → 2000–2068, 69–99 → 1969–1999 |
/// | `M`, `MM` | month, one or two digits |
/// | `d`, `dd` | day of month, one or two digits |
/// | `H`, `HH` | hour 0–23 |
/// | `h`, `hh` | hour 1–12 (with `a`) |
/// | `a` | `AM` / `PM` (any case) |
/// | `m`, `mm` | minute |
/// | `s`, `ss` | second |
/// | `S…` | fraction of a second (any number of digits) |
///
/// The whole value must match. The time of day is validated and then dropped: an order line
/// belongs to a calendar day, taken as written (no time-zone conversion).
/// ISO accepts `yyyy-MM-dd`, optionally followed by `T` or a space, `HH:mm[:ss[.fff]]` and a
/// zone (`Z`, `+hh:mm`, `+hhmm`).
///
/// ```swift
/// let f = try DateFormat("M/d/yyyy")
/// f.day(of: Array("11/8/2018".utf8))   // Days.from(year: 2018, month: 11, day: 8)
/// ```
public struct DateFormat: Sendable, Equatable, CustomStringConvertible {
    enum Token: Equatable, Sendable {
        case year4, year2, month, day, hour24, hour12, ampm, minute, second, fraction
        case literal(UInt8)
    }

    /// The pattern text, or `ISO 8601`.
    public let description: String
    let tokens: [Token]?

    /// ISO 8601 dates and date-times.
    public static let iso = DateFormat(description: "ISO 8601", tokens: nil)

    private init(description: String, tokens: [Token]?) {
        self.description = description
        self.tokens = tokens
    }

    /// Compiles a pattern such as `dd-MM-yyyy` or `M/d/yy H:mm`.
    /// - Throws: ``DateFormatError`` for unknown letters or a pattern without year, month and day.
    public init(_ pattern: String) throws {
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                i += 1
                while i < chars.count, chars[i] != "'" {
                    tokens += chars[i].utf8.map { Token.literal($0) }
                    i += 1
                }
                i += 1
                continue
            }
            guard c.isLetter, c.isASCII else {
                tokens += c.utf8.map { Token.literal($0) }
                i += 1
                continue
            }
            var run = 1
            while i + run < chars.count, chars[i + run] == c { run += 1 }
            switch (c, run) {
            case ("y", 4): tokens.append(.year4)
            case ("y", 2): tokens.append(.year2)
            case ("M", 1...2): tokens.append(.month)
            case ("d", 1...2): tokens.append(.day)
            case ("H", 1...2): tokens.append(.hour24)
            case ("h", 1...2): tokens.append(.hour12)
            case ("a", 1): tokens.append(.ampm)
            case ("m", 1...2): tokens.append(.minute)
            case ("s", 1...2): tokens.append(.second)
            case ("S", _): tokens.append(.fraction)
            default:
                throw DateFormatError(pattern: pattern, message: "unknown pattern letters '\(String(repeating: c, count: run))' (use yyyy yy M MM d dd H HH h hh a m mm s ss S)")
            }
            i += run
        }
        let has = { (t: Token) in tokens.contains(t) }
        guard has(.year4) || has(.year2), has(.month), has(.day) else {
            throw DateFormatError(pattern: pattern, message: "a date format needs a year (yyyy or yy), a month (M) and a day (d)")
        }
        if has(.hour12) != has(.ampm) {
            throw DateFormatError(pattern: pattern, message: "h (1–12 hour) and a (AM/PM) go together; use H for a 24-hour clock")
        }
        self.init(description: pattern, tokens: tokens)
    }

    /// The day number (days since 1970-01-01) of a date written in this format, or nil when
    /// the bytes do not match or name a date that does not exist.
    public func day(of bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBufferPointer { day(of: $0) }
    }

    /// The day number of the date in `bytes` (see ``day(of:)-([UInt8])``).
    @inline(__always)
    func day(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let tokens else { return DateFormat.isoDay(bytes) }
        return DateFormat.patternDay(bytes, tokens)
    }

    private static func patternDay(_ b: UnsafeBufferPointer<UInt8>, _ tokens: [Token]) -> Int32? {
        var p = 0
        var year = -1, month = -1, day = -1
        for token in tokens {
            switch token {
            case .literal(let c):
                guard p < b.count, b[p] == c else { return nil }
                p += 1
            case .year4:
                guard let v = digits(b, &p, min: 4, max: 4) else { return nil }
                year = v
            case .year2:
                guard let v = digits(b, &p, min: 2, max: 2) else { return nil }
                year = v < 69 ? 2000 + v : 1900 + v
            case .month:
                guard let v = digits(b, &p, min: 1, max: 2) else { return nil }
                month = v
            case .day:
                guard let v = digits(b, &p, min: 1, max: 2) else { return nil }
                day = v
            case .hour24:
                guard let v = digits(b, &p, min: 1, max: 2), v < 24 else { return nil }
            case .hour12:
                guard let v = digits(b, &p, min: 1, max: 2), (1...12).contains(v) else { return nil }
            case .minute:
                guard let v = digits(b, &p, min: 1, max: 2), v < 60 else { return nil }
            case .second:
                guard let v = digits(b, &p, min: 1, max: 2), v < 61 else { return nil }
            case .fraction:
                guard digits(b, &p, min: 1, max: 9) != nil else { return nil }
            case .ampm:
                guard p + 1 < b.count, b[p + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
                guard b[p] | 0x20 == UInt8(ascii: "a") || b[p] | 0x20 == UInt8(ascii: "p") else { return nil }
                p += 2
            }
        }
        guard p == b.count, Days.isValid(year: year, month: month, day: day) else { return nil }
        return Days.from(year: year, month: month, day: day)
    }

    /// ISO `yyyy-MM-dd[(T| )HH:mm[:ss[.f…]][Z|±hh[:mm]]]`.
    private static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var p = 0
        guard let year = digits(b, &p, min: 4, max: 4), literal(b, &p, "-"),
              let month = digits(b, &p, min: 2, max: 2), literal(b, &p, "-"),
              let day = digits(b, &p, min: 2, max: 2),
              Days.isValid(year: year, month: month, day: day)
        else { return nil }
        if p < b.count {
            guard b[p] == UInt8(ascii: "T") || b[p] == UInt8(ascii: " ") else { return nil }
            p += 1
            guard let h = digits(b, &p, min: 2, max: 2), h < 24, literal(b, &p, ":"),
                  let m = digits(b, &p, min: 2, max: 2), m < 60 else { return nil }
            if literal(b, &p, ":") {
                guard let s = digits(b, &p, min: 2, max: 2), s < 61 else { return nil }
                if literal(b, &p, ".") || literal(b, &p, ",") {
                    guard digits(b, &p, min: 1, max: 9) != nil else { return nil }
                }
            }
            if literal(b, &p, "Z") {
            } else if literal(b, &p, "+") || literal(b, &p, "-") {
                guard let zh = digits(b, &p, min: 2, max: 2), zh < 24 else { return nil }
                _ = literal(b, &p, ":")
                if p < b.count { guard let zm = digits(b, &p, min: 2, max: 2), zm < 60 else { return nil } }
            }
            guard p == b.count else { return nil }
        }
        return Days.from(year: year, month: month, day: day)
    }

    @inline(__always)
    private static func literal(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ c: Unicode.Scalar) -> Bool {
        guard p < b.count, b[p] == UInt8(ascii: c) else { return false }
        p += 1
        return true
    }

    /// Reads `min...max` ASCII digits (greedy) at `p`.
    @inline(__always)
    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, min: Int, max: Int) -> Int? {
        var v = 0, n = 0
        while n < max, p + n < b.count {
            let d = Int(b[p + n]) &- 48
            guard d >= 0 && d <= 9 else { break }
            v = v * 10 + d
            n += 1
        }
        guard n >= min else { return nil }
        p += n
        return v
    }
}

/// A `--date-format` pattern that cannot be used.
public struct DateFormatError: Error, CustomStringConvertible, Sendable {
    /// The pattern as given.
    public var pattern: String
    /// What is wrong with it.
    public var message: String
    /// `date format 'pattern': message`.
    public var description: String { "date format '\(pattern)': \(message)" }
}
