import Foundation

/// How a number of the evaluation report is shown, and its tag.
///
/// Every number on the report page is an element carrying `data-json` (a JSON pointer, RFC 6901,
/// into `whitespot evaluate --json`), `data-value` (the exact number, shortest round-trip
/// form) and `data-format` (one of these cases), so a test can check that the page shows the
/// JSON's numbers: `ReportNumber(rawValue: format)?.text(value) == element text`.
public enum ReportNumber: String, Sendable, CaseIterable {
    /// A share as a percentage with one decimal: 0.1234 → "12.3 %".
    case percent
    /// A whole count with thousands separators: 12345 → "12,345".
    case count
    /// A percentage already in percent, magnitude without sign and decimals: −34.6 → "35 %".
    case magnitude
    /// The number as written in JSON (shortest round-trip form, integers without ".0").
    case plain

    /// The displayed text of `value`.
    public func text(_ value: Double) -> String {
        switch self {
        case .percent:
            return String(format: "%.1f %%", value * 100)
        case .count:
            return TextFormat.count(Int(value.rounded()))
        case .magnitude:
            return String(format: "%.0f %%", abs(value))
        case .plain:
            return MethodParameter.Value.number(value).description
        }
    }

    /// An HTML element showing `value`, tagged with its JSON pointer.
    func html(_ value: Double, at pointer: String, element: String = "span", attributes: String = "") -> String {
        "<\(element)\(attributes) data-json=\"\(HTML.escape(pointer))\" data-value=\"\(value)\" "
            + "data-format=\"\(rawValue)\">\(HTML.escape(text(value)))</\(element)>"
    }
}

/// Small HTML helpers for the report.
enum HTML {
    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// One JSON-pointer reference token (RFC 6901: "~" → "~0", "/" → "~1").
    static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
