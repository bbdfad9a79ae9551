import Foundation
import Testing
import TestSupport
import Whitespot

/// The model life cycle on real data: tuning publishes into a model directory, training reuses
/// the tuned setting, pruning never removes `latest`, scoring says when a model was never tuned.
@Suite("model life cycle")
struct ModelLifeCycleTests {
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func tunedModelBecomesLatestIsReusedAndSurvivesPruning() throws {
        let root = try scratchDirectory("life-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/models"
        let tune = try WhitespotBinary.run(["evaluate", Superstore.file] + Superstore.mapping + [
            "--cutoff", "2019-07-01", "--tune", "--iterations", "2", "--grid-factors", "4", "--grid-regularization", "0.1",
            "--grid-alpha", "1,4", "--grid-blend", "0.2,0.6", "--save-model-dir", dir])
        #expect(tune.status == 0, "\(tune.err)")
        #expect(tune.err.contains("(now latest)"))
        let tunedPath = try ModelRegistry(directory: dir).latestPath()
        let tuned = try WhitespotModel.load(from: tunedPath)
        #expect(tuned.factors == 4 && [0.2, 0.6].contains(tuned.blend ?? -1) && [1, 4].contains(tuned.parameters.alpha))
        #expect(tuned.customers.count == 793)

        // score without --model: the latest, tuned model, with its blend and no "never tuned" note.
        let score = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--out", root + "/r.csv"])
        #expect(score.status == 0, "\(score.err)")
        #expect(score.err.contains("with blend \(tuned.blend!)") && !score.err.contains("never tuned"), "\(score.err)")

        // train --params-from the directory: the same hyper-parameters and blend, a new latest.
        Thread.sleep(forTimeInterval: 1.1)  // a new file-name second, so the new model sorts newest
        let retrain = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--params-from", dir, "--threads", "1"])
        #expect(retrain.status == 0, "\(retrain.err)")
        let latest = try ModelRegistry(directory: dir).latestPath()
        #expect(latest != tunedPath)
        let reused = try WhitespotModel.load(from: latest)
        var expected = tuned.parameters
        expected.threads = 1
        #expect(reused.parameters == expected && reused.blend == tuned.blend)
        let mixed = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--params-from", dir, "--factors", "9"])
        #expect(mixed.status != 0 && mixed.err.contains("--params-from takes every hyper-parameter from the model"), "\(mixed.err)")

        // models --keep 1 removes the older tuned file; pointing latest back at the old file keeps both.
        let pointer = dir + "/latest"
        try Data((URL(fileURLWithPath: tunedPath).lastPathComponent + "\n").utf8).write(to: URL(fileURLWithPath: pointer))
        let keepBoth = try WhitespotBinary.run(["models", "--model-dir", dir, "--keep", "1"])
        #expect(keepBoth.status == 0 && keepBoth.err.contains("removed 0 model files"), "\(keepBoth.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".safetensors") }.count == 2)
        try Data((URL(fileURLWithPath: latest).lastPathComponent + "\n").utf8).write(to: URL(fileURLWithPath: pointer))
        let prune = try WhitespotBinary.run(["models", "--model-dir", dir, "--keep", "1"])
        #expect(prune.status == 0 && prune.err.contains("removed 1 model file: \(URL(fileURLWithPath: tunedPath).lastPathComponent)"), "\(prune.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["latest", URL(fileURLWithPath: latest).lastPathComponent])
        let zero = try WhitespotBinary.run(["models", "--model-dir", dir, "--keep", "0"])
        #expect(zero.status != 0 && zero.err.contains("--keep must be at least 1"))
    }

    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func untunedLatestIsNamedWhenScoring() throws {
        let root = try scratchDirectory("life-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/models"
        let train = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--factors", "4", "--iterations", "2"])
        #expect(train.status == 0, "\(train.err)")
        let score = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--out", root + "/r.csv"])
        #expect(score.status == 0, "\(score.err)")
        #expect(score.err.contains("was never tuned (no blend weight in it): scoring with blend 0.5"), "\(score.err)")
        let chosen = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model-dir", dir, "--blend", "0.5", "--out", root + "/r.csv"])
        #expect(chosen.status == 0 && !chosen.err.contains("never tuned"), "\(chosen.err)")
        let reuse = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + ["--model", root + "/m.safetensors", "--params-from", dir])
        #expect(reuse.status == 0 && reuse.err.contains("was never tuned"), "\(reuse.err)")
    }
}
