import Foundation

/// An inline SVG line chart of metric@K curves: K on the x axis, one line per method.
///
/// Each point is a circle tagged like every report number (``ReportNumber``), with a
/// `<title>` tooltip, so the chart is both readable and checkable.
struct SVGLineChart {
    /// One line: a CSS class for its colour, its values at K = 1..., and their JSON pointers.
    struct Series {
        var cssClass: String
        var label: String
        var values: [Double]
        var pointers: [String]
    }

    var title: String
    var series: [Series]
    var width = 340.0, height = 220.0
    let left = 46.0, right = 12.0, top = 34.0, bottom = 34.0

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let count = series.map(\.values.count).max() ?? 0
        let top = Self.niceCeiling(series.flatMap(\.values).max() ?? 0)
        let plotW = width - left - right, plotH = height - self.top - bottom
        func x(_ k: Int) -> Double { left + (count > 1 ? Double(k - 1) / Double(count - 1) : 0.5) * plotW }
        func y(_ v: Double) -> Double { self.top + plotH - (top > 0 ? v / top : 0) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<text class=\"chart-title\" x=\"\(f(left))\" y=\"18\">\(HTML.escape(title))</text>"
        for step in 0...4 {
            let v = top * Double(step) / 4, py = y(v)
            out += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(py))\" y2=\"\(f(py))\"/>"
            out += "<text class=\"tick\" x=\"\(f(left - 4))\" y=\"\(f(py + 3))\" text-anchor=\"end\">"
                + "\(Self.tick(v * 100))%</text>"
        }
        for k in 1...max(1, count) where k == 1 || k % 5 == 0 || k == count {
            out += "<text class=\"tick\" x=\"\(f(x(k)))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">\(k)</text>"
        }
        out += "<text class=\"axis\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">"
            + "K (length of the list)</text>"
        for s in series {
            let points = s.values.indices.map { "\(f(x($0 + 1))),\(f(y(s.values[$0])))" }.joined(separator: " ")
            out += "<polyline class=\"line \(s.cssClass)\" points=\"\(points)\"/>"
            for (i, v) in s.values.enumerated() {
                out += "<circle class=\"dot \(s.cssClass)\" cx=\"\(f(x(i + 1)))\" cy=\"\(f(y(v)))\" r=\"2.2\" "
                    + "data-json=\"\(HTML.escape(s.pointers[i]))\" data-value=\"\(v)\" data-format=\"percent\">"
                    + "<title>\(HTML.escape(s.label)) at K = \(i + 1): \(ReportNumber.percent.text(v))</title></circle>"
            }
        }
        return out + "</svg>"
    }

    /// A tick label: whole numbers without decimals, others with one.
    static func tick(_ v: Double) -> String {
        String(format: abs(v - v.rounded()) < 1e-9 ? "%.0f" : "%.1f", v)
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `v` (1 for 0).
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let base = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * base >= v { return m * base }
        return 10 * base
    }
}
