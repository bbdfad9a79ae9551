import Dispatch

/// Settings of one held-out evaluation (`whitespot evaluate`).
public struct EvaluationOptions: Sendable {
    /// The cutoff T: train before, test on and after.
    public var cutoff: Int32
    /// K of the headline figures.
    public var k = 10
    /// Length of the metric@K curves (K = 1...max(k, curve)).
    public var curve = 20
    /// How segments are formed (from train lines only).
    public var segmentBy: SegmentSource = .column
    /// Training hyper-parameters (the fixed part of the setting when tuning).
    public var training = TrainingParameters()
    /// The list configuration, as `score` takes it: blend weight (nil:
    /// ``ScoringConfiguration/defaultBlend``), normalisation, life cycle, variants, candidate
    /// options and sales rules. The delivered list is measured and tuned with exactly this; the
    /// plain blend (a reference row) uses its normalisation only. Its `top` is ignored: lists
    /// are cut at K.
    public var scoring = ScoringConfiguration()
    /// The trailing window of the recent baselines, in days before the cutoff.
    public var recentDays = 90
    /// Tune on a validation split with this grid (nil: no tuning).
    public var tuning: TuningGrid?
    /// The validation cutoff (nil: ``TemporalSplit/validationCutoff``).
    public var validationCutoff: Int32?
    /// Factors trained elsewhere on the lines before the cutoff (`evaluate --model`), measured
    /// instead of a fit; their parameters are printed as the model methods' setting. Cannot
    /// be tuned. nil: fit with ``training``.
    public var factors: KeyedFactors?

    /// Options for `cutoff`, defaults elsewhere.
    public init(cutoff: Int32) { self.cutoff = cutoff }
}

/// The outcome of ``HeldOutEvaluation/run(_:orders:options:profile:progress:)``.
public struct EvaluationRun: Sendable {
    /// Every figure, for the table, the JSON and the report.
    public var summary: EvaluationSummary
    /// The training setting of the model methods (tuned, or as given).
    public var training: TrainingParameters
    /// The blend weight of the blend (tuned, or as given).
    public var blend: Double
    /// Wall-clock seconds of each stage in order ("split", "tuning", "fit", "scorer setup", then one per method).
    public var seconds: [Stage]

    /// One timed stage.
    public struct Stage: Sendable, Encodable {
        /// Stage name.
        public var stage: String
        /// Wall-clock seconds.
        public var seconds: Double
    }
}

/// The whole held-out evaluation of shared/EVALUATION.md: split, optional tuning on a
/// validation split inside train, a fit on all of train, and every method measured on test.
///
/// Methods, in order: the baselines popularity, segment-penetration, recent popularity and
/// recent segment-penetration (the last ``EvaluationOptions/recentDays`` before the cutoff),
/// matrix factorisation (raw x_uᵀy_i), blend (the scorer's plain ranking: w · affinity + (1 − w)
/// · penetration, see ``Scorer``) and the **delivered list**: what `score` writes with the same
/// configuration (life cycle, variants, sales rules), new products only. The delivered list is
/// the headline, compared with the strongest baseline. The scorers see exactly the train lines
/// (prices, life cycle and variants included), so nothing comes from after the cutoff.
/// Deep-sells are judged apart (``DeepSellEvaluation``), and relevant pairs the delivered list
/// may never offer are counted (``NotOffered``).
///
/// Tuning: each grid fit is trained on the lines before the validation cutoff and the delivered
/// list is measured at every grid weight on the validation period (from the validation cutoff to
/// the test cutoff, same protocol); the setting with the highest validation ndcg@K wins (ties:
/// the first in grid order), and is refitted on all train lines. The test period is never looked
/// at while choosing.
///
/// ```swift
/// var options = EvaluationOptions(cutoff: try EvaluationError.parseCutoff("2019-07-01"))
/// options.tuning = TuningGrid()
/// let run = try HeldOutEvaluation.run(lines, orders: "superstore.csv", options: options)
/// print(run.summary.table())
/// ```
public enum HeldOutEvaluation {
    /// Runs the evaluation on `lines`.
    ///
    /// - Parameters:
    ///   - orders: the orders file name, for the summary.
    ///   - profile: facts about the input, shown in the report.
    ///   - progress: short messages as stages start (for a terminal).
    /// - Throws: ``EvaluationError``, ``TrainingError``, ``ScoringError``, or with given
    ///   factors ``FactorImportError``.
    public static func run(
        _ lines: OrderLines, orders: String, options: EvaluationOptions,
        profile: [EvaluationSummary.ProfileFact] = [], progress: (String) -> Void = { _ in }
    ) throws -> EvaluationRun {
        guard options.k >= 1 else { throw EvaluationError.badK(options.k) }
        try options.training.validate()
        var clock = StageClock()
        progress("splitting at \(Days.iso(options.cutoff))")
        let split = try TemporalSplit(lines, cutoff: options.cutoff, segmentBy: options.segmentBy)
        clock.lap("split")

        var training = options.training
        var blend = options.scoring.blend ?? ScoringConfiguration.defaultBlend
        var tuning: TuningReport?
        if let grid = options.tuning {
            let v = options.validationCutoff ?? split.validationCutoff
            guard v < options.cutoff else {
                throw EvaluationError.badValidationCutoff(validation: v, cutoff: options.cutoff)
            }
            let (report, settings) = try tune(split: split, validationCutoff: v, grid: grid, options: options, progress: progress)
            (training, blend) = settings[report.chosen]
            tuning = report
            clock.lap("tuning")
        }

        let factors: FactorPair
        if let given = options.factors {
            guard options.tuning == nil else { throw EvaluationError.tuningGivenFactors }
            factors = try given.aligned(to: split.train.customers, split.train.products, matrix: split.matrix)
            training = given.parameters
        } else {
            progress("training \(training.factors) factors on \(split.counts.trainPairs) purchases")
            factors = try ALSTrainer(parameters: training).fit(split.matrix)
        }
        clock.lap("fit")
        let evaluator = RankingEvaluator(split: split, k: options.k, curve: options.curve, threads: training.threads)
        var scorers = SplitScorers(split: split, options: options, listLength: evaluator.curveLength)
        let plain = try scorers.scorer(factors: factors, training: training, blend: blend, delivered: false)
        let delivered = try scorers.scorer(factors: factors, training: training, blend: blend, delivered: true)
        clock.lap("scorer setup")
        let model = parameters(training)
        let recent = split.recentMatrix(days: options.recentDays)
        let methods: [RankingMethod] = [
            .popularity(split), .segmentPenetration(split),
            .recentPopularity(recent, days: options.recentDays),
            .recentSegmentPenetration(split, recent: recent, days: options.recentDays),
            .matrixFactorisation(customerFactors: factors.customerFactors, productFactors: factors.productFactors,
                                 factors: factors.factors, parameters: model),
            .blend(plain, parameters: model, threads: training.threads),
            .deliveredList(delivered, parameters: model, threads: training.threads),
        ]
        var results: [MethodEvaluation] = []
        for method in methods {
            progress("ranking: \(method.name)")
            results.append(evaluator.evaluate(method))
            clock.lap(method.name)
        }
        var summary = EvaluationSummary(
            orders: orders, split: split, k: options.k, methods: results,
            headlineMethod: RankingMethod.deliveredListName, tuning: tuning, profile: profile)
        summary.notOffered = NotOffered.count(split: split, scorer: delivered)
        if delivered.configuration.rules.offersDeepSells {
            summary.deepSells = DeepSellEvaluation.measure(split: split, scorer: delivered, threads: training.threads)
            clock.lap("deep-sells")
        }
        return EvaluationRun(summary: summary, training: training, blend: blend, seconds: clock.laps)
    }

    /// The hyper-parameters printed beside a model method.
    static func parameters(_ p: TrainingParameters) -> [MethodParameter] {
        var out: [MethodParameter] = [
            .init("factors", .number(Double(p.factors))), .init("iterations", .number(Double(p.iterations))),
            .init("regularization", .number(p.regularization)), .init("alpha", .number(p.alpha)),
            .init("signal", .text(p.signal.rawValue)), .init("scaling", .text(p.scaling.rawValue)),
        ]
        if let h = p.halfLifeDays { out.append(.init("halfLifeDays", .number(h))) }
        out += [.init("solver", .text(p.solver.rawValue))]
        if p.solver == .cg { out.append(.init("cgSteps", .number(Double(p.cgSteps)))) }
        out.append(.init("seed", .number(Double(p.seed))))
        return out
    }

    /// Grid search on the validation split; returns the report and each trial's setting.
    static func tune(
        split: TemporalSplit, validationCutoff v: Int32, grid: TuningGrid, options: EvaluationOptions,
        progress: (String) -> Void
    ) throws -> (TuningReport, [(TrainingParameters, Double)]) {
        let validation: TemporalSplit
        do {
            validation = try TemporalSplit(split.train, cutoff: v, segmentBy: options.segmentBy)
        } catch let error as EvaluationError {
            throw EvaluationError.validationSplit(error)
        }
        let evaluator = RankingEvaluator(split: validation, k: options.k, curve: options.k, threads: options.training.threads)
        var scorers = SplitScorers(split: validation, options: options, listLength: evaluator.curveLength)
        var trials: [TuningReport.Trial] = [], settings: [(TrainingParameters, Double)] = []
        for (n, p) in grid.trainingSettings(from: options.training).enumerated() {
            progress("tuning \(n + 1)/\(grid.fits): factors \(p.factors), regularization \(p.regularization), alpha \(p.alpha)")
            let factors = try ALSTrainer(parameters: p).fit(validation.matrix)
            for w in grid.blend {
                let scorer = try scorers.scorer(factors: factors, training: p, blend: w, delivered: true)
                let method = RankingMethod.deliveredList(scorer, parameters: parameters(p), threads: p.threads)
                let r = evaluator.evaluate(method)
                trials.append(TuningReport.Trial(parameters: method.parameters, metrics: r.metrics, coverage: r.coverage))
                settings.append((p, w))
            }
        }
        var chosen = 0
        for (i, t) in trials.enumerated() where t.metrics.ndcg > trials[chosen].metrics.ndcg { chosen = i }
        let report = TuningReport(
            validationCutoff: Days.iso(v), criterion: "ndcg@\(options.k)",
            validationCustomers: validation.counts.evaluatedCustomers, trials: trials, chosen: chosen)
        return (report, settings)
    }
}

/// Wall-clock laps.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    /// The laps so far.
    private(set) var laps: [EvaluationRun.Stage] = []

    /// Records the time since the previous lap under `name`.
    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append(EvaluationRun.Stage(stage: name, seconds: Double(now - last) / 1e9))
        last = now
    }
}
