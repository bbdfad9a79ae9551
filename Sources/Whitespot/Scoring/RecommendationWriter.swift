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
        String(decoding: rowBytes(recommendations, threads: threads, prefix: prefix), as: UTF8.self)
    }

    /// ``rows(_:threads:prefix:)`` as UTF-8 bytes, the form a file is written from.
    public func rowBytes(_ recommendations: [Recommendation], threads: Int = 1, prefix: String = "") -> [UInt8] {
        RecommendationWriter.joined(count: recommendations.count, threads: threads) { n, out in
            out.appendText(prefix)
            append(recommendations[n], to: &out)
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
        var cells = CellStrings()
        visitCells(of: r, with: &cells)
        return cells.values
    }

    /// Appends one recommendation's row in the writer's format.
    private func append(_ r: Recommendation, to out: inout [UInt8]) {
        var row = RowBytes(format: format, columns: RecommendationWriter.columns, continuing: &out)
        visitCells(of: r, with: &row)
        out = row.finish()
    }

    /// Hands the cells of `r` to `sink` in ``columns`` order: the one place that lists them.
    private func visitCells<Sink: CellSink>(of r: Recommendation, with sink: inout Sink) {
        sink.text(data.customers[r.customer])
        sink.number(Double(r.rank), 0)
        sink.text(data.products[r.product])
        sink.text(data.names[r.product])
        sink.text(r.kind.rawValue)
        sink.number(r.score, 6)
        sink.number(r.affinity, 6)
        sink.number(r.penetration, 6)
        sink.number(r.expectedRevenue, 2)
        sink.number(r.suggestedQuantity, 2)
        sink.text(r.path.rawValue)
        sink.text(r.reason)
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
        let bytes = RecommendationWriter.joined(count: customers.count, threads: threads) { n, out in
            appendRanking(customer: customers[n], rankings[n], to: &out)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ranking rows of customer `u` (see ``rankingRows(customers:rankings:threads:)``) as UTF-8 bytes.
    public func rankingRowBytes(customer u: Int, ranking: [RankedProduct]) -> [UInt8] {
        var out: [UInt8] = []
        appendRanking(customer: u, ranking, to: &out)
        return out
    }

    /// Appends the ranking rows of customer `u`.
    private func appendRanking(customer u: Int, _ ranking: [RankedProduct], to out: inout [UInt8]) {
        let customer = data.customers[u]
        for (rank, r) in ranking.enumerated() {
            var row = RowBytes(format: format, columns: RecommendationWriter.rankingColumns, continuing: &out)
            row.text(customer)
            row.number(Double(rank + 1), 0)
            row.text(data.products[r.product])
            row.number(Double(r.key), 6)
            out = row.finish()
        }
    }

    /// Bytes reserved per row before a customer's rows are appended (a default-job row with its
    /// reason is 150–300 bytes), so that the rows grow their buffer once or not at all.
    static let reservedRowBytes = 256

    /// The bytes `item` appends for each of `count` items, in order, built on `threads` workers
    /// in contiguous parts.
    static func joined(count: Int, threads: Int, _ item: (Int, inout [UInt8]) -> Void) -> [UInt8] {
        let parts = max(1, min(threads, count / 256))
        if parts == 1 {
            var out: [UInt8] = []
            out.reserveCapacity(count * reservedRowBytes)
            for n in 0..<count { item(n, &out) }
            return out
        }
        var texts = [[UInt8]](repeating: [], count: parts)
        texts.withUnsafeMutableBufferPointer { texts in
            ConcurrentLoop.run(iterations: parts) { part in
                var out: [UInt8] = []
                for n in count * part / parts ..< count * (part + 1) / parts { item(n, &out) }
                texts[part] = out
            }
        }
        var all: [UInt8] = []
        all.reserveCapacity(texts.reduce(0) { $0 + $1.count })
        for text in texts { all += text }
        return all
    }

    /// What receives a row's cells in order: a text, or a number rounded to `digits` decimals
    /// (nil: unknown).
    protocol CellSink {
        /// Takes a text cell.
        mutating func text(_ s: String)
        /// Takes a number cell, to be rounded to `digits` decimals.
        mutating func number(_ v: Double?, _ digits: Int)
    }

    /// The cells as a database stores them: nil for an empty text or an unknown or non-finite number.
    struct CellStrings: CellSink {
        /// The cells so far, in order.
        var values: [String?] = []

        /// Keeps the text, nil when empty.
        mutating func text(_ s: String) { values.append(s.isEmpty ? nil : s) }

        /// Keeps the rounded number as text, nil when unknown or not finite.
        mutating func number(_ v: Double?, _ digits: Int) {
            values.append(v.flatMap { $0.isFinite ? DecimalText.rounded($0, digits: digits) : nil })
        }
    }

    /// One row being appended in a writer's format: CSV cells, or a JSON object's fields
    /// named by `columns`, in order.
    struct RowBytes: CellSink {
        let format: Format
        let columns: [String]
        private var out: [UInt8]
        private var cell = 0

        /// A row appended to the bytes of `text`, which it takes over until ``finish()`` hands them back.
        init(format: Format, columns: [String], continuing text: inout [UInt8]) {
            self.format = format
            self.columns = columns
            out = text
            text = []
        }

        /// Starts the cell: a separator, and the field name in JSON.
        private mutating func next() {
            switch format {
            case .csv:
                if cell > 0 { out.append(UInt8(ascii: ",")) }
            case .jsonl:
                out.append(UInt8(ascii: cell == 0 ? "{" : ","))
                out.appendJSONString(columns[cell])
                out.append(UInt8(ascii: ":"))
            }
            cell += 1
        }

        /// A text cell.
        mutating func text(_ s: String) {
            next()
            if format == .csv { out.appendCSVField(s) } else { out.appendJSONString(s) }
        }

        /// A number rounded to `digits` decimals; empty (CSV) or null (JSON) when unknown or not finite.
        mutating func number(_ v: Double?, _ digits: Int) {
            next()
            guard let v, v.isFinite else {
                if format == .jsonl { out.append(contentsOf: Array("null".utf8)) }
                return
            }
            out.appendDecimal(v, digits: digits)
        }

        /// The bytes with the row's end.
        mutating func finish() -> [UInt8] {
            if format == .jsonl { out.append(UInt8(ascii: "}")) }
            out.append(10)
            return out
        }
    }
}
