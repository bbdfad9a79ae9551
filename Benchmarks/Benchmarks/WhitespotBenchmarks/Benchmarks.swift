import Benchmark

let benchmarks: @Sendable () -> Void = {
    registerTrainingBenchmarks()
    registerScoringBenchmarks()
}
