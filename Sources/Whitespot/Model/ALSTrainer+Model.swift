import Foundation

/// The outcome of training a model from order lines: the model plus what the run measured.
public struct TrainingRun: Sendable {
    /// The trained model.
    public var model: WhitespotModel
    /// Number of (customer, product) purchase pairs trained on.
    public var pairs: Int
    /// Seconds spent fitting (building the matrix, confidences and segments excluded).
    public var fitSeconds: Double
    /// Seconds of each iteration.
    public var iterationSeconds: [Double]
    /// Training loss after each iteration (empty unless computed or early stopping is on).
    public var losses: [Double]
}

extension TrainingParameters {
    /// These parameters with `iterations` set to the number actually run (fewer after early
    /// stopping): training again with them gives the same factors.
    func ran(iterations count: Int) -> TrainingParameters {
        var p = self
        p.iterations = count
        return p
    }
}

extension ALSTrainer {
    /// Trains a complete model from order lines: purchase matrix, confidences, factors,
    /// segments and their penetration, and the data fingerprint.
    ///
    /// ```swift
    /// let model = try ALSTrainer.train(lines: lines, segmentSource: .column, parameters: p)
    /// ```
    /// - Throws: ``TrainingError``.
    public static func train(
        lines: OrderLines, segmentSource: SegmentSource, parameters: TrainingParameters,
        dataDescription: String = "", progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> WhitespotModel {
        try ALSTrainer(parameters: parameters)
            .run(lines: lines, segmentSource: segmentSource, dataDescription: dataDescription, progress: progress)
            .model
    }

    /// Like ``train(lines:segmentSource:parameters:dataDescription:progress:)`` with this
    /// trainer's settings, also returning timings, losses and counts. Takes the lines: passed
    /// with `consume`, they are freed before the fit (``TrainingData``).
    public func run(
        lines: consuming OrderLines, segmentSource: SegmentSource, dataDescription: String = "",
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingRun {
        try run(data: TrainingData(lines, segmentSource: segmentSource), dataDescription: dataDescription, progress: progress)
    }

    /// Fits the factors of `data` with this trainer's settings and returns the model with
    /// timings, losses and counts.
    public func run(
        data: TrainingData, dataDescription: String = "", progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let pair = try fit(data.matrix, progress: progress)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let model = WhitespotModel(
            data: data, factors: pair, parameters: parameters.ran(iterations: pair.iterationSeconds.count),
            dataDescription: dataDescription)
        return TrainingRun(
            model: model, pairs: data.matrix.pairCount, fitSeconds: fitSeconds,
            iterationSeconds: pair.iterationSeconds, losses: pair.losses)
    }
}
