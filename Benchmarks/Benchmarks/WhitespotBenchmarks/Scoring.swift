import Benchmark
import Foundation
import Whitespot

/// Synthetic orders for the scoring suites: customers in 4 segments, each customer buying mostly
/// from its segment's block of products, with catalogue prices and categories. Deterministic.
private func scoringLines(customers: Int, products: Int, lines: Int) -> OrderLines {
    var rng = SplitMix64(seed: 23)
    var out = OrderLines()
    for u in 0 ..< customers { out.customers.intern("C\(u)") }
    for i in 0 ..< products { out.products.intern("P\(i)") }
    let segments = (0..<4).map { out.segments.intern("S\($0)") }
    out.catalog.resize(to: products)
    for i in 0 ..< products {
        out.catalog.category[i] = out.catalog.categories.intern("G\(i % 25)")
        out.catalog.price[i] = Double(1 + (i * 7919) % 500)
    }
    out.hasRevenue = true
    out.hasQuantity = true
    let block = products / 4
    for _ in 0 ..< lines {
        let u = Int(rng.next() % UInt64(customers))
        let i = rng.next() % 4 == 0 ? Int(rng.next() % UInt64(products)) : (u % 4) * block + Int(rng.next() % UInt64(block))
        let q = Double(1 + rng.next() % 5)
        out.append(customer: Int32(u), product: Int32(i), day: Int32(19_000 + Int(rng.next() % 700)), quantity: q,
                   revenue: q * out.catalog.price[i], segment: segments[u % 4])
    }
    return out
}

/// In-process scoring suites: batch top-10 ranking, recommendations with rules and reasons,
/// preparation of the scoring data, and basket analysis.
func registerScoringBenchmarks() {
    let lines = scoringLines(customers: 20_000, products: 2_000, lines: 400_000)
    var parameters = TrainingParameters()
    parameters.factors = 64
    parameters.iterations = 1
    parameters.threads = 2
    guard let model = try? ALSTrainer.train(lines: lines, segmentSource: .column, parameters: parameters) else { return }
    let data = ScoringData(model: model, lines: lines)
    var plain = ScoringConfiguration()
    plain.rules = .off
    plain.blend = 1
    guard let ranker = try? Scorer(model: model, data: data, configuration: plain),
          let scorer = try? Scorer(model: model, data: data, configuration: ScoringConfiguration())
    else { return }
    let customers = Array(0 ..< data.customers.count)
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident]

    Benchmark("batch top-10 ranking, 20k customers × 2k products, k=64, 2 threads",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 10)) { _ in
        blackHole(ranker.rankings(forCustomers: customers, top: 10, threads: 2))
    }

    Benchmark("recommendations with sales rules and reasons, top 3, 20k customers, 2 threads",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 10)) { _ in
        blackHole(scorer.recommendations(forCustomers: customers, threads: 2))
    }

    Benchmark("scoring data preparation (purchases, penetration, medians), 400k lines",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 10)) { _ in
        blackHole(ScoringData(model: model, lines: lines))
    }

    Benchmark("basket analysis, pairs and triples, 400k lines",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 10)) { _ in
        blackHole(BasketAnalysis(Baskets(lines), minSupport: 0.0005, minConfidence: 0.05, maxLength: 3))
    }
}
