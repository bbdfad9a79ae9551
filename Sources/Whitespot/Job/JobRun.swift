import Foundation

/// One run of a scheduled job (`whitespot run JOB.toml`), as the run log and the job-runs
/// table record it (see `docs/job-file.md`): what was read, whether the model was re-tuned and
/// why, which model scored, how many rows went where, how long each stage took, and how it ended.
public struct JobRun: Codable, Sendable, Equatable {
    /// The job name.
    public var job: String
    /// The day the run belongs to, `yyyy-MM-dd`.
    public var runDate: String
    /// `job/run-date`, the run id of the recommendations written.
    public var runID: String
    /// When the run started, ISO 8601 UTC.
    public var startedAt: String
    /// `ok` or `failed`.
    public var status = "failed"
    /// The process exit code (documented in `docs/job-file.md`).
    public var exitCode: Int32 = 1
    /// What went wrong, for a failed run (never a password).
    public var message: String?
    /// Where the orders came from.
    public var ordersSource: String?
    /// Order records read and kept.
    public var linesRead: Int?
    /// Order lines kept after validation and filters.
    public var linesKept: Int?
    /// Customers in the orders.
    public var customers: Int?
    /// Products in the orders.
    public var products: Int?
    /// First order day, `yyyy-MM-dd`.
    public var firstDay: String?
    /// Last order day, `yyyy-MM-dd`.
    public var lastDay: String?
    /// The purchase fingerprint of the orders (`fnv1a64:…`).
    public var dataFingerprint: String?
    /// How much the data changed since the last tuning, as ``RetunePolicy`` measures it.
    public var dataChange: Double?
    /// Whether this run re-tuned the hyper-parameters.
    public var tuned = false
    /// Why it re-tuned, or why not.
    public var tuneReason: String?
    /// The model file trained and used for scoring.
    public var model: String?
    /// The blend weight scored with.
    public var blend: Double?
    /// Embedding factors of the model.
    public var factors: Int?
    /// Regularisation λ of the model.
    public var regularization: Double?
    /// Confidence weight α of the model.
    public var alpha: Double?
    /// The metric of the evaluation's headline (the delivered list against the strongest
    /// baseline on the test period), when the run evaluated.
    public var headlineMetric: String?
    /// The delivered list's figure on that metric.
    public var headlineValue: Double?
    /// The strongest baseline's figure on that metric.
    public var baselineValue: Double?
    /// Recommendation rows written.
    public var recommendations: Int?
    /// Where the recommendations went.
    public var output: String?
    /// Old model files removed by retention.
    public var modelsRemoved: Int?
    /// Wall-clock seconds per stage: read, tune, train, score, total.
    public var seconds: [String: Double] = [:]

    /// A run of `job` on `runDate`, started `startedAt`.
    public init(job: String, runDate: String, startedAt: Date = Date()) {
        self.job = job
        self.runDate = runDate
        self.runID = "\(job)/\(runDate)"
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "UTC")
        self.startedAt = format.string(from: startedAt)
    }
}

/// The run log: one JSON object per line (``JobRun``), appended after every run, read back to
/// decide when to re-tune.
///
/// ```swift
/// let log = RunLog(path: "runs.jsonl")
/// try log.append(run)
/// let history = try log.runs()   // oldest first
/// ```
public struct RunLog: Sendable {
    /// The JSON lines file.
    public let path: String

    /// A log at `path` (created by the first append).
    public init(path: String) { self.path = path }

    /// Appends `run` as one line (one `write` on a file opened for appending, so concurrent
    /// jobs never interleave within a line).
    /// - Throws: ``RunLogError`` when the file cannot be written.
    public func append(_ run: JobRun) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(run)
        line.append(UInt8(ascii: "\n"))
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunLogError(path: path, line: nil, problem: "cannot open for appending (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw RunLogError(path: path, line: nil, problem: "cannot append (\(String(cString: strerror(errno))))") }
    }

    /// Every run in the log, oldest first; an empty list when the file does not exist yet.
    /// - Throws: ``RunLogError`` naming the line that is not a run record.
    public func runs() throws -> [JobRun] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunLogError(path: path, line: nil, problem: "cannot read")
        }
        let decoder = JSONDecoder()
        var runs: [JobRun] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do { runs.append(try decoder.decode(JobRun.self, from: Data(line))) } catch {
                throw RunLogError(path: path, line: i + 1, problem: "not a run record written by whitespot run")
            }
        }
        return runs
    }
}

/// A run log that cannot be read or appended to.
public struct RunLogError: Error, CustomStringConvertible, Sendable {
    /// The log file.
    public var path: String
    /// The 1-based line, when one line is at fault.
    public var line: Int?
    /// What is wrong.
    public var problem: String

    /// `path:line: problem`.
    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(problem)" }
}
