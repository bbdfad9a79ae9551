/// Number formatting for tables people read: `12,345`, `1,234.50`, `28.2%`.
public enum TextFormat {
    /// An integer with thousands separators.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A count with its noun, singular for one: "1 product", "2,048 products".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        count(n) + " " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// A number rounded to `decimals` places, with thousands separators.
    public static func amount(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return String(x) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x.magnitude * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = count(whole)
        if decimals > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: max(0, decimals - f.count)) + f
        }
        return x < 0 && scaled > 0 ? "-" + text : text
    }

    /// A share as a percentage with one decimal, e.g. `28.2%`.
    public static func percent(_ share: Double) -> String { amount(share * 100, decimals: 1) + "%" }

    /// `text` padded with spaces to `width` characters (left-aligned, or right-aligned for numbers).
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
