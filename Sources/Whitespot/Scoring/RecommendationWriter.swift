import Foundation

/// Writes recommendations as CSV (RFC 4180 quoting) or JSON Lines, one row per recommendation.
///
/// Columns: customer, rank, product, product_name, kind, score, affinity, penetration,
/// expected_revenue, suggested_quantity, path, reason. Scores, affinities and penetrations
/// are rounded to 6 decimals, money and quantities to 2; unknown values are empty (CSV) or
/// null (JSON).
///
/// ```swift
/// let writer = RecommendationWriter(format: .csv, data: scorer.data)
/// var text = writer.header
/// text += writer.rows(recommendations)
/// ```
public struct RecommendationWriter: Sendable {
    /// Output format.
    public enum Format: String, Sendable, CaseIterable {
        /// Comma-separated values with a header row.
        case csv
        /// One JSON object per line.
        case jsonl
    }

    /// The column names, in order.
    public static let columns = [
        "customer", "rank", "product", "product_name", "kind", "score", "affinity", "penetration",
        "expected_revenue", "suggested_quantity", "path", "reason",
    ]

    /// The format written.
    public let format: Format
    /// Where ids and names come from.
    public let data: ScoringData

    /// A writer for recommendations over `data`.
    public init(format: Format, data: ScoringData) {
        self.format = format
        self.data = data
    }

    /// The text before the first row (the CSV header; nothing for JSON Lines).
    public var header: String {
        format == .csv ? RecommendationWriter.columns.joined(separator: ",") + "\n" : ""
    }

    /// The rows of `recommendations`, each ending with a newline.
    public func rows(_ recommendations: [Recommendation]) -> String {
        var out = ""
        for r in recommendations {
            let values: [Value] = [
                .text(data.customers[r.customer]), .number(Double(r.rank), 0), .text(data.products[r.product]),
                .text(data.names[r.product]), .text(r.kind.rawValue), .number(r.score, 6),
                r.affinity.map { .number($0, 6) } ?? .none, .number(r.penetration, 6),
                r.expectedRevenue.map { .number($0, 2) } ?? .none,
                r.suggestedQuantity.map { .number($0, 2) } ?? .none,
                .text(r.path.rawValue), .text(r.reason),
            ]
            out += line(values, columns: RecommendationWriter.columns)
        }
        return out
    }

    /// The columns of ``rankingRows(customers:rankings:)``.
    public static let rankingColumns = ["customer", "rank", "product", "score"]

    /// The text before the first ranking row (CSV header; nothing for JSON Lines).
    public var rankingHeader: String {
        format == .csv ? RecommendationWriter.rankingColumns.joined(separator: ",") + "\n" : ""
    }

    /// Rows of plain rankings (`--ranking-only`): customer, rank, product, score (the ranking key).
    public func rankingRows(customers: [Int], rankings: [[RankedProduct]]) -> String {
        var out = ""
        for (u, list) in zip(customers, rankings) {
            for (n, r) in list.enumerated() {
                let values: [Value] = [.text(data.customers[u]), .number(Double(n + 1), 0), .text(data.products[r.product]),
                                       .number(Double(r.key), 6)]
                out += line(values, columns: RecommendationWriter.rankingColumns)
            }
        }
        return out
    }

    /// One row in the writer's format.
    private func line(_ values: [Value], columns: [String]) -> String {
        switch format {
        case .csv:
            return values.map(\.csv).joined(separator: ",") + "\n"
        case .jsonl:
            return "{" + zip(columns, values).map { "\"\($0)\":\($1.json)" }.joined(separator: ",") + "}\n"
        }
    }

    /// One cell.
    enum Value {
        case text(String)
        case number(Double, Int)
        case none

        var csv: String {
            switch self {
            case .text(let s): return CSVText.quoted(s)
            case .number(let v, let digits): return Value.format(v, digits)
            case .none: return ""
            }
        }

        var json: String {
            switch self {
            case .text(let s): return JSONText.quoted(s)
            case .number(let v, let digits): return v.isFinite ? Value.format(v, digits) : "null"
            case .none: return "null"
            }
        }

        /// A number rounded to `digits` decimals, in its shortest form ("0.5", "12").
        static func format(_ v: Double, _ digits: Int) -> String {
            guard v.isFinite else { return "" }
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            let r = (v * scale).rounded() / scale
            if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
            return "\(r)"
        }
    }
}
