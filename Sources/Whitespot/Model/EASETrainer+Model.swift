import Foundation

extension EASETrainer {
    /// Fits an item–item model (``ModelFamily/ease``) from order lines: purchase matrix, B,
    /// segments and their penetration, and the data fingerprint. `parameters` are stored as the
    /// model's training parameters (the ALS settings an ensemble or a refit would use).
    ///
    /// ```swift
    /// let run = try EASETrainer(parameters: EASEParameters(), threads: 2)
    ///     .run(lines: lines, segmentSource: .column, parameters: TrainingParameters())
    /// ```
    /// - Throws: ``TrainingError``.
    public func run(
        lines: OrderLines, segmentSource: SegmentSource, parameters: TrainingParameters, dataDescription: String = ""
    ) throws -> TrainingRun {
        let matrix = PurchaseMatrix(lines)
        let start = DispatchTime.now().uptimeNanoseconds
        let b = try fit(matrix)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let model = WhitespotModel(
            lines: lines, matrix: matrix, segmentSource: segmentSource,
            factors: FactorPair(factors: 0, customerFactors: [], productFactors: []),
            parameters: parameters, family: .ease, itemWeights: b, ease: self.parameters, dataDescription: dataDescription)
        return TrainingRun(model: model, pairs: matrix.pairCount, fitSeconds: fitSeconds, iterationSeconds: [], losses: [])
    }
}
