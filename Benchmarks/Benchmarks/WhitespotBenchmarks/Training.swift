import Benchmark
import Foundation
import Whitespot

/// Synthetic order lines for the training suites: `groups` customer groups, each buying mostly
/// from its own block of products. Deterministic.
private func trainingLines(customers: Int, products: Int, lines: Int) -> OrderLines {
    var rng = SplitMix64(seed: 11)
    var out = OrderLines()
    for u in 0 ..< customers { out.customers.intern("C\(u)") }
    for i in 0 ..< products { out.products.intern("P\(i)") }
    let groups = 20, block = products / groups
    for _ in 0 ..< lines {
        let u = Int(rng.next() % UInt64(customers))
        let i = rng.next() % 4 == 0 ? Int(rng.next() % UInt64(products)) : (u % groups) * block + Int(rng.next() % UInt64(block))
        out.append(customer: Int32(u), product: Int32(i), day: Int32(19_000 + Int(rng.next() % 700)), quantity: 1, revenue: 10)
    }
    return out
}

/// In-process training suites: one CG and one Cholesky fit, fold-in, and model save/load.
func registerTrainingBenchmarks() {
    let lines = trainingLines(customers: 20_000, products: 2_000, lines: 400_000)
    let matrix = PurchaseMatrix(lines)
    var parameters = TrainingParameters()
    parameters.factors = 32
    parameters.iterations = 3
    parameters.threads = 2
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident]

    Benchmark("ALS fit, CG 3 steps, 20k×2k, 400k lines, k=32, 3 iterations",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 5)) { benchmark in
        blackHole(try ALSTrainer(parameters: parameters).fit(matrix))
    }

    var exact = parameters
    exact.solver = .cholesky
    Benchmark("ALS fit, Cholesky, 20k×2k, 400k lines, k=32, 3 iterations",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 5)) { benchmark in
        blackHole(try ALSTrainer(parameters: exact).fit(matrix))
    }

    guard let model = try? ALSTrainer.train(lines: lines, segmentSource: .rfm, parameters: parameters) else { return }
    let folding = FoldIn(model: model)
    let purchases = Array(matrix.product[matrix.pairs(ofCustomer: 0)])
    let confidences = [Float](repeating: 2, count: purchases.count)
    Benchmark("fold-in of one customer, k=32", configuration: .init(metrics: [.wallClock, .mallocCountTotal])) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(folding.foldIn(productIndices: purchases, confidences: confidences))
        }
    }

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-bench-model.safetensors").path
    Benchmark("model save + load, 20k customers, k=32",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10))) { benchmark in
        try model.save(to: path)
        blackHole(try WhitespotModel.load(from: path))
    }
}
