import Foundation

/// One scoring run as the runs table records it (see `docs/database-schema.md`).
///
/// The run id is `job/run-date`: running the same job again on the same day replaces that
/// run's rows; another day or another job adds a run.
///
/// ```swift
/// var run = ScoringRun(job: "weekly", runDate: "2025-06-02")
/// run.runID   // "weekly/2025-06-02"
/// ```
public struct ScoringRun: Sendable, Equatable {
    /// The job name (`--job`, default `score`).
    public var job: String
    /// The day the run belongs to, `yyyy-MM-dd` (default: today, UTC).
    public var runDate: String
    /// When the rows were written, ISO 8601 UTC (`2025-06-02T06:00:00Z`).
    public var createdAt: String
    /// Where the orders came from (a file path, or a database and table/query; no password).
    public var ordersSource = ""
    /// Order records read.
    public var linesRead = 0
    /// Order lines kept after validation and filters.
    public var linesKept = 0
    /// Customers and products in the scoring data.
    public var customers = 0
    /// Products in the scoring data.
    public var products = 0
    /// First and last order day, `yyyy-MM-dd`.
    public var firstDay: String?
    /// Last order day.
    public var lastDay: String?
    /// The purchase fingerprint of the scoring data (FNV-1a 64 over the purchase pairs, hex):
    /// equal orders give equal fingerprints.
    public var dataFingerprint = ""
    /// The model file used.
    public var model = ""
    /// Recommendations written (set by the store).
    public var recommendations = 0

    /// A run of `job` on `runDate`, created now.
    /// - Throws: ``DatabaseError`` when `runDate` is not `yyyy-MM-dd` or `job` is empty.
    public init(job: String = "score", runDate: String? = nil, createdAt: Date = Date()) throws {
        (self.runDate, self.createdAt) = try Self.checkedDay(job: job, runDate: runDate, createdAt: createdAt)
        self.job = job
    }

    /// The run date (`runDate`, or the UTC day of `createdAt`) and `createdAt` as ISO 8601 UTC,
    /// once `job` and the date are checked.
    /// - Throws: ``DatabaseError`` when `runDate` is not `yyyy-MM-dd` or `job` is empty or holds '/'.
    static func checkedDay(job: String, runDate: String?, createdAt: Date) throws -> (runDate: String, createdAt: String) {
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "UTC")
        let date = runDate ?? String(format.string(from: createdAt).prefix(10))
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard date.count == 10, parts.count == 3, Days.isValid(year: parts[0], month: parts[1], day: parts[2]),
              Days.iso(Days.from(year: parts[0], month: parts[1], day: parts[2])) == date else {
            throw DatabaseError("run date '\(date)' is not a date written yyyy-MM-dd")
        }
        guard !job.isEmpty, !job.contains("/") else { throw DatabaseError("job name '\(job)' must be non-empty and without '/'") }
        return (date, format.string(from: createdAt))
    }

    /// `job/run-date`: the key of the run's rows.
    public var runID: String { "\(job)/\(runDate)" }
}
