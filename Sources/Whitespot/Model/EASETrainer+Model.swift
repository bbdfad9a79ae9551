import Foundation

extension EASETrainer {
    /// Fits an item–item model (``ModelFamily/ease``) from order lines: purchase matrix, B,
    /// segments and their penetration, and the data fingerprint (the lines, passed with `consume`,
    /// are freed before the fit). `parameters` are stored as the
    /// model's training parameters (the ALS settings an ensemble or a refit would use).
    ///
    /// ```swift
    /// let run = try EASETrainer(parameters: EASEParameters(), threads: 2)
    ///     .run(lines: lines, segmentSource: .column, parameters: TrainingParameters())
    /// ```
    /// - Throws: ``TrainingError``.
    public func run(
        lines: consuming OrderLines, segmentSource: SegmentSource, parameters: TrainingParameters, dataDescription: String = ""
    ) throws -> TrainingRun {
        try run(data: TrainingData(lines, segmentSource: segmentSource), parameters: parameters, dataDescription: dataDescription)
    }

    /// Fits B on `data` and returns the item–item model; `parameters` as in
    /// ``run(lines:segmentSource:parameters:dataDescription:)``.
    public func run(data: TrainingData, parameters: TrainingParameters, dataDescription: String = "") throws -> TrainingRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let b = try neighbours(data.matrix)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let model = WhitespotModel(
            data: data, factors: FactorPair(factors: 0, customerFactors: [], productFactors: []),
            parameters: parameters, family: .ease, itemWeights: b, ease: self.parameters, dataDescription: dataDescription)
        return TrainingRun(model: model, pairs: data.matrix.pairCount, fitSeconds: fitSeconds, iterationSeconds: [], losses: [])
    }
}
