/// How numbers appear in reasons: rounded for people, never invented.
public enum ReasonFormat {
    /// A share as a whole percentage, "64 %"; a positive share below 0.5 % is "under 1 %"
    /// ("Under 1 %" to start a sentence).
    public static func percent(_ share: Double, capitalized: Bool = false) -> String {
        let p = (share * 100).rounded()
        return share > 0 && p == 0 ? (capitalized ? "Under 1 %" : "under 1 %") : "\(Int(p)) %"
    }

    /// A quantity with at most one decimal ("12", "2.5").
    public static func quantity(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }

    /// Appends a list of names to `text`: "A", "A and B", "A, B and C".
    public static func appendList(_ names: [String], to text: inout String) {
        for (n, name) in names.enumerated() {
            if n > 0 { text += n == names.count - 1 ? " and " : ", " }
            text += name
        }
    }
}
