import Benchmark

let benchmarks: @Sendable () -> Void = {
    registerIngestBenchmarks()
    registerTrainingBenchmarks()
    registerScoringBenchmarks()
    registerEvaluationBenchmarks()
}
