import Dispatch
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

    /// The rows of `recommendations`, each ending with a newline, formatted on `threads` workers.
    /// `prefix` goes before every row as it is (a database export puts the run id there).
    public func rows(_ recommendations: [Recommendation], threads: Int = 1, prefix: String = "") -> String {
        RecommendationWriter.joined(count: recommendations.count, threads: threads) { n, out in
            out += prefix
            append(values(recommendations[n]), columns: RecommendationWriter.columns, to: &out)
        }
    }

    /// The rows of `recommendations` as CSV whatever ``format`` is (what `COPY ... FROM STDIN
    /// WITH (FORMAT csv)` reads), each preceded by `prefix`.
    public func csvRows(_ recommendations: [Recommendation], threads: Int = 1, prefix: String = "") -> String {
        RecommendationWriter(format: .csv, data: data).rows(recommendations, threads: threads, prefix: prefix)
    }

    /// The cells of one recommendation as the CSV shows them, in ``columns`` order; nil where
    /// the CSV cell is empty (unknown or empty text). What a database table stores.
    public func cells(_ r: Recommendation) -> [String?] {
        values(r).map { value in
            switch value {
            case .text(let s): return s.isEmpty ? nil : s
            case .number(let v, let digits): return v.isFinite ? Value.format(v, digits) : nil
            case .none: return nil
            }
        }
    }

    private func values(_ r: Recommendation) -> [Value] {
        [
            .text(data.customers[r.customer]), .number(Double(r.rank), 0), .text(data.products[r.product]),
            .text(data.names[r.product]), .text(r.kind.rawValue), .number(r.score, 6),
            r.affinity.map { .number($0, 6) } ?? .none, .number(r.penetration, 6),
            r.expectedRevenue.map { .number($0, 2) } ?? .none,
            r.suggestedQuantity.map { .number($0, 2) } ?? .none,
            .text(r.path.rawValue), .text(r.reason),
        ]
    }

    /// The columns of ``rankingRows(customers:rankings:threads:)``.
    public static let rankingColumns = ["customer", "rank", "product", "score"]

    /// The text before the first ranking row (CSV header; nothing for JSON Lines).
    public var rankingHeader: String {
        format == .csv ? RecommendationWriter.rankingColumns.joined(separator: ",") + "\n" : ""
    }

    /// Rows of plain rankings (`--ranking-only`): customer, rank, product, score (the ranking
    /// key), formatted on `threads` workers.
    public func rankingRows(customers: [Int], rankings: [[RankedProduct]], threads: Int = 1) -> String {
        RecommendationWriter.joined(count: customers.count, threads: threads) { n, out in
            let customer = Value.text(data.customers[customers[n]])
            for (rank, r) in rankings[n].enumerated() {
                let values: [Value] = [customer, .number(Double(rank + 1), 0), .text(data.products[r.product]),
                                       .number(Double(r.key), 6)]
                append(values, columns: RecommendationWriter.rankingColumns, to: &out)
            }
        }
    }

    /// The text `item` appends for each of `count` items, in order, built on `threads` workers
    /// in contiguous parts.
    static func joined(count: Int, threads: Int, _ item: (Int, inout String) -> Void) -> String {
        let parts = max(1, min(threads, count / 256))
        var texts = [String](repeating: "", count: parts)
        texts.withUnsafeMutableBufferPointer { texts in
            ConcurrentLoop.run(iterations: parts) { part in
                var out = ""
                for n in count * part / parts ..< count * (part + 1) / parts { item(n, &out) }
                texts[part] = out
            }
        }
        return texts.joined()
    }

    /// Appends one row in the writer's format.
    private func append(_ values: [Value], columns: [String], to out: inout String) {
        switch format {
        case .csv:
            for (n, v) in values.enumerated() {
                if n > 0 { out += "," }
                out += v.csv
            }
            out += "\n"
        case .jsonl:
            out += "{"
            for (n, (column, v)) in zip(columns, values).enumerated() {
                out += n > 0 ? ",\"" : "\""
                out += column
                out += "\":"
                out += v.json
            }
            out += "}\n"
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
