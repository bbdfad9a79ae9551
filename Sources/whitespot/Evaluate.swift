import ArgumentParser
import Foundation
import Whitespot

/// `whitespot evaluate`: held-out evaluation at a cutoff date (shared/EVALUATION.md).
///
/// ```
/// $ whitespot evaluate "Sample - Superstore.csv" --columns ... --cutoff 2019-07-01 --tune --report report.html
/// method               precision@10  recall@10  hit@10  ndcg@10  map@10  coverage@10  parameters
/// popularity                 0.0042     0.0347  0.0402   0.0170  0.0092       0.0123
/// ...
/// ```
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how well each method predicts the products customers buy for the first time after a cutoff date.",
        discussion: """
            Trains on the order lines dated before --cutoff and tests on the lines on or after it. A customer is \
            evaluated when they bought after the cutoff a catalogue product they had not bought before; for each such \
            customer every method ranks the products they have not bought (score descending, ties by product id in \
            byte order) and the first K are compared with what they really bought. Methods: the baselines \
            popularity, segment-penetration (the classic whitespot ranking) and both counted over the last \
            --recent-days before the cutoff; matrix factorisation (raw embedding scores); the blend \
            (w · affinity + (1 − w) · penetration, the plain ranking); and the delivered list: what `score` \
            writes with the same list flags (life cycle, variants, sales rules), new products only, the \
            headline, compared with the strongest baseline. Deep-sells are judged apart: fulfilled when the \
            customer bought more per year after the cutoff than before. Metrics: precision, recall, hit rate, \
            NDCG and MAP at K, averaged over evaluated customers, and catalogue coverage.

            --tune picks the model family (als, ease, ensemble), its hyper-parameters (ALS: factors, regularization, \
            alpha; EASE: regularization; ensemble: its weight v), the recency half-life, the segments of the \
            penetration term and the blend weight on a validation cutoff inside the \
            training period (default: the date that leaves the last ~15 % of training lines for validation), by \
            the delivered list's validation ndcg@K, then refits on all training lines; the test period is never looked at while choosing. \
            ALS is searched over factors x regularization x alpha, then its best fit over the other half-lives; \
            EASE over regularization x half-life; the ensemble combines the best ALS and EASE fits at every \
            --grid-ensemble-weight; the best setting of all is then tried with every other --grid-segments \
            source, and the best of those with every other --grid-penetration-window (the penetration term \
            counted over the last N days before the cutoff only). Data with more products than EASE's limit tune ALS only. \
            --save-model then trains on all order lines with the chosen setting and stores it, blend weight \
            included, in the model, so that `score` uses it by default; --save-model-dir publishes that model into \
            a model directory as its latest.
            """)

    @OptionGroup var input: OrderOptions

    @Option(help: ArgumentHelp("First day of the test period (yyyy-MM-dd).", valueName: "date"))
    var cutoff: ISODate

    @Option(help: "Length K of the lists the headline figures are measured on.")
    var k = 10

    @OptionGroup(title: "Model") var training: TrainingOptions

    @OptionGroup(title: "The list (as score takes it)") var list: ListOptions

    @Option(name: .customLong("recent-days"), help: ArgumentHelp(
        "Trailing window of the recent popularity and recent segment-penetration baselines, in days before the cutoff.",
        valueName: "days"))
    var recentDays = EvaluationOptions(cutoff: 0).recentDays

    @Flag(help: "Tune the model on a validation split inside the training period first.")
    var tune = false

    @Option(name: .customLong("validation-cutoff"), help: ArgumentHelp(
        "Validation cutoff for --tune (yyyy-MM-dd, before --cutoff); default: leaves the last ~15 % of training lines.",
        valueName: "date"))
    var validationCutoff: ISODate?

    @Option(name: .customLong("grid-factors"), help: ArgumentHelp(
        "Factors tried by --tune: comma-separated whole numbers from 1 to 1,000,000 (default: \(NumberList.text(TuningGrid().factors.map(Double.init))))).",
        valueName: "list"))
    var gridFactors: FactorList?

    @Option(name: .customLong("grid-regularization"), help: ArgumentHelp(
        "Regularization values tried by --tune: comma-separated numbers ≥ 0 (default: \(NumberList.text(TuningGrid().regularization))).",
        valueName: "list"))
    var gridRegularization: NumberList?

    @Option(name: .customLong("grid-alpha"), help: ArgumentHelp(
        "Alpha values tried by --tune: comma-separated numbers ≥ 0 (default: \(NumberList.text(TuningGrid().alpha))).",
        valueName: "list"))
    var gridAlpha: NumberList?

    @Option(name: .customLong("grid-families"), help: ArgumentHelp(
        "Model families tried by --tune (default: \(TuningGrid().families.map(\.rawValue).joined(separator: ","))).",
        valueName: "list"))
    var gridFamilies: FamilyList?

    @Option(name: .customLong("grid-ease-regularization"), help: ArgumentHelp(
        "EASE λ values tried by --tune: comma-separated numbers > 0 (default: \(NumberList.text(TuningGrid().easeRegularization))).",
        valueName: "list"))
    var gridEaseRegularization: NumberList?

    @Option(name: .customLong("grid-half-life"), help: ArgumentHelp(
        "Recency half-lives in days tried by --tune, 0 for no decay (default: \(NumberList.text(TuningGrid().halfLife.map { $0 ?? 0 }))).",
        valueName: "list"))
    var gridHalfLife: NumberList?

    @Option(name: .customLong("grid-blend"), help: ArgumentHelp(
        "Blend weights tried by --tune: comma-separated numbers ≥ 0 (default: \(NumberList.text(TuningGrid().blend))).",
        valueName: "list"))
    var gridBlend: NumberList?

    @Option(name: .customLong("grid-ensemble-weight"), help: ArgumentHelp(
        "Ensemble weights v tried by --tune with the best als and ease fits: comma-separated numbers from 0 to 1 (default: \(NumberList.text(TuningGrid().ensembleWeight))).",
        valueName: "list"))
    var gridEnsembleWeight: NumberList?

    @Option(name: .customLong("grid-segments"), help: ArgumentHelp(
        "Segment sources of the penetration term tried by --tune with the best fit, beside --segment-by's: comma-separated column|rfm|column+rfm|all (default: \(TuningGrid().segments.map(\.rawValue).joined(separator: ","))); column sources only when the data has a segment column.",
        valueName: "list"))
    var gridSegments: SegmentSourceList?

    @Option(name: .customLong("grid-penetration-window"), help: ArgumentHelp(
        "Trailing windows of the penetration term tried by --tune with the best setting, beside --penetration-window's: comma-separated whole numbers of days, 0 for every purchase (default: \(NumberList.text(TuningGrid().penetrationWindow.map { Double($0 ?? 0) }))).",
        valueName: "list"))
    var gridPenetrationWindow: NumberList?

    @Option(name: .customLong("save-model"), help: ArgumentHelp(
        "Train on all order lines with the evaluated (or tuned) setting and save the model, blend weight included, here.",
        valueName: "path"))
    var saveModel: String?

    @Option(name: .customLong("save-model-dir"), help: ArgumentHelp(
        "Like --save-model, but publish the model into this model directory and point its 'latest' at it, so that score, and train --params-from, use it.",
        valueName: "dir"))
    var saveModelDirectory: String?

    @Option(help: ArgumentHelp(
        "Measure this model (trained on the lines before --cutoff, e.g. by import-factors --before) instead of training one.",
        valueName: "path"))
    var model: String?

    @Flag(help: "Print every figure as JSON (one object per method) instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file.html"))
    var report: String?

    @Flag(help: "Print the wall-clock seconds of every stage (split, tuning, fit, each method) to standard error.")
    var timings = false

    @Option(name: .customLong("out-db"), help: ArgumentHelp(
        "Also write the methods table into a database: postgresql://... (PG* environment variables fill in the rest), sqlite:///path.db or a SQLite file path. One transaction: the run's earlier rows are replaced.",
        valueName: "uri"))
    var outDB: String?

    @Option(name: .customLong("out-table"), help: ArgumentHelp(
        "With --out-db: the methods table (name or schema.name; the table whitespot_evaluation_runs sits next to it).", valueName: "name"))
    var outTable = "whitespot_evaluations"

    @Option(help: ArgumentHelp("With --out-db: the job name; the run id is job/run-date, so a re-run the same day replaces that run's rows.", valueName: "name"))
    var job = "evaluate"

    @Option(name: .customLong("run-date"), help: ArgumentHelp("With --out-db: the day the evaluation belongs to (default: today, UTC).", valueName: "yyyy-MM-dd"))
    var runDate: String?

    func validate() throws {
        if saveModel != nil && saveModelDirectory != nil { throw ValidationError("give --save-model or --save-model-dir, not both") }
        _ = try store()
    }

    /// The store and the record `--out-db`, `--out-table`, `--job` and `--run-date` describe.
    private func store() throws -> (EvaluationStore, EvaluationRecord)? {
        guard let outDB else { return nil }
        do {
            return (EvaluationStore(database: try DatabaseLocation(outDB), table: try SQLName(outTable)),
                    try EvaluationRecord(job: job, runDate: runDate))
        } catch let e as DatabaseError { throw ValidationError("--out-db: \(e)") }
    }

    func run() throws {
        let options = try evaluationOptions()
        let (lines, ingest) = try input.load()
        let database = try store()
        // Taken before the evaluation, so that without --save-model the lines can go to it and be
        // freed once split.
        let fingerprint = database == nil ? "" : EvaluationRecord.fingerprint(of: lines)
        let run: EvaluationRun
        if let destination = saveModel ?? saveModelDirectory {
            let segmentBy: SegmentSource
            (run, segmentBy) = try evaluate(lines, ingest: ingest, options: options)
            try Console.exitOnError(destination) {
                let model = try finalModel(lines, ingest: ingest, run: run, segmentBy: segmentBy)
                if let saveModel {
                    try model.save(to: saveModel)
                } else {
                    Console.warn("saved \(try ModelRegistry(directory: destination).save(model)) (now latest)")
                }
            }
        } else {
            (run, _) = try evaluate(consume lines, ingest: ingest, options: options)
        }
        if json {
            print(String(decoding: try run.summary.json(), as: UTF8.self))
        } else {
            if let t = run.summary.tuning { print(Self.gridTable(t)) }
            print(run.summary.table(), terminator: "")
        }
        if let (store, record) = database {
            var record = record
            record.ordersSource = input.sourceName
            record.dataFingerprint = fingerprint
            try Console.exitOnError { try store.write(run.summary, run: record) }
            Console.warn("wrote \(run.summary.methods.count) methods of run \(record.runID) into \(store.database) tables \(store.table) and \(store.runs)")
        }
    }

    /// The evaluation options these flags describe (segments are set by ``evaluate(_:ingest:options:)``).
    func evaluationOptions() throws -> EvaluationOptions {
        guard k >= 1 else { throw ValidationError(FlagNames.message(EvaluationError.badK(k))) }
        var options = EvaluationOptions(cutoff: cutoff.day)
        options.validationCutoff = validationCutoff?.day
        if tune {
            var grid = TuningGrid()
            if let gridFactors { grid.factors = gridFactors.values }
            if let gridRegularization { grid.regularization = gridRegularization.values }
            if let gridAlpha { grid.alpha = gridAlpha.values }
            if let gridBlend { grid.blend = gridBlend.values }
            if let gridEaseRegularization {
                guard gridEaseRegularization.values.allSatisfy({ $0 > 0 }) else {
                    throw ValidationError("--grid-ease-regularization: values above 0, got \(NumberList.text(gridEaseRegularization.values))")
                }
                grid.easeRegularization = gridEaseRegularization.values
            }
            if let gridHalfLife { grid.halfLife = gridHalfLife.values.map { $0 > 0 ? $0 : nil } }
            if let gridFamilies {
                guard !gridFamilies.values.contains(.ensemble) || Set(gridFamilies.values).isSuperset(of: [.als, .ease]) else {
                    throw ValidationError("--grid-families: ensemble combines the best als and ease fits, give all three")
                }
                grid.families = gridFamilies.values
            }
            if let gridEnsembleWeight {
                for v in gridEnsembleWeight.values {
                    do { try ModelSetting.checkEnsembleWeight(v) } catch { throw ValidationError("--grid-ensemble-weight: " + FlagNames.message(error)) }
                }
                grid.ensembleWeight = gridEnsembleWeight.values
            }
            if let gridSegments { grid.segments = gridSegments.values }
            if let gridPenetrationWindow {
                guard gridPenetrationWindow.values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 <= 36_500 }) else {
                    throw ValidationError("--grid-penetration-window: whole numbers of days from 0 to 36,500, got \(NumberList.text(gridPenetrationWindow.values))")
                }
                grid.penetrationWindow = gridPenetrationWindow.values.map { $0 > 0 ? Int($0) : nil }
            }
            options.tuning = grid
        }
        if let model {
            guard !tune else { throw ValidationError(FlagNames.message(EvaluationError.tuningGivenFactors)) }
            options.factors = try Console.exitOnError { KeyedFactors(try WhitespotModel.load(from: model)) }
        }
        guard recentDays >= 1 else { throw ValidationError("--recent-days must be at least 1, got \(recentDays)") }
        options.k = k
        options.training = training.parameters
        options.family = training.algorithm
        options.ease = training.ease
        options.ensembleWeight = training.ensembleWeight
        options.penetrationWindowDays = training.penetrationWindow
        options.scoring = try list.configuration(top: k, input: input)
        options.recentDays = recentDays
        options.segmentBy = input.segmentBy
        return options
    }

    /// Evaluates (and tunes, with --tune) on `lines`, prints --timings, writes --report;
    /// returns the run and the segment source it used. Takes the lines: passed with `consume`,
    /// they are freed once split.
    func evaluate(_ lines: consuming OrderLines, ingest: IngestReport, options: EvaluationOptions) throws -> (EvaluationRun, SegmentSource) {
        var options = options
        if input.customersFile != nil {
            Console.warn("note: segments come from --customers-file, a snapshot of today: they may postdate the cutoff")
        }
        try Self.checkSizes(
            k: k, factors: options.tuning?.factors ?? [options.factors?.factors ?? training.factors], training: training.parameters,
            lines: lines)
        try Self.checkItemLimit(&options, explicitFamilies: gridFamilies != nil, products: lines.products.count)
        let bar = ProgressBar()
        var pending = Optional(consume lines)  // handed over whole: the closure cannot consume a capture
        let run = try Console.exitOnError {
            try HeldOutEvaluation.run(
                pending.take()!, orders: input.sourceName, options: options, profile: EvaluationSummary.ProfileFact.facts(of: ingest),
                progress: Console.status, trialProgress: bar.update)
        }
        if timings {
            for stage in run.seconds { Console.warn("\(stage.stage): " + String(format: "%.3f s", stage.seconds)) }
        }
        if let report {
            try Console.exitOnError("\(report): cannot write the report") {
                let file = try AtomicFileWriter(path: report)
                try file.write(EvaluationReport.html(run.summary))
                try file.commit()
            }
        }
        return (run, run.summary.segmentSource)
    }

    /// The model to keep: trained on all of `lines` with the setting `run` evaluated (or tuned),
    /// its blend weight stored.
    func finalModel(_ lines: OrderLines, ingest: IngestReport, run: EvaluationRun, segmentBy: SegmentSource) throws -> WhitespotModel {
        Console.status("training the model to save on all \(lines.count) order lines")
        return try run.setting.train(lines: lines, segmentSource: segmentBy, dataDescription: input.dataDescription(ingest))
    }

    /// Refuses a list length longer than the catalogue and factor counts whose training would
    /// not fit in memory, before any work (a K of a billion would allocate gigabytes per list).
    static func checkSizes(k: Int, factors: [Int], training: TrainingParameters, lines: OrderLines) throws {
        guard k <= max(lines.products.count, 1) else {
            Console.warn("--k \(k) is more than the \(TextFormat.count(lines.products.count)) products in the data")
            throw ExitCode.failure
        }
        for f in factors {
            var p = training
            p.factors = f
            try Console.exitOnError {
                try p.checkMemory(customers: lines.customers.count, products: lines.products.count, pairs: lines.count)
            }
        }
    }

    /// Keeps the item-item model within its product limit: a chosen `--algorithm ease` or an
    /// explicit `--grid-families` with ease fails with the limit's message; the default grid
    /// drops ease with a note.
    static func checkItemLimit(_ options: inout EvaluationOptions, explicitFamilies: Bool, products: Int) throws {
        guard products > EASEParameters.productLimit else { return }
        let itemFamilies = options.tuning?.families.contains(where: \.usesItemWeights) == true
        if options.family.usesItemWeights || (explicitFamilies && itemFamilies) {
            try Console.exitOnError { try EASEParameters.checkSize(products: products) }
        }
        if itemFamilies {
            Console.warn("note: \(TextFormat.count(products)) products are more than EASE's limit of "
                + "\(TextFormat.count(EASEParameters.productLimit)): tuning ALS only")
            options.tuning?.families.removeAll(where: \.usesItemWeights)
        }
    }

    /// How many trials the tuning table shows (the JSON holds every one).
    static let gridTableRows = 10

    /// The tuning grid as text: the best settings by validation figure (the chosen one marked),
    /// then how many more were tried; `--json` holds them all.
    static func gridTable(_ t: TuningReport) -> String {
        var out = ["tuning on validation cutoff \(t.validationCutoff) (\(t.validationCustomers) evaluated customers), chosen by \(t.criterion):"]
        // An ensemble's rows also show its EASE λ and weight v, which tell them apart.
        let shown: Set<String> = ["family", "factors", "regularization", "alpha", "halfLifeDays", "ease.regularization",
                                  Setting.ensembleWeight.rawValue, "blend", "segments", Setting.penetrationWindowDays.rawValue]
        let order = t.trials.indices.sorted { t.trials[$0].metrics.ndcg > t.trials[$1].metrics.ndcg || (t.trials[$0].metrics.ndcg == t.trials[$1].metrics.ndcg && $0 < $1) }
        // The chosen trial is always shown, also when the one-standard-error rule kept the simplest.
        let rows = order.prefix(gridTableRows) + (order.prefix(gridTableRows).contains(t.chosen) ? [] : [t.chosen])
        for i in rows {
            let trial = t.trials[i]
            let settings = MethodParameter.text(trial.parameters.filter { shown.contains($0.name) })
            let figures = [RankingMetrics.Metric.precision, .recall, .ndcg, .map]
                .map { "\($0.rawValue) " + String(format: "%.4f", trial.metrics[$0]) }.joined(separator: "  ")
            out.append("\(i == t.chosen ? "*" : " ") \(settings)  \(figures)" + (trial.withinNoise ? "  (window within noise: never chosen)" : ""))
        }
        if t.trials.count > rows.count {
            out.append("  … \(t.trials.count - rows.count) more settings tried (every one in --json)")
        }
        if let g = t.gainOverSimplest, let simplest = t.simplest, simplest != t.highest {
            let figures = String(format: "%.4f against %.4f: paired gain %+.4f, one standard error %.4f",
                                 t.trials[t.highest].metrics.ndcg, t.trials[simplest].metrics.ndcg, g.mean, g.standardError)
            out.append("  the highest against popularity (the simplest setting), \(figures): "
                + (t.keptSimplest ? "within noise, popularity kept" : "beyond noise, the highest chosen"))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
