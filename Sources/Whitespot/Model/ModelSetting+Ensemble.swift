import Dispatch

extension ModelSetting {
    /// The ensemble weight v when none is chosen: ALS and EASE count alike.
    public static let defaultEnsembleWeight = 0.5

    /// Throws ``TrainingError/invalidParameter(_:value:requirement:)`` unless 0 ≤ `v` ≤ 1.
    public static func checkEnsembleWeight(_ v: Double) throws {
        guard (0 ... 1).contains(v) else {
            throw TrainingError.invalidParameter(.ensembleWeight, value: "\(v)", requirement: "a number from 0 to 1")
        }
    }

    /// Throws ``TrainingError/invalidParameter(_:value:requirement:)`` unless the penetration
    /// window `days` is at least 1.
    public static func checkPenetrationWindow(_ days: Int) throws {
        guard days >= 1 else {
            throw TrainingError.invalidParameter(.penetrationWindowDays, value: "\(days)", requirement: "a whole number of days ≥ 1")
        }
    }

    /// Trains an ensemble (``ModelFamily/ensemble``) from order lines: one purchase matrix, ALS
    /// factors with ``training`` and B with ``ease`` fitted on it, v = ``ensembleWeight``,
    /// segments from `segmentSource`. The run's fit time is both fits; its iteration times and
    /// losses are ALS's.
    ///
    /// ```swift
    /// var setting = ModelSetting(family: .ensemble)
    /// setting.ensembleWeight = 0.25
    /// let run = try setting.trainEnsemble(lines: lines, segmentSource: .column)
    /// ```
    /// - Throws: ``TrainingError``.
    public func trainEnsemble(
        lines: consuming OrderLines, segmentSource: SegmentSource, dataDescription: String = "",
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingRun {
        try trainEnsemble(data: TrainingData(lines, segmentSource: segmentSource), dataDescription: dataDescription, progress: progress)
    }

    /// Fits the ensemble of `data`, as ``trainEnsemble(lines:segmentSource:dataDescription:progress:)``.
    /// - Throws: ``TrainingError``.
    public func trainEnsemble(
        data: TrainingData, dataDescription: String = "", progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingRun {
        try Self.checkEnsembleWeight(ensembleWeight)
        try ease.validate()
        let start = DispatchTime.now().uptimeNanoseconds
        let pair = try ALSTrainer(parameters: training).fit(data.matrix, progress: progress)
        let b = try EASETrainer(parameters: ease, threads: training.threads).neighbours(data.matrix)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let model = WhitespotModel(
            data: data, factors: pair, parameters: training.ran(iterations: pair.iterationSeconds.count),
            family: .ensemble, itemWeights: b, ease: ease, ensembleWeight: ensembleWeight, dataDescription: dataDescription)
        return TrainingRun(
            model: model, pairs: data.matrix.pairCount, fitSeconds: fitSeconds,
            iterationSeconds: pair.iterationSeconds, losses: pair.losses)
    }
}
