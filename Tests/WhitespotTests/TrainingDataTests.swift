import Foundation
import Testing
@testable import Whitespot

@Suite("Training data: what a model takes from its lines, built before the fit")
struct TrainingDataTests {
    /// Synthetic lines with a name for every third product.
    func namedLines() -> OrderLines {
        var lines = syntheticLines(customers: 60, products: 30, lines: 700, seed: 11)
        lines.catalog.resize(to: 30)
        for p in stride(from: 0, to: 30, by: 3) { lines.catalog.name[p] = "product \(p)" }
        return lines
    }

    @Test("matrix, vocabularies, names, segments, penetration and fingerprint are those of the lines")
    func dataIsThatOfTheLines() {
        let lines = namedLines()
        let data = TrainingData(lines, segmentSource: .columnAndRFM)
        let matrix = PurchaseMatrix(lines)
        #expect(data.matrix.rowStart == matrix.rowStart && data.matrix.product == matrix.product)
        #expect(data.matrix.quantity == matrix.quantity && data.matrix.lastDay == matrix.lastDay)
        #expect(data.customers == lines.customers && data.products == lines.products)
        #expect(data.lineCount == 700)
        let segments = CustomerSegments(lines, by: .columnAndRFM)
        #expect(data.segments == segments && data.segmentSource == .columnAndRFM)
        #expect(data.penetration == SegmentPenetration(matrix: matrix, segments: segments))
        #expect(data.dataFingerprint == matrix.fingerprint(customers: lines.customers, products: lines.products))
        #expect(data.productNames.count == 30 && data.productNames[3] == "product 3" && data.productNames[4] == nil)
        #expect(TrainingData(syntheticLines(), segmentSource: .column).productNames.isEmpty, "no names: none stored")
    }

    @Test("a model fitted on consumed lines equals one fitted on lines the caller keeps", arguments: ModelFamily.allCases)
    func consumedLinesGiveTheSameModel(family: ModelFamily) throws {
        var setting = ModelSetting(family: family, training: smallParameters())
        setting.ease.regularization = 50
        let kept = namedLines()
        let fromKept = try setting.train(lines: kept, segmentSource: .column)
        let owned = namedLines()
        let data = TrainingData(consume owned, segmentSource: .column)
        let fromData: TrainingRun
        switch family {
        case .als: fromData = try ALSTrainer(parameters: setting.training).run(data: data)
        case .ease: fromData = try EASETrainer(parameters: setting.ease, threads: 1).run(data: data, parameters: setting.training)
        case .ensemble: fromData = try setting.trainEnsemble(data: data)
        }
        var model = fromData.model
        model.blend = fromKept.blend
        model.createdAt = fromKept.createdAt
        #expect(model == fromKept)
        #expect(fromData.pairs == PurchaseMatrix(kept).pairCount)
    }
}
