import ArgumentParser
import Foundation
import Whitespot

/// `whitespot run JOB.toml`: the weekly job in one command (docs/job-file.md).
///
/// ```
/// $ whitespot run weekly.toml
/// whitespot: weekly/2026-11-30: re-tuning: 4 runs since the last tuning (re-tune every 4)
/// whitespot: scored 793 customers ... → postgresql://crm@db/sales table recommendations run weekly/2026-11-30
/// whitespot: weekly/2026-11-30: ok in 41.2 s (models/whitespot-20261130-060012.safetensors)
/// ```
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a job file: read the orders, re-tune when due, train, score, write, and log the run.",
        discussion: """
            Every run reads the orders, trains a model with the tuned setting (re-tuning first when there is no \
            tuned model, every N runs, or when the data changed by more than a threshold), publishes it into the \
            model directory as latest, prunes old models, scores every customer and writes the recommendations; \
            it appends one JSON line to the run log and, with a database output, a row to whitespot_job_runs \
            (and the evaluation to whitespot_evaluations and whitespot_evaluation_runs when it re-tuned). Relative paths in the job file are \
            relative to the job file's folder. Exit codes: \(JobExit.allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")).
            """)

    @Argument(help: ArgumentHelp("The job file (TOML; see docs/job-file.md).", valueName: "job.toml"))
    var jobFile: String

    @Option(name: .customLong("run-date"), help: ArgumentHelp("The day the run belongs to (default: today, UTC).", valueName: "yyyy-MM-dd"))
    var runDate: String?

    /// The ways a run ends, for schedulers (documented in docs/job-file.md).
    enum JobExit: Int32, CaseIterable {
        case ok = 0, failed = 1, jobFile = 2, input = 3, model = 4, output = 5

        /// What the code means and what to do.
        var meaning: String {
            switch self {
            case .ok: return "done"
            case .failed: return "unexpected failure"
            case .jobFile: return "the job file is wrong (fix it; retrying will not help)"
            case .input: return "the orders or a side file could not be read or are invalid (nothing was written)"
            case .model: return "tuning, training or the model directory failed (nothing was written)"
            case .output: return "the recommendations or the run records could not be written (the previous run's rows are untouched)"
            }
        }
    }

    /// An error already reported, ending the run with `exit`.
    struct Stop: Error {
        var exit: JobExit
        var message: String
    }

    func run() throws {
        let job: JobFile
        do { job = try JobFile(path: jobFile) } catch let e as JobFile.Problem {
            Console.warn("\(e)")
            throw ExitCode(JobExit.jobFile.rawValue)
        }
        let folder = (jobFile as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.changeCurrentDirectoryPath(folder) {
            Console.warn("\(folder): cannot enter the job file's folder")
            throw ExitCode(JobExit.jobFile.rawValue)
        }
        let date: String
        do { date = try ScoringRun(job: job.name, runDate: runDate).runDate } catch {
            Console.warn("\(error)")
            throw ExitCode(JobExit.jobFile.rawValue)
        }
        var record = JobRun(job: job.name, runDate: date)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try perform(job, &record)
            record.status = "ok"
            record.exitCode = 0
        } catch let stop as Stop {
            record.message = stop.message
            record.exitCode = stop.exit.rawValue
        } catch {
            record.message = "\(error)"
        }
        record.seconds["total"] = (clock.now - started).seconds
        var exit = JobExit(rawValue: record.exitCode) ?? .failed
        do { try RunLog(path: job.log).append(record) } catch {
            Console.warn("\(error)")
            if exit == .ok { exit = .output }
        }
        if let (location, table) = job.outputDatabase {
            do { try JobRecordStore(database: location, beside: table).record(record) } catch {
                Console.warn("cannot record the run in \(location): \(error)")
                if exit == .ok { exit = .output }
            }
        }
        let outcome = exit == .ok ? "ok" : "failed (exit \(exit.rawValue): \(exit.meaning))"
        Console.warn("\(record.runID): \(outcome) in \(TextFormat.amount(record.seconds["total"] ?? 0, decimals: 1)) s"
            + (record.model.map { " (\($0))" } ?? ""))
        if exit != .ok { throw ExitCode(exit.rawValue) }
    }

    /// Runs the stages; each failure is reported to standard error and thrown as a ``Stop``.
    private func perform(_ job: JobFile, _ record: inout JobRun) throws {
        let clock = ContinuousClock()
        func stage<T>(_ exit: JobExit, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let stop as Stop { throw stop } catch let e as ExitCode {
                // Already reported by the command code (Console.exitOnError).
                throw Stop(exit: e == .success ? .failed : exit, message: "see the messages before this line")
            } catch let e as ValidationError {
                Console.warn("\(jobFile): \(e.message)")
                throw Stop(exit: .jobFile, message: e.message)
            } catch {
                let message = "\(error)"
                Console.warn(message)
                throw Stop(exit: exit, message: message)
            }
        }
        func parse<C: ParsableArguments>(_ type: C.Type, _ arguments: [String]) throws -> C {
            do { return try C.parse(arguments) } catch {
                let message = C.message(for: error)
                Console.warn("\(jobFile): \(message)")
                throw Stop(exit: .jobFile, message: message)
            }
        }
        // Every command the job runs is parsed first: a wrong key value stops before any work.
        let orders = try parse(OrderOptions.self, job.orders)
        let training = try parse(TrainingOptions.self, job.training)
        let out = ["--job", job.name, "--run-date", record.runDate]
        let score = try parse(Score.self, job.orders + job.list + job.score + out)
        let history = try stage(.jobFile) { try RunLog(path: job.log).runs() }

        var mark = clock.now
        let (lines, ingest) = try stage(.input) { try orders.load() }
        record.ordersSource = orders.sourceName
        record.linesRead = ingest.linesRead
        record.linesKept = ingest.linesKept
        record.customers = lines.customers.count
        record.products = lines.products.count
        record.firstDay = ingest.firstDay.map(Days.iso)
        record.lastDay = ingest.lastDay.map(Days.iso)
        record.seconds["read"] = (clock.now - mark).seconds
        let readSeconds = record.seconds["read"] ?? 0

        mark = clock.now
        let registry = ModelRegistry(directory: job.modelDirectory)
        let latest = (try? registry.latestPath()).flatMap { try? WhitespotModel.load(from: $0) }
        let decision = job.retune.decide(job: job.name, history: history, model: latest, match: latest?.match(lines), lines: lines.count)
        record.dataChange = decision.change
        record.tuneReason = decision.reason
        Console.warn("\(record.runID): " + (decision.retune ? "re-tuning: " : "") + decision.reason)
        var model: WhitespotModel
        if decision.retune {
            guard let last = ingest.lastDay else { throw Stop(exit: .input, message: "no dated order lines") }
            let cutoff = Days.iso(last - Int32(job.testDays) + 1)
            let evaluate = try parse(Evaluate.self, job.orders + job.training + job.list + job.grid + job.evaluation + ["--cutoff", cutoff, "--tune"])
            let (evaluation, segmentBy) = try stage(.model) { () throws -> (EvaluationRun, SegmentSource) in
                let (run, segmentBy) = try evaluate.evaluate(lines, ingest: ingest, options: try evaluate.evaluationOptions())
                return (run, segmentBy)
            }
            record.seconds["tune"] = (clock.now - mark).seconds
            record.tuned = true
            if let headline = evaluation.summary.headline {
                record.headlineMetric = "\(headline.metric)@\(evaluation.summary.k)"
                record.headlineValue = headline.methodValue
                record.baselineValue = headline.baselineValue
            }
            if let (location, table) = job.outputDatabase {
                try stage(.output) {
                    var evaluated = try EvaluationRecord(job: record.job, runDate: record.runDate)
                    evaluated.ordersSource = orders.sourceName
                    evaluated.dataFingerprint = EvaluationRecord.fingerprint(of: lines)
                    try JobRecordStore(database: location, beside: table).record(evaluation: evaluation.summary, run: evaluated)
                }
            }
            mark = clock.now
            model = try stage(.model) { try evaluate.finalModel(lines, ingest: ingest, run: evaluation, segmentBy: segmentBy) }
        } else if let latest {
            let setting = ModelSetting(tunedIn: latest, training: training.parameters)
            model = try stage(.model) {
                try setting.train(lines: lines, segmentSource: orders.segmentSource(for: lines),
                                  dataDescription: orders.dataDescription(ingest))
            }
        } else {
            throw Stop(exit: .failed, message: "no model to reuse")
        }
        let path = try stage(.model) { try registry.save(model) }
        record.model = path
        record.blend = model.blend
        record.factors = model.factors
        record.regularization = model.parameters.regularization
        record.alpha = model.parameters.alpha
        record.dataFingerprint = model.dataFingerprint
        if let keep = job.keep { record.modelsRemoved = try stage(.model) { try registry.prune(keep: keep).count } }
        record.seconds["train"] = (clock.now - mark).seconds

        mark = clock.now
        var scoring = score
        scoring.location.model = path
        let summary = try stage(.output) { try scoring.score(lines, ingest: ingest, readSeconds: readSeconds) }
        record.recommendations = summary.recommendations
        record.output = summary.output
        record.seconds["score"] = (clock.now - mark).seconds
    }
}
