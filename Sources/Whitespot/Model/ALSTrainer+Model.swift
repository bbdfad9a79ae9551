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
    /// trainer's settings, also returning timings, losses and counts.
    public func run(
        lines: OrderLines, segmentSource: SegmentSource, dataDescription: String = "",
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingRun {
        let matrix = PurchaseMatrix(lines)
        let start = DispatchTime.now().uptimeNanoseconds
        let pair = try fit(matrix, progress: progress)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let model = WhitespotModel(
            lines: lines, matrix: matrix, segmentSource: segmentSource, factors: pair,
            parameters: parameters.ran(iterations: pair.iterationSeconds.count), dataDescription: dataDescription)
        return TrainingRun(
            model: model, pairs: matrix.pairCount, fitSeconds: fitSeconds,
            iterationSeconds: pair.iterationSeconds, losses: pair.losses)
    }
}

extension WhitespotModel {
    /// The model of `lines` (whose purchase matrix is `matrix`) with the given factors and,
    /// for an item–item model or an ensemble, weights: segments, penetration, product names and the data
    /// fingerprint are computed here.
    init(
        lines: OrderLines, matrix: PurchaseMatrix, segmentSource: SegmentSource, factors pair: FactorPair,
        parameters: TrainingParameters, family: ModelFamily = .als, itemWeights: [Float] = [], ease: EASEParameters? = nil,
        ensembleWeight: Double? = nil, dataDescription: String
    ) {
        let segments = CustomerSegments(lines, by: segmentSource)
        var catalog = lines.catalog
        catalog.resize(to: lines.products.count)
        let names = Array(catalog.name.prefix(lines.products.count))
        self.init(
            customers: lines.customers, products: lines.products, factors: pair.factors,
            customerFactors: pair.customerFactors, productFactors: pair.productFactors,
            productNames: names.contains { $0 != nil } ? names : [],
            segments: segments, segmentSource: segmentSource,
            penetration: SegmentPenetration(matrix: matrix, segments: segments),
            parameters: parameters, family: family, itemWeights: itemWeights, ease: ease, ensembleWeight: ensembleWeight,
            dataFingerprint: matrix.fingerprint(customers: lines.customers, products: lines.products),
            dataDescription: dataDescription)
    }
}
