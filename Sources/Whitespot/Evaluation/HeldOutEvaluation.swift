import Dispatch

/// Settings of one held-out evaluation (`whitespot evaluate`).
public struct EvaluationOptions: Sendable {
    /// The cutoff T: train before, test on and after.
    public var cutoff: Int32
    /// K of the headline figures.
    public var k = 10
    /// Length of the metric@K curves (K = 1...max(k, curve)).
    public var curve = 20
    /// How segments are formed (from train lines only); nil: ``SegmentSource/default(for:)``
    /// of the evaluated lines, as `whitespot evaluate` does.
    public var segmentBy: SegmentSource?
    /// The model family evaluated without tuning.
    public var family: ModelFamily = .als
    /// Training hyper-parameters (the fixed part of the setting when tuning).
    public var training = TrainingParameters()
    /// Item–item hyper-parameters (its rows weighting stays fixed when tuning).
    public var ease = EASEParameters()
    /// The ensemble weight v evaluated without tuning (``ModelFamily/ensemble``).
    public var ensembleWeight = ModelSetting.defaultEnsembleWeight
    /// The trailing window in days of the penetration term (nil: every purchase); when tuning,
    /// the window the other windows of the grid are compared with.
    public var penetrationWindowDays: Int?
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
    /// Factors (and item–item weights) trained elsewhere on the lines before the cutoff
    /// (`evaluate --model`), measured instead of a fit with their family; their parameters are
    /// printed as the model methods' setting. Cannot be tuned. nil: fit with ``training``.
    public var factors: KeyedFactors?

    /// Options for `cutoff`, defaults elsewhere.
    public init(cutoff: Int32) { self.cutoff = cutoff }
}

/// The outcome of ``HeldOutEvaluation/run(_:orders:options:profile:progress:)``.
public struct EvaluationRun: Sendable {
    /// Every figure, for the table, the JSON and the report.
    public var summary: EvaluationSummary
    /// The setting of the model methods (tuned, or as given), its blend weight set.
    public var setting: ModelSetting
    /// The ALS training setting (tuned, or as given).
    public var training: TrainingParameters { setting.training }
    /// The blend weight of the blend (tuned, or as given).
    public var blend: Double { setting.blend ?? ScoringConfiguration.defaultBlend }
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
/// the raw model scores (matrix factorisation x_uᵀy_i, or the item–item model's x_u · B), blend (the scorer's plain ranking: w · affinity + (1 − w)
/// · penetration, see ``Scorer``) and the **delivered list**: what `score` writes with the same
/// configuration (life cycle, variants, sales rules), new products only. The delivered list is
/// the headline, compared with the strongest baseline. The scorers see exactly the train lines
/// (prices, life cycle and variants included), so nothing comes from after the cutoff.
/// Deep-sells are judged apart (``DeepSellEvaluation``), and relevant pairs the delivered list
/// may never offer are counted (``NotOffered``).
///
/// Tuning: each grid fit (both families, see ``TuningGrid``) is trained on the lines before the validation cutoff and the delivered
/// list is measured at every grid weight on the validation period (from the validation cutoff to
/// the test cutoff, same protocol); the best ALS and EASE fits are combined as ensembles, and the
/// best setting is measured again with every other segment source of the grid as the
/// penetration term; the setting with the highest validation ndcg@K (ties: the first in grid
/// order) wins when it beats popularity, the simplest setting, beyond one standard error of the
/// paired per-customer difference (else popularity is kept, ``TuningGrid``), and is refitted on all train lines (with its segments:
/// the baselines keep the evaluation's own). The test period is never looked
/// at while choosing.
///
/// ```swift
/// var options = EvaluationOptions(cutoff: Days.parseISO("2019-07-01")!)
/// options.tuning = TuningGrid()
/// let run = try HeldOutEvaluation.run(lines, orders: "superstore.csv", options: options)
/// print(run.summary.table())
/// ```
public enum HeldOutEvaluation {
    /// Runs the evaluation on `lines`. Takes the lines: passed with `consume`, they are freed
    /// once split (the split keeps its own train and test data).
    ///
    /// - Parameters:
    ///   - orders: the orders file name, for the summary.
    ///   - profile: facts about the input, shown in the report.
    ///   - progress: short messages as stages start (for a terminal).
    ///   - trialProgress: called after each tuning fit has been scored at every blend weight.
    /// - Throws: ``EvaluationError``, ``TrainingError``, ``ScoringError``, or with given
    ///   factors ``FactorImportError``.
    public static func run(
        _ lines: consuming OrderLines, orders: String, options: EvaluationOptions,
        profile: [EvaluationSummary.ProfileFact] = [], progress: (String) -> Void = { _ in },
        trialProgress: (TuningProgress) -> Void = { _ in }
    ) throws -> EvaluationRun {
        guard options.k >= 1 else { throw EvaluationError.badK(options.k) }
        try options.training.validate()
        var clock = StageClock()
        progress("splitting at \(Days.iso(options.cutoff))")
        let segmentBy = options.segmentBy ?? .default(for: lines)
        let split = try TemporalSplit(lines, cutoff: options.cutoff, segmentBy: segmentBy)
        clock.lap("split")

        var setting = ModelSetting(
            family: options.family, training: options.training, ease: options.ease,
            blend: options.scoring.blend ?? ScoringConfiguration.defaultBlend)
        setting.ensembleWeight = options.ensembleWeight
        setting.penetrationWindowDays = options.penetrationWindowDays
        var tuning: TuningReport?
        if options.factors != nil && options.tuning != nil { throw EvaluationError.tuningGivenFactors }
        if let grid = options.tuning {
            let v = options.validationCutoff ?? split.validationCutoff
            guard v < options.cutoff else {
                throw EvaluationError.badValidationCutoff(validation: v, cutoff: options.cutoff)
            }
            progress("tuning on the validation cutoff \(Days.iso(v))")
            let (report, settings) = try tune(
                split: split, validationCutoff: v, grid: grid, options: options, trials: trialProgress)
            setting = settings[report.chosen]
            tuning = report
            clock.lap("tuning")
        }

        let fitted: FittedAffinities
        if let given = options.factors {
            let pair = given.family.usesFactors
                ? try given.aligned(to: split.train.customers, split.train.products, matrix: split.matrix)
                : FactorPair(factors: 0, customerFactors: [], productFactors: [])
            let weights = given.family.usesItemWeights ? try given.alignedItemWeights(to: split.train.products) : ItemWeights()
            switch given.family {
            case .als: fitted = .factors(pair)
            case .ease: fitted = .itemWeights(weights)
            case .ensemble: fitted = .ensemble(pair, weights)
            }
            setting = ModelSetting(family: given.family, training: given.parameters, ease: given.ease ?? EASEParameters(), blend: setting.blend)
            setting.ensembleWeight = given.ensembleWeight ?? ModelSetting.defaultEnsembleWeight
            setting.penetrationWindowDays = options.penetrationWindowDays
        } else {
            progress("fitting \(setting.family.rawValue) on \(split.counts.trainPairs) purchases")
            fitted = try setting.fit(split.matrix)
        }
        clock.lap("fit")
        let threads = setting.training.threads, blend = setting.blend ?? ScoringConfiguration.defaultBlend
        let evaluator = RankingEvaluator(split: split, k: options.k, curve: options.curve, threads: threads)
        var scorers = SplitScorers(split: split, options: options, listLength: evaluator.curveLength)
        let plain = try scorers.scorer(fitted: fitted, setting: setting, blend: blend, delivered: false)
        let delivered = try scorers.scorer(fitted: fitted, setting: setting, blend: blend, delivered: true)
        clock.lap("scorer setup")
        let model = setting.methodParameters
        let recent = split.recentMatrix(days: options.recentDays)
        var methods: [RankingMethod] = [
            .popularity(split), .segmentPenetration(split),
            .recentPopularity(recent, days: options.recentDays),
            .recentSegmentPenetration(split, recent: recent, days: options.recentDays),
        ]
        if setting.family.usesFactors {
            let factors = fitted.factorPair
            methods.append(.matrixFactorisation(
                customerFactors: factors.customerFactors, productFactors: factors.productFactors,
                factors: factors.factors, parameters: model))
        }
        if setting.family.usesItemWeights {
            methods.append(.itemItem(matrix: split.matrix, weights: fitted.itemWeights, ease: setting.ease, parameters: model))
        }
        methods += [
            .blend(plain, parameters: model, threads: threads),
            .deliveredList(delivered, parameters: model, threads: threads),
        ]
        var results: [MethodEvaluation] = []
        for method in methods {
            progress("ranking: \(method.name)")
            results.append(evaluator.evaluate(method))
            clock.lap(method.name.rawValue)
        }
        var summary = EvaluationSummary(
            orders: orders, split: split, k: options.k, methods: results,
            headlineMethod: .deliveredList, tuning: tuning, profile: profile)
        summary.notOffered = NotOffered.count(split: split, scorer: delivered)
        if delivered.configuration.rules.offersDeepSells {
            summary.deepSells = DeepSellEvaluation.measure(split: split, scorer: delivered, threads: threads)
            clock.lap("deep-sells")
        }
        return EvaluationRun(summary: summary, setting: setting, seconds: clock.laps)
    }

    /// Grid search on the validation split, in the stages of ``TuningGrid``; returns the report
    /// and each trial's setting (blend weight included).
    static func tune(
        split: TemporalSplit, validationCutoff v: Int32, grid: TuningGrid, options: EvaluationOptions,
        trials trialProgress: (TuningProgress) -> Void
    ) throws -> (TuningReport, [ModelSetting]) {
        let validation: TemporalSplit
        do {
            validation = try TemporalSplit(split.train, cutoff: v, segmentBy: split.segmentSource)
        } catch let error as EvaluationError {
            throw EvaluationError.validationSplit(error)
        }
        let evaluator = RankingEvaluator(split: validation, k: options.k, curve: options.k, threads: options.training.threads)
        var scorers = SplitScorers(split: validation, options: options, listLength: evaluator.curveLength)
        var trials: [TuningReport.Trial] = [], settings: [ModelSetting] = []
        /// The first popularity trial (w = 0, one segment of all customers, every purchase: at
        /// w = 0 the fit ranks nothing, so every such trial ranks alike) and its per-customer
        /// validation ndcg, for the rule on the whole choice; only it and the best trial's are
        /// kept, not every trial's (memory at millions of customers).
        var popularity: (index: Int, customers: [Double])?
        let ownAll = split.segmentSource == .all
        var clock = TuningProgress(fits: grid.fits(from: options.training, ease: options.ease))
        /// The fit of each family with the best validation ndcg so far, for the ensemble and
        /// segments stages.
        typealias Fit = (ndcg: Double, setting: ModelSetting, fitted: FittedAffinities)
        var bestFit: [ModelFamily: Fit] = [:]
        func keep(_ ndcg: Double, _ setting: ModelSetting, _ fitted: FittedAffinities) {
            if bestFit[setting.family].map({ ndcg > $0.ndcg }) ?? true { bestFit[setting.family] = (ndcg, setting, fitted) }
        }
        /// Per-customer validation ndcg of the best trial so far and its index (for the window
        /// stage's test and the rule on the whole choice).
        var bestCustomers: (ndcg: Double, customers: [Double], index: Int) = (-.infinity, [], 0)
        /// Scores `fitted` (fitted with `setting`) at every blend weight of `weights`; returns the
        /// best validation ndcg. With `against` (per-customer ndcg of another trial), a trial
        /// whose paired gain is within one standard error is marked ``TuningReport/Trial/withinNoise``.
        func score(_ fitted: FittedAffinities, _ setting: ModelSetting, weights: [Double]? = nil,
                   against: [Double]? = nil) throws -> Double {
            var best = -Double.infinity
            for w in weights ?? grid.blend {
                var s = setting
                s.blend = w
                let scorer = try scorers.scorer(fitted: fitted, setting: s, blend: w, delivered: true)
                let method = RankingMethod.deliveredList(scorer, parameters: s.methodParameters, threads: s.training.threads)
                let r = evaluator.evaluate(method)
                var trial = TuningReport.Trial(parameters: method.parameters, metrics: r.metrics, coverage: r.coverage)
                trial.withinNoise = against.map { !TuningGrid.gainsBeyondNoise(r.customerNDCG, over: $0) } ?? false
                trials.append(trial)
                settings.append(s)
                if popularity == nil, w == 0, !trial.withinNoise, s.penetrationWindowDays == nil,
                   s.segments == .all || (s.segments == nil && ownAll) {
                    popularity = (trials.count - 1, r.customerNDCG)
                }
                if !trial.withinNoise {
                    best = max(best, r.metrics.ndcg)
                    if r.metrics.ndcg > bestCustomers.ndcg { bestCustomers = (r.metrics.ndcg, r.customerNDCG, trials.count - 1) }
                }
            }
            return best
        }
        /// Fits `setting` and scores it at every blend weight; returns its best validation ndcg.
        func trial(_ setting: ModelSetting) throws -> Double {
            let fitted = try setting.fit(validation.matrix)
            let best = try score(fitted, setting)
            keep(best, setting, fitted)
            clock.finishFit()
            trialProgress(clock)
            return best
        }
        var base = ModelSetting(family: .als, training: options.training, ease: options.ease)
        base.penetrationWindowDays = options.penetrationWindowDays
        /// Tries every setting of `first` (put into `base` at `key`), then every one that `next`
        /// derives from the best of them.
        func stages<P>(_ key: WritableKeyPath<ModelSetting, P>, _ first: [P], then next: (P) -> [P]) throws {
            var best: (ndcg: Double, setting: P)?
            for p in first {
                base[keyPath: key] = p
                let ndcg = try trial(base)
                if best.map({ ndcg > $0.ndcg }) ?? true { best = (ndcg, p) }
            }
            for p in best.map({ next($0.setting) }) ?? [] {
                base[keyPath: key] = p
                _ = try trial(base)
            }
        }
        try stages(\.training, grid.trainingSettings(from: options.training), then: grid.recencySettings(of:))
        base.family = .ease
        base.training = options.training
        try stages(\.ease, grid.easeSettings(from: options.ease), then: grid.regularizationSettings(of:))
        if let als = bestFit[.als], let ease = bestFit[.ease] {
            for v in grid.ensembleSettings {
                var s = als.setting
                s.family = .ensemble
                s.ease = ease.setting.ease
                s.ensembleWeight = v
                let fitted = FittedAffinities.ensemble(als.fitted.factorPair, ease.fitted.itemWeights)
                keep(try score(fitted, s), s, fitted)
            }
        }
        // The best of all families; ties to the first in grid order (ALS, EASE, ensemble).
        var best: Fit?
        for family in ModelFamily.allCases {
            if let f = bestFit[family], best.map({ f.ndcg > $0.ndcg }) ?? true { best = f }
        }
        // Only weights that give the penetration term a share: at w = 1 segments rank nothing.
        // Stage 7 starts from the best of stage 6 (the best fit with its best segments).
        if let best {
            let partial = grid.blend.filter { $0 < 1 }
            var partner = (ndcg: best.ndcg, setting: best.setting)
            for source in grid.segmentSettings(given: split.segmentSource, hasColumn: split.train.segments.count > 0) {
                var s = best.setting
                s.segments = source
                let ndcg = try score(best.fitted, s, weights: partial)
                if ndcg > partner.ndcg { partner = (ndcg, s) }
            }
            // The best trial so far (of stages 1–6) is what a window must beat beyond noise.
            let incumbent = bestCustomers.customers
            for window in grid.windowSettings(given: options.penetrationWindowDays) {
                var s = partner.setting
                s.penetrationWindowDays = window
                _ = try score(best.fitted, s, weights: partial, against: incumbent)
            }
            // The simplest setting: popularity (the penetration term alone, one segment of all
            // customers, every purchase), when the grid holds it (w = 0 and one segment): a trial
            // of stage 1 or 6 already, measured apart only when the evaluation's own window
            // kept it out of those stages.
            if popularity == nil && grid.blend.contains(0) && (ownAll || grid.segments.contains(.all)) {
                var s = best.setting
                s.blend = 0
                s.segments = ownAll ? best.setting.segments : .all
                s.penetrationWindowDays = nil
                _ = try score(best.fitted, s, weights: [0])
            }
        }
        let simplest = popularity?.index
        // The highest trial (window trials within noise excluded; ties: the first in grid order).
        let highest = bestCustomers.index
        // The one-standard-error rule on the whole choice: the simplest setting stays unless
        // the highest beats it beyond noise.
        let gain = popularity.flatMap { PairedGain(bestCustomers.customers, over: $0.customers) }
        let chosen = simplest.map { gain.map { $0.mean > $0.standardError } ?? false ? highest : $0 } ?? highest
        let report = TuningReport(
            validationCutoff: Days.iso(v), criterion: "ndcg@\(options.k)",
            validationCustomers: validation.counts.evaluatedCustomers, trials: trials, chosen: chosen,
            highest: highest, simplest: simplest, gainOverSimplest: gain)
        return (report, settings)
    }
}

/// How far tuning has come: fits done of the grid's, and the time they took.
public struct TuningProgress: Sendable, Equatable {
    /// Fits the grid needs.
    public let fits: Int
    /// Fits done (each scored at every blend weight).
    public private(set) var done = 0
    /// Seconds since tuning started.
    public private(set) var elapsedSeconds = 0.0
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Progress of a grid of `fits` fits, none done.
    init(fits: Int) { self.fits = fits }

    /// Records one more fit done.
    mutating func finishFit() {
        done += 1
        elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Estimated seconds left: elapsed / done · (fits − done).
    public var etaSeconds: Double { done == 0 ? 0 : elapsedSeconds / Double(done) * Double(fits - done) }
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
