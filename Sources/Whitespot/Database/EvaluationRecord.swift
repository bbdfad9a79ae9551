import Foundation

/// One evaluation as the evaluation tables record it (see `docs/database-schema.md`): its run id
/// `job/run-date`, when it was written, and which orders it measured.
///
/// ```swift
/// var record = try EvaluationRecord(job: "weekly-eval", runDate: "2025-06-02")
/// record.runID   // "weekly-eval/2025-06-02"
/// ```
public struct EvaluationRecord: Sendable, Equatable {
    /// The job name (`--job`, default `evaluate`).
    public var job: String
    /// The day the evaluation belongs to, `yyyy-MM-dd` (default: today, UTC).
    public var runDate: String
    /// When the rows were written, ISO 8601 UTC.
    public var createdAt: String
    /// Where the orders came from (a file path, or a database and table/query; no password).
    public var ordersSource = ""
    /// The purchase fingerprint of all order lines evaluated (``PurchaseMatrix/fingerprint(customers:products:)``),
    /// the one a model trained on them carries.
    public var dataFingerprint = ""

    /// An evaluation of `job` on `runDate`, created now.
    /// - Throws: ``DatabaseError`` when `runDate` is not `yyyy-MM-dd` or `job` is empty.
    public init(job: String = "evaluate", runDate: String? = nil, createdAt: Date = Date()) throws {
        (self.runDate, self.createdAt) = try ScoringRun.checkedDay(job: job, runDate: runDate, createdAt: createdAt)
        self.job = job
    }

    /// `job/run-date`: the key of the evaluation's rows.
    public var runID: String { "\(job)/\(runDate)" }

    /// The fingerprint of `lines` as a model trained on all of them records it.
    /// - Complexity: O(lines · log(lines)) (builds the purchase matrix).
    public static func fingerprint(of lines: OrderLines) -> String {
        PurchaseMatrix(lines).fingerprint(customers: lines.customers, products: lines.products)
    }
}
