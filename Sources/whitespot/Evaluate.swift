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

            --tune picks factors, regularization, alpha and the blend weight on a validation cutoff inside the \
            training period (default: the date that leaves the last ~15 % of training lines for validation), by \
            the delivered list's validation ndcg@K, then refits on all training lines; the test period is never looked at while choosing. \
            --save-model then trains on all order lines with the chosen setting and stores the blend weight in the \
            model, so that `score` uses it by default.
            """)

    @OptionGroup var input: OrderOptions

    @Option(help: ArgumentHelp("First day of the test period (yyyy-MM-dd).", valueName: "date"))
    var cutoff: String

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
    var validationCutoff: String?

    @Option(name: .customLong("grid-factors"), help: ArgumentHelp(
        "Factors tried by --tune (default: \(Self.list(TuningGrid().factors.map(Double.init))))).", valueName: "list"))
    var gridFactors: String?

    @Option(name: .customLong("grid-regularization"), help: ArgumentHelp(
        "Regularization values tried by --tune (default: \(Self.list(TuningGrid().regularization))).", valueName: "list"))
    var gridRegularization: String?

    @Option(name: .customLong("grid-alpha"), help: ArgumentHelp(
        "Alpha values tried by --tune (default: \(Self.list(TuningGrid().alpha))).", valueName: "list"))
    var gridAlpha: String?

    @Option(name: .customLong("grid-blend"), help: ArgumentHelp(
        "Blend weights tried by --tune (default: \(Self.list(TuningGrid().blend))).", valueName: "list"))
    var gridBlend: String?

    @Option(name: .customLong("save-model"), help: ArgumentHelp(
        "Train on all order lines with the evaluated (or tuned) setting and save the model, blend weight included, here.",
        valueName: "path"))
    var saveModel: String?

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

    func run() throws {
        guard k >= 1 else { throw ValidationError(EvaluationError.badK(k).description) }
        var options: EvaluationOptions
        do {
            options = EvaluationOptions(cutoff: try EvaluationError.parseCutoff(cutoff))
            options.validationCutoff = try validationCutoff.map(EvaluationError.parseCutoff)
            if tune {
                var grid = TuningGrid()
                if let gridFactors {
                    let values = try TuningGrid.parseList(gridFactors, option: "--grid-factors")
                    guard values.allSatisfy({ $0 >= 1 && $0 <= 1_000_000 && $0.rounded() == $0 }) else {
                        throw ValidationError("--grid-factors: whole numbers from 1 to 1,000,000, got \(gridFactors)")
                    }
                    grid.factors = values.map { Int($0) }
                }
                if let gridRegularization {
                    grid.regularization = try TuningGrid.parseList(gridRegularization, option: "--grid-regularization")
                }
                if let gridAlpha { grid.alpha = try TuningGrid.parseList(gridAlpha, option: "--grid-alpha") }
                if let gridBlend { grid.blend = try TuningGrid.parseList(gridBlend, option: "--grid-blend") }
                options.tuning = grid
            }
        } catch let error as EvaluationError {
            throw ValidationError(error.description)
        }
        if let model {
            guard !tune else { throw ValidationError(EvaluationError.tuningGivenFactors.description) }
            options.factors = try Console.exitOnError { KeyedFactors(try WhitespotModel.load(from: model)) }
        }
        guard recentDays >= 1 else { throw ValidationError("--recent-days must be at least 1, got \(recentDays)") }
        options.k = k
        options.training = training.parameters
        options.scoring = try list.configuration(top: k, input: input)
        options.recentDays = recentDays
        let (lines, ingest) = try input.load()
        options.segmentBy = input.segmentSource(for: lines)
        if input.customersFile != nil {
            Console.warn("note: segments come from --customers-file, a snapshot of today: they may postdate the cutoff")
        }
        try Self.checkSizes(
            k: k, factors: options.tuning?.factors ?? [options.factors?.factors ?? training.factors], training: training.parameters,
            lines: lines)

        let run = try Console.exitOnError {
            try HeldOutEvaluation.run(
                lines, orders: input.sourceName, options: options, profile: Self.profile(ingest), progress: Console.status)
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
        if let saveModel {
            try Console.exitOnError(saveModel) {
                Console.status("training the model to save on all \(lines.count) order lines")
                var model = try ALSTrainer.train(
                    lines: lines, segmentSource: options.segmentBy, parameters: run.training, dataDescription: input.dataDescription(ingest))
                model.blend = run.blend
                try model.save(to: saveModel)
            }
        }
        if json {
            print(String(decoding: try run.summary.json(), as: UTF8.self))
        } else {
            if let t = run.summary.tuning { print(Self.gridTable(t)) }
            print(run.summary.table(), terminator: "")
        }
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

    /// A grid axis as the user writes it: "0.01,1,10".
    static func list(_ values: [Double]) -> String {
        values.map { MethodParameter.Value.number($0).description }.joined(separator: ",")
    }

    /// The data-profile facts of the report, from the ingest report.
    static func profile(_ r: IngestReport) -> [EvaluationSummary.ProfileFact] {
        var facts: [EvaluationSummary.ProfileFact] = [
            .init("Order lines read", Double(r.linesRead)), .init("Order lines kept", Double(r.linesKept)),
        ]
        if let range = r.dateRange { facts.append(.init("Dates", text: range)) }
        if r.noCustomer > 0 { facts.append(.init("Lines without a customer (dropped)", Double(r.noCustomer))) }
        if r.excluded > 0 { facts.append(.init("Lines of excluded products (dropped)", Double(r.excluded))) }
        if r.returnLines > 0 { facts.append(.init("Return lines (netted against purchases)", Double(r.returnLines))) }
        if r.skippedCount > 0 { facts.append(.init("Bad lines skipped", Double(r.skippedCount))) }
        if let level = r.productLevel { facts.append(.init("Products rolled up to", text: level)) }
        if r.customersFromFile > 0 {
            facts.append(.init("Segments", text: "from the customer file, a snapshot of today: they may postdate the cutoff"))
        }
        return facts
    }

    /// The tuning grid as text: every setting with its validation figures, the chosen one marked.
    static func gridTable(_ t: TuningReport) -> String {
        var out = ["tuning on validation cutoff \(t.validationCutoff) (\(t.validationCustomers) evaluated customers), chosen by \(t.criterion):"]
        for (i, trial) in t.trials.enumerated() {
            let settings = trial.parameters.filter { ["factors", "regularization", "alpha", "blend"].contains($0.name) }
                .map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            let figures = ["precision", "recall", "ndcg", "map"]
                .map { "\($0) " + String(format: "%.4f", trial.metrics[$0]) }.joined(separator: "  ")
            out.append("\(i == t.chosen ? "*" : " ") \(settings)  \(figures)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
