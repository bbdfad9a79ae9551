import Benchmark
import Foundation
import Whitespot

/// Ingest suites on generated data (200,000 lines, 20,000 customers, 2,000 products): generate,
/// read the CSV, build the purchase matrix. The whole-process comparison with pandas on the
/// 6-million-line file is `Benchmarks/compare/compare_ingest.sh` (see Benchmarks/INGEST.md).
func registerIngestBenchmarks() {
    let fixture = IngestFixture()
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("Ingest: generate 200k lines in memory", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(SyntheticOrders(IngestFixture.parameters).count) }
    }

    Benchmark("Ingest: read 200k-line CSV", configuration: configuration, closure: { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OrderReader.read(path: fixture.path, options: IngestOptions()).0.count)
        }
    }, setup: { try fixture.writeFile() }, teardown: { fixture.removeFile() })

    Benchmark("Ingest: purchase matrix from 200k lines", configuration: configuration, closure: { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PurchaseMatrix(fixture.lines).pairCount) }
    }, setup: { fixture.lines = SyntheticOrders(IngestFixture.parameters).orderLines() })
}

/// Data shared by the ingest suites, made in their setup hooks (outside the measurement).
/// `@unchecked`: the benchmark runner calls setup, then the measured body, one after the other
/// on one task, never concurrently.
final class IngestFixture: @unchecked Sendable {
    static let parameters = SyntheticOrders.Parameters(customers: 20_000, products: 2_000, lines: 200_000, seed: 1)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-bench-\(getpid()).csv").path
    var lines = OrderLines()

    func writeFile() throws { try SyntheticOrders(Self.parameters).writeOrders(to: path) }
    func removeFile() { try? FileManager.default.removeItem(atPath: path) }
}
