import Benchmark

let benchmarks: @Sendable () -> Void = {
    registerTrainingBenchmarks()
    registerEvaluationBenchmarks()
}
