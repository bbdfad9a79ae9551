import Testing
import Whitespot

@Suite("Training pipeline")
struct TrainingPipelineTests {
    @Test("placeholder compiles")
    func nothing() {}
}
