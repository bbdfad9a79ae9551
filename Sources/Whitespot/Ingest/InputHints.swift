/// Suggestions attached to bad-value errors, for the mistakes an export makes most often: a
/// date written in another order than the date format expects, a number with a decimal comma.
///
/// ```swift
/// InputHints.dateFormat(for: "25/12/2024")   // .dateFormat(["dd/MM/yyyy"])
/// InputHints.decimalComma(for: "2,99")       // .decimalComma
/// ```
enum InputHints {
    /// A hint for a number that reads as one with a decimal comma (`2,99`, `1.234,50`), else nil.
    static func decimalComma(for text: String) -> InputHint? {
        let t = text.trimmingSpaces()
        let body = t.first == "-" || t.first == "+" ? t.dropFirst() : Substring(t)
        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit),
              !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCIIDigit || $0 == "." }), parts[0].last != "." else { return nil }
        return .decimalComma
    }

    /// A date-format pattern that reads `text`, when one of the common day-month-year
    /// layouts does, as a hint; nil otherwise. When both day-first and month-first read it,
    /// both are offered.
    static func dateFormat(for text: String) -> InputHint? {
        let t = text.trimmingSpaces()
        let dateEnd = t.firstIndex { $0 == " " || $0 == "T" } ?? t.endIndex
        let date = t[..<dateEnd]
        guard let separator = date.first(where: { "/-.".contains($0) }) else { return nil }
        let parts = date.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let s = String(separator)
        var time = ""
        let rest = t[dateEnd...].trimmingSpaces()
        if !rest.isEmpty {
            let glue = t[dateEnd] == "T" ? "'T'" : " "
            let clock = rest.hasPrefix("T") ? rest.dropFirst() : Substring(rest)
            let twelveHour = clock.uppercased().hasSuffix("AM") || clock.uppercased().hasSuffix("PM")
            let fields = clock.split(separator: " ").first?.split(separator: ":").count ?? 0
            guard (2...3).contains(fields) else { return nil }
            time = glue + (twelveHour ? "h" : "H") + ":mm" + (fields == 3 ? ":ss" : "") + (twelveHour ? " a" : "")
        }
        let year = parts[2].count == 2 ? "yy" : "yyyy"
        var candidates = parts[0].count == 4
            ? ["yyyy\(s)MM\(s)dd"]
            : ["dd\(s)MM\(s)\(year)", "MM\(s)dd\(s)\(year)"]
        candidates = candidates.map { $0 + time }.filter { pattern in
            guard let format = try? DateFormat(pattern) else { return false }
            return format.day(of: Array(t.utf8)) != nil
        }
        return (1...2).contains(candidates.count) ? .dateFormat(candidates) : nil
    }
}

/// What would probably fix a bad value, named in words or by flags as the caller chooses.
public enum InputHint: Sendable, Equatable {
    /// The date-format patterns that read the value: one, or day first and month first.
    case dateFormat([String])
    /// The number reads with a decimal comma.
    case decimalComma

    /// The hint in words, naming each setting as `name` does ("give --date-format dd/MM/yyyy").
    public func text(naming name: (Setting) -> String) -> String {
        switch self {
        case .dateFormat(let patterns):
            guard patterns.count == 2 else { return "give \(name(.dateFormat)) \(patterns.first ?? "")" }
            return "give \(name(.dateFormat)) \(patterns[0]) (day first) or \(patterns[1]) (month first)"
        case .decimalComma:
            return "a decimal comma? give \(name(.decimalComma)) (with a semicolon, tab or pipe delimiter)"
        }
    }
}

extension Character {
    /// `0`–`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
