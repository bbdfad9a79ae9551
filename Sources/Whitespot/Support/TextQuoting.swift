/// RFC 4180 field quoting.
public enum CSVText {
    /// The field as written in a CSV row: quoted (with inner quotes doubled) when it holds a
    /// comma, quote, carriage return or newline, or starts or ends with a space.
    public static func quoted(_ s: String) -> String {
        let needs = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || s.hasPrefix(" ") || s.hasSuffix(" ")
        guard needs else { return s }
        let inner = s.utf8.contains(UInt8(ascii: "\"")) ? s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") : s
        return "\"" + inner + "\""
    }
}

/// JSON string literals.
public enum JSONText {
    /// `s` as a JSON string literal, with quotes, backslashes and control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
