/// How numbers appear in reasons: rounded for people, never invented.
public enum ReasonFormat {
    /// A share as a whole percentage, "64 %"; a positive share below 0.5 % is "under 1 %".
    public static func percent(_ share: Double) -> String {
        let p = (share * 100).rounded()
        return share > 0 && p == 0 ? "under 1 %" : "\(Int(p)) %"
    }

    /// A quantity with at most one decimal ("12", "2.5").
    public static func quantity(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }

    /// A list of names: "A", "A and B", "A, B and C".
    public static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}
