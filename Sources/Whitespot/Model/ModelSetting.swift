import Foundation

/// A complete model setting: the family, the hyper-parameters of each family and the blend
/// weight. What `train --algorithm` fits and what `evaluate --tune` chooses and stores.
///
/// ```swift
/// var setting = ModelSetting(family: .ease)
/// setting.ease.regularization = 300
/// let model = try setting.train(lines: lines, segmentSource: .column)
/// ```
public struct ModelSetting: Sendable, Equatable {
    /// Which affinity the model ranks by.
    public var family: ModelFamily
    /// ALS hyper-parameters (also stored in item–item models, whose threads they give).
    public var training: TrainingParameters
    /// Item–item hyper-parameters (used when the family is ``ModelFamily/ease``).
    public var ease: EASEParameters
    /// The blend weight w stored in the model (nil: ``ScoringConfiguration/defaultBlend`` at scoring).
    public var blend: Double?

    /// A setting of `family` with default hyper-parameters.
    public init(family: ModelFamily = .als, training: TrainingParameters = TrainingParameters(),
                ease: EASEParameters = EASEParameters(), blend: Double? = nil) {
        self.family = family; self.training = training; self.ease = ease; self.blend = blend
    }

    /// The affinities of this setting fitted on `matrix` (ages to its last day, or `referenceDay`).
    /// - Throws: ``TrainingError``.
    func fit(_ matrix: PurchaseMatrix) throws -> FittedAffinities {
        switch family {
        case .als: return .factors(try ALSTrainer(parameters: training).fit(matrix))
        case .ease: return .itemWeights(try EASETrainer(parameters: ease, threads: training.threads).fit(matrix))
        }
    }

    /// Trains the whole model of `lines` with this setting, the blend weight stored.
    /// - Throws: ``TrainingError``.
    public func train(lines: OrderLines, segmentSource: SegmentSource, dataDescription: String = "") throws -> WhitespotModel {
        var model: WhitespotModel
        switch family {
        case .als:
            model = try ALSTrainer.train(lines: lines, segmentSource: segmentSource, parameters: training, dataDescription: dataDescription)
        case .ease:
            model = try EASETrainer(parameters: ease, threads: training.threads)
                .run(lines: lines, segmentSource: segmentSource, parameters: training, dataDescription: dataDescription).model
        }
        model.blend = blend
        return model
    }
}

/// A setting's fitted affinities, before they become a model.
enum FittedAffinities: Sendable {
    /// ALS customer and product factors.
    case factors(FactorPair)
    /// EASE weights B, products × products.
    case itemWeights([Float])
}
