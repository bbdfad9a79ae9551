import ArgumentParser
import Foundation
import Whitespot

/// Model family and hyper-parameter flags, shared by every subcommand that trains.
///
/// ALS confidence: c_ui = 1 + α · f(r_ui) · d_ui, r = the `--signal` of the pair, f = `--scaling`,
/// d = 0.5^(age / `--half-life`) (1 without a half-life). EASE rows: x_ui = g(r_ui) · d_ui with
/// g from `--ease-rows` and the same d.
struct TrainingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Model family: als (customer and product embeddings), ease (item-item weights, closed form; fitted dense for "
            + "at most \(TextFormat.count(EASEParameters.productLimit)) products, as the fit takes products^2 * 4 bytes: "
            + "2.5 GB at the limit; the model keeps --ease-neighbours weights per product) or ensemble (both; each customer's ALS and EASE scores "
            + "standardised over all products, (s - mean) / sd, then v * ALS + (1 - v) * EASE, v = --ensemble-weight).",
        valueName: "family"))
    var algorithm = ModelFamily.als

    @Option(name: .customLong("ease-regularization"), help: "EASE ridge λ on the item-item weights.")
    var easeRegularization = EASEParameters().regularization

    @Option(name: .customLong("ease-neighbours"), help: ArgumentHelp(
        "EASE weights kept per product: the K largest in magnitude of its row of B (the model takes K * products * 8 "
            + "bytes, scoring K operations per purchase); K >= products - 1 keeps the dense B.",
        valueName: "K"))
    var easeNeighbours = EASEParameters.defaultNeighbours

    @Option(name: .customLong("ensemble-weight"), help: ArgumentHelp(
        "Ensemble weight v of the standardised ALS scores, 0 to 1 (1 - v: EASE's).", valueName: "v"))
    var ensembleWeight = ModelSetting.defaultEnsembleWeight

    @Option(name: .customLong("penetration-window"), help: ArgumentHelp(
        "Count the penetration term over a trailing window: the share of the segment whose last purchase of the product "
            + "is in the last N days of the orders (evaluate: the N days before --cutoff; default: every purchase). "
            + "Stored in the model, so score uses it; the reasons still quote the all-time share.",
        valueName: "days"))
    var penetrationWindow: Int?

    @Option(name: .customLong("ease-rows"), help: "EASE purchase weighting: binary (1) or lines (ln(1 + order lines)).")
    var easeRows = EASEParameters().rows

    @Option(help: "Embedding dimension k.")
    var factors = TrainingParameters().factors

    @Option(help: "Alternating iterations (each updates customers, then products).")
    var iterations = TrainingParameters().iterations

    @Option(help: "Regularisation λ.")
    var regularization = TrainingParameters().regularization

    @Option(help: "Confidence weight α in c = 1 + α · f(r).")
    var alpha = TrainingParameters().alpha

    @Option(help: "Per-pair signal r: lines|quantity|revenue.")
    var signal = TrainingParameters().signal

    @Option(help: "f applied to the signal: log1p|identity.")
    var scaling = TrainingParameters().scaling

    @Option(name: .customLong("half-life"), help: ArgumentHelp("Recency decay half-life in days (default: no decay).", valueName: "days"))
    var halfLife: Double?

    @Option(help: "Solver per half-step: cg|cholesky.")
    var solver = TrainingParameters().solver

    @Option(name: .customLong("cg-steps"), help: "Conjugate-gradient steps per solve.")
    var cgSteps = TrainingParameters().cgSteps

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seed of the factor initialisation.")
    var seed = TrainingParameters().seed

    @Option(help: ArgumentHelp(
        "Early stopping: end training after the first iteration that lowers the training loss by less than this fraction (e.g. 0.001; the loss is then computed every iteration). Default: run all --iterations.",
        valueName: "fraction"))
    var tolerance: Double?

    /// Rejects out-of-range values (factors < 1, negative λ, ...) before the command runs.
    func validate() throws {
        do {
            try parameters.validate()
            try ease.validate()
            try ModelSetting.checkEnsembleWeight(ensembleWeight)
            if let penetrationWindow { try ModelSetting.checkPenetrationWindow(penetrationWindow) }
        } catch { throw ValidationError(FlagNames.message(error)) }
    }

    /// The item-item parameters these flags describe (the half-life is shared with ALS).
    var ease: EASEParameters {
        var e = EASEParameters()
        e.regularization = easeRegularization; e.rows = easeRows; e.halfLifeDays = halfLife
        e.neighbours = easeNeighbours
        return e
    }

    /// The whole setting these flags describe (no blend weight).
    var setting: ModelSetting {
        var s = ModelSetting(family: algorithm, training: parameters, ease: ease)
        s.ensembleWeight = ensembleWeight
        s.penetrationWindowDays = penetrationWindow
        return s
    }

    /// The library parameters these flags describe.
    var parameters: TrainingParameters {
        var p = TrainingParameters()
        p.factors = factors; p.iterations = iterations; p.regularization = regularization; p.alpha = alpha
        p.signal = signal; p.scaling = scaling; p.halfLifeDays = halfLife; p.solver = solver
        p.cgSteps = cgSteps; p.threads = threads; p.seed = seed; p.tolerance = tolerance
        return p
    }
}

extension TrainingOptions {
    /// The one-paragraph statement of the confidence formula shown by `whitespot train --help`.
    static let confidenceFormulaHelp = """
        Confidence of a (customer, product) purchase: c = 1 + alpha * f(r) * d, where r is the \
        signal (order lines, net quantity or net revenue, negative counted as 0), f is log1p \
        (ln(1 + r)) or identity, and d = 0.5^(age / half-life) with age = days from the pair's \
        last purchase to the last day in the data (d = 1 without --half-life). Unbought pairs \
        have c = 1 and preference 0.
        """
}

extension TrainingParameters.Signal: ExpressibleByArgument {}
extension ModelFamily: ExpressibleByArgument {}
extension EASEParameters.Rows: ExpressibleByArgument {}
extension TrainingParameters.Scaling: ExpressibleByArgument {}
extension TrainingParameters.Solver: ExpressibleByArgument {}
