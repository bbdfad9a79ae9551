import Foundation
import Testing
@testable import Whitespot

@Suite("ALS + EASE ensemble")
struct EnsembleTests {
    /// An ensemble of the synthetic lines with weight `v`.
    static func model(v: Double = 0.3) throws -> WhitespotModel {
        var setting = ModelSetting(family: .ensemble, training: smallParameters())
        setting.ease.regularization = 5
        setting.ease.halfLifeDays = 120
        setting.ensembleWeight = v
        setting.blend = 0.6
        return try setting.train(lines: syntheticLines(), segmentSource: .column)
    }

    /// z(s) = (s − mean) / sd over all values, in Double (0 everywhere for a constant row).
    static func standardised(_ s: [Double]) -> [Double] {
        let mean = s.reduce(0, +) / Double(s.count)
        let sd = (s.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(s.count)).squareRoot()
        return s.map { sd > 0 ? ($0 - mean) / sd : 0 }
    }

    @Test("the standardisation of a row is its weighted z-score, hand-computed")
    func standardisation() {
        // mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
        let row: [Float] = [1, 2, 3, 6]
        let (mean, scale) = row.withUnsafeBufferPointer { ChunkScores.standardisation($0, weight: 0.25) }
        #expect(mean == 3 && abs(Double(scale) - 0.25 / 3.5.squareRoot()) < 1e-7)
        let constant: [Float] = [2, 2, 2]
        #expect(constant.withUnsafeBufferPointer { ChunkScores.standardisation($0, weight: 1) }.scale == 0)
        #expect(ChunkScores.standardisation(nil, weight: 1) == (0, 0))
    }

    @Test("raw scores are v · z(x_uᵀY) + (1 − v) · z(x_u · B), for known and new customers")
    func exactCombination() throws {
        let v = 0.3
        let model = try Self.model(v: v)
        #expect(model.family == .ensemble && model.factors == 8 && model.itemWeights.productCount == 40)
        var lines = syntheticLines()
        let newcomer = lines.customers.intern("new")
        for i: Int32 in [1, 2, 12] {
            lines.append(customer: newcomer, product: i, day: 19_300, quantity: 1, revenue: 1, segment: 0)
        }
        let scorer = try Scorer(model: model, lines: lines, configuration: ScoringConfiguration())
        let n = model.products.count, k = model.factors, b = model.itemWeights.dense()
        for id in ["C3", "C40", "new"] {
            let u = Int(try #require(scorer.data.customers.index(of: id)))
            let x = try #require(scorer.factors(ofCustomer: u))
            let als = (0 ..< n).map { i in (0 ..< k).reduce(0.0) { $0 + Double(x[$1]) * Double(model.productFactors[i * k + $1]) } }
            var ease = [Double](repeating: 0, count: n)
            for (i, value) in scorer.itemRow(ofCustomer: u) {
                for j in 0 ..< n { ease[j] += Double(value) * Double(b[i * n + j]) }
            }
            let expected = zip(Self.standardised(als), Self.standardised(ease)).map { v * $0 + (1 - v) * $1 }
            let raw = scorer.scores(forCustomer: u).raw
            #expect(raw.count == n)
            let worst = zip(raw, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst < 1e-4, "\(id): largest difference \(worst)")
        }
        // Batch and single-customer rankings agree for every customer on any thread count.
        let everyone = Array(0 ..< scorer.data.customers.count)
        #expect(scorer.rankings(forCustomers: everyone, top: 4, threads: 3).map { $0.map(\.product) }
            == everyone.map { scorer.ranking(forCustomer: $0, top: 4) })
        let recommendations = scorer.recommendations(forCustomer: 3)
        #expect(!recommendations.isEmpty && recommendations.allSatisfy { !$0.reason.isEmpty })
    }

    @Test("the model file stores factors, B and the weight, and reads them back exactly")
    func modelRoundTrip() throws {
        let model = try Self.model()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try WhitespotModel.load(from: path)
        #expect(loaded == model)
        #expect(loaded.ensembleWeight == 0.3 && loaded.blend == 0.6 && !loaded.customerFactors.isEmpty)
        let summary = try WhitespotModel.summary(of: path)
        #expect(summary.family == .ensemble && summary.ensembleWeight == 0.3 && summary.formatVersion == 4 && summary.factors == 8)
        // The job's reuse of a tuned model keeps its family, weight and segments.
        let reused = ModelSetting(tunedIn: loaded, training: TrainingParameters())
        #expect(reused.family == .ensemble && reused.ensembleWeight == 0.3 && reused.ease == model.ease
            && reused.training.factors == 8 && reused.segments == .column && reused.blend == 0.6)
    }

    @Test("train's summary line names the ensemble, its weight and both parts")
    func summaryLine() throws {
        var setting = ModelSetting(family: .ensemble, training: smallParameters())
        setting.ease.regularization = 5
        setting.ensembleWeight = 0.3
        let run = try setting.trainEnsemble(lines: syntheticLines(), segmentSource: .column)
        let text = run.text(asked: smallParameters())
        #expect(text.contains("ensemble, v = 0.3 of ALS (8 factors, 6 iterations) and 1 − v of EASE, λ 5.0, rows binary"), "\(text)")
        #expect(run.iterationSeconds.count == 6 && run.pairs > 0)
    }

    @Test("similar products: v = 1 gives the ALS neighbours, v = 0 the EASE ones")
    func similar() throws {
        for v in [1.0, 0.0] {
            let model = try Self.model(v: v)
            var single = model
            single.ensembleWeight = nil
            if v == 1 {
                single.family = .als; single.itemWeights = ItemWeights(); single.ease = nil
            } else {
                single.family = .ease; single.factors = 0; single.customerFactors = []; single.productFactors = []
            }
            for i in [0, 17] { #expect(model.similarProducts(to: i, top: 5) == single.similarProducts(to: i, top: 5)) }
        }
    }

    @Test("a given ensemble trained before the cutoff measures exactly like the ensemble fitted there")
    func givenModelMeasuresLikeTheFit() throws {
        let lines = syntheticLines(lines: 1_500)
        let cutoff: Int32 = 19_300
        var options = EvaluationOptions(cutoff: cutoff)
        options.family = .ensemble
        options.training = smallParameters()
        options.ease.regularization = 5
        options.ensembleWeight = 0.25
        options.segmentBy = .column
        let fitted = try HeldOutEvaluation.run(lines, orders: "synthetic", options: options)
        #expect(fitted.setting.ensembleWeight == 0.25)
        var setting = ModelSetting(family: .ensemble, training: smallParameters(), ease: options.ease)
        setting.ensembleWeight = 0.25
        let model = try setting.train(lines: lines.before(cutoff).0, segmentSource: .column)
        options.factors = KeyedFactors(model)
        let given = try HeldOutEvaluation.run(lines, orders: "synthetic", options: options)
        #expect(given.setting.family == .ensemble)
        #expect(given.summary.methods.map(\.method) == fitted.summary.methods.map(\.method))
        #expect(given.summary.methods.map(\.metrics) == fitted.summary.methods.map(\.metrics))
        #expect(fitted.summary.methods.contains { $0.method == .matrixFactorisation }
            && fitted.summary.methods.contains { $0.method == .itemItem })
    }

    @Test("tuning tries ensembles of the best fits, then the best setting with the other segment sources, then the best of those with the penetration windows")
    func tuningGrid() throws {
        let lines = syntheticLines(lines: 1_500)
        var options = EvaluationOptions(cutoff: 19_300)
        options.training = smallParameters()
        options.segmentBy = .column
        var grid = TuningGrid()
        grid.factors = [8]; grid.regularization = [0.1]; grid.alpha = [1, 10]
        grid.easeRegularization = [5, 50]; grid.halfLife = [nil, 90]; grid.blend = [0, 0.5, 1]
        grid.ensembleWeight = [0.25, 0.75]
        options.tuning = grid
        let run = try HeldOutEvaluation.run(lines, orders: "synthetic", options: options)
        let tuning = try #require(run.summary.tuning)
        func text(_ t: TuningReport.Trial, _ name: String) -> String? {
            t.parameters.first { $0.name == name }.map { "\($0.value)" }
        }
        // 2 + 1 ALS fits, 2 + 1 EASE fits, 2 ensembles: 8 settings × 3 weights; then rfm and all
        // at the weights below 1 only; then the windows 90 and 365 days, likewise.
        #expect(tuning.trials.count == 8 * 3 + 2 * 2 + 2 * 2)
        #expect(tuning.trials.filter { text($0, "family") == "ensemble" }.count >= 6)
        let windows = tuning.trials.suffix(4)
        #expect(windows.map { text($0, Setting.penetrationWindowDays.rawValue) } == ["90", "90", "365", "365"])
        #expect(windows.map { text($0, "blend") } == ["0", "0.5", "0", "0.5"])
        // The window stage starts from the best of the segments stage: one segment source.
        #expect(Set(windows.compactMap { text($0, "segments") }).count == 1)
        #expect(tuning.trials.prefix(28).allSatisfy { text($0, Setting.penetrationWindowDays.rawValue) == nil })
        let segments = tuning.trials.dropLast(4).suffix(4)
        #expect(segments.compactMap { text($0, "segments") } == ["rfm", "rfm", "all", "all"])
        #expect(segments.map { text($0, "blend") } == ["0", "0.5", "0", "0.5"])
        #expect(tuning.trials.prefix(24).allSatisfy { text($0, "segments") == "column" })
        // Only window trials can be within noise; the chosen trial is the best of the others.
        #expect(tuning.trials.prefix(28).allSatisfy { !$0.withinNoise })
        let best = tuning.trials.filter { !$0.withinNoise }.map(\.metrics.ndcg).max()
        #expect(tuning.trials[tuning.chosen].metrics.ndcg == best && !tuning.trials[tuning.chosen].withinNoise)
        // The chosen setting is what was refitted and measured.
        #expect(text(tuning.trials[tuning.chosen], "segments") == (run.setting.segments ?? .column).rawValue)
        #expect(text(tuning.trials[tuning.chosen], Setting.penetrationWindowDays.rawValue) == run.setting.penetrationWindowDays.map(String.init))
    }
}
