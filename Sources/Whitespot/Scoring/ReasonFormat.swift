/// How numbers appear in reasons: rounded for people, never invented.
///
/// Reasons are built as UTF-8 bytes (one `String` per reason at the end, instead of one
/// growth step per fragment); the `String` forms below spell exactly the same text.
public enum ReasonFormat {
    /// A share as a whole percentage, "64 %"; a positive share below 0.5 % is "under 1 %"
    /// ("Under 1 %" to start a sentence).
    public static func percent(_ share: Double, capitalized: Bool = false) -> String {
        var text: [UInt8] = []
        appendPercent(share, capitalized: capitalized, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``percent(_:capitalized:)`` of `share` to `text`.
    static func appendPercent(_ share: Double, capitalized: Bool = false, to text: inout [UInt8]) {
        let p = (share * 100).rounded()
        if share > 0 && p == 0 {
            text.appendText(capitalized ? "Under 1 %" : "under 1 %")
        } else {
            text.appendInteger(Int64(p))
            text.appendText(" %")
        }
    }

    /// Appends a quantity with at most one decimal ("12", "2.5") to `text`: `value` rounded to
    /// tenths, spelled as `appendDecimal(_:digits:)` spells one decimal (an integer without ".0").
    static func appendQuantity(_ value: Double, to text: inout [UInt8]) {
        text.appendDecimal((value * 10).rounded() / 10, digits: 1)
    }
}
