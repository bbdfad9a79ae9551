import Benchmark
import Foundation
import Whitespot

/// In-process evaluation suites on generated orders (20k customers, 2k products, 400k lines,
/// cutoff at 80 % of the dates): the split, the two baselines, the matrix-factorisation
/// ranking (blocked sgemm + per-customer top-20) and the blend through the scorer.
func registerEvaluationBenchmarks() {
    let parameters = SyntheticOrders.Parameters(customers: 20_000, products: 2_000, lines: 400_000, seed: 7)
    let lines = SyntheticOrders(parameters).orderLines()
    let cutoff = parameters.firstDay + Int32(parameters.days * 8 / 10)
    guard let split = try? TemporalSplit(lines, cutoff: cutoff, segmentBy: .column) else { return }
    var training = TrainingParameters()
    training.factors = 32
    training.iterations = 3
    training.threads = 2
    guard let factors = try? ALSTrainer(parameters: training).fit(split.matrix) else { return }
    let evaluator = RankingEvaluator(split: split, k: 10, threads: 2)
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident]
    let configuration = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(10), maxIterations: 5)

    Benchmark("evaluation split at a cutoff, 400k lines", configuration: configuration) { _ in
        blackHole(try TemporalSplit(lines, cutoff: cutoff, segmentBy: .column))
    }
    Benchmark("evaluate popularity + segment-penetration, 20k×2k", configuration: configuration) { _ in
        blackHole(evaluator.evaluate(.popularity(split)))
        blackHole(evaluator.evaluate(.segmentPenetration(split)))
    }
    let mf = RankingMethod.matrixFactorisation(
        customerFactors: factors.customerFactors, productFactors: factors.productFactors,
        factors: factors.factors, parameters: [])
    Benchmark("evaluate matrix factorisation, 20k×2k, k=32", configuration: configuration) { _ in
        blackHole(evaluator.evaluate(mf))
    }
    var options = EvaluationOptions(cutoff: cutoff)
    options.training = training
    Benchmark("whole evaluation (split, fit, 4 methods), 400k lines, k=32", configuration: configuration) { _ in
        blackHole(try HeldOutEvaluation.run(lines, orders: "generated", options: options))
    }
}
