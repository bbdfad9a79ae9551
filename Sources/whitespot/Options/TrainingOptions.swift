import ArgumentParser
import Foundation
import Whitespot

/// ALS hyper-parameter flags, shared by every command that trains.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Embedding dimension k.")
    var factors = 64

    @Option(help: "ALS iterations (each solves all customers, then all products).")
    var iterations = 15

    @Option(help: "Regularisation λ.")
    var regularization = 0.01

    @Option(help: "α in the confidence c = 1 + α·f(r)·d.")
    var alpha = 1.0

    @Option(help: "Confidence signal r: lines (order lines), quantity (net) or revenue (net).")
    var signal: TrainingParameters.Signal = .lines

    @Option(help: "Confidence scaling f: log1p or identity.")
    var scaling: TrainingParameters.Scaling = .log1p

    @Option(name: .customLong("half-life"), help: ArgumentHelp(
        "Recency half-life in days: a purchase that old counts half (default: no decay).", valueName: "days"))
    var halfLife: Double?

    @Option(help: "Solver: cg (conjugate gradient, warm-started) or cholesky (exact).")
    var solver: TrainingParameters.Solver = .cg

    @Option(name: .customLong("cg-steps"), help: "Conjugate-gradient steps per solve.")
    var cgSteps = 3

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seed of the factor initialisation.")
    var seed: UInt64 = 42

    /// The parameters these flags describe.
    /// - Throws: `ValidationError` for out-of-range values.
    func parameters() throws -> TrainingParameters {
        var p = TrainingParameters()
        p.factors = factors; p.iterations = iterations; p.regularization = regularization; p.alpha = alpha
        p.signal = signal; p.scaling = scaling; p.halfLifeDays = halfLife; p.solver = solver
        p.cgSteps = cgSteps; p.threads = threads; p.seed = seed
        do { try p.validate() } catch { throw ValidationError("\(error)") }
        return p
    }
}

extension TrainingParameters.Signal: ExpressibleByArgument {}
extension TrainingParameters.Scaling: ExpressibleByArgument {}
extension TrainingParameters.Solver: ExpressibleByArgument {}
