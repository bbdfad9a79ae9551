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
    /// The ensemble's weight v of the standardised ALS scores (``ModelFamily/ensemble``).
    public var ensembleWeight = ModelSetting.defaultEnsembleWeight
    /// The blend weight w stored in the model (nil: ``ScoringConfiguration/defaultBlend`` at scoring).
    public var blend: Double?
    /// The segments of the penetration term (nil: the source the caller trains with, i.e. the
    /// data's or the command line's); `evaluate --tune` sets it when another source wins.
    public var segments: SegmentSource?
    /// The trailing window in days of the penetration term (nil: every purchase; see
    /// ``WhitespotModel/penetrationWindowDays``); `evaluate --tune` sets it when a window wins.
    public var penetrationWindowDays: Int?

    /// A setting of `family` with default hyper-parameters.
    public init(family: ModelFamily = .als, training: TrainingParameters = TrainingParameters(),
                ease: EASEParameters = EASEParameters(), blend: Double? = nil) {
        self.family = family; self.training = training; self.ease = ease; self.blend = blend
    }

    /// The tuned setting stored in `model` (family, the tuned hyper-parameters of each family,
    /// half-life, blend weight, segments and penetration window), the other training settings from `training`: what
    /// a job that does not re-tune trains its next model with.
    public init(tunedIn model: WhitespotModel, training: TrainingParameters) {
        var p = training
        p.factors = model.parameters.factors
        p.regularization = model.parameters.regularization
        p.alpha = model.parameters.alpha
        p.halfLifeDays = model.parameters.halfLifeDays
        self.init(family: model.family, training: p, ease: model.ease ?? EASEParameters(), blend: model.blend)
        self.ensembleWeight = model.ensembleWeight ?? ModelSetting.defaultEnsembleWeight
        self.segments = model.segmentSource
        self.penetrationWindowDays = model.penetrationWindowDays
    }

    /// The affinities of this setting fitted on `matrix` (ages to its last day, or `referenceDay`).
    /// - Throws: ``TrainingError``.
    func fit(_ matrix: PurchaseMatrix) throws -> FittedAffinities {
        switch family {
        case .als: return .factors(try ALSTrainer(parameters: training).fit(matrix))
        case .ease: return .itemWeights(try EASETrainer(parameters: ease, threads: training.threads).neighbours(matrix))
        case .ensemble:
            return .ensemble(try ALSTrainer(parameters: training).fit(matrix),
                             try EASETrainer(parameters: ease, threads: training.threads).neighbours(matrix))
        }
    }

    /// Trains the whole model of `lines` with this setting, the blend weight stored; its
    /// segments are ``segments`` when set, else `segmentSource`.
    /// - Throws: ``TrainingError``.
    public func train(lines: OrderLines, segmentSource given: SegmentSource, dataDescription: String = "") throws -> WhitespotModel {
        let segmentSource = segments ?? given
        var model: WhitespotModel
        switch family {
        case .als:
            model = try ALSTrainer.train(lines: lines, segmentSource: segmentSource, parameters: training, dataDescription: dataDescription)
        case .ease:
            model = try EASETrainer(parameters: ease, threads: training.threads)
                .run(lines: lines, segmentSource: segmentSource, parameters: training, dataDescription: dataDescription).model
        case .ensemble:
            model = try trainEnsemble(lines: lines, segmentSource: segmentSource, dataDescription: dataDescription).model
        }
        model.blend = blend
        model.penetrationWindowDays = penetrationWindowDays
        return model
    }
}

/// A setting's fitted affinities, before they become a model.
enum FittedAffinities: Sendable {
    /// ALS customer and product factors.
    case factors(FactorPair)
    /// EASE weights B, as kept neighbours.
    case itemWeights(ItemWeights)
    /// Both, for the ensemble.
    case ensemble(FactorPair, ItemWeights)

    /// The ALS factors (none for EASE: 0 factors).
    var factorPair: FactorPair {
        switch self {
        case .factors(let pair), .ensemble(let pair, _): return pair
        case .itemWeights: return FactorPair(factors: 0, customerFactors: [], productFactors: [])
        }
    }

    /// The EASE weights B (empty for ALS).
    var itemWeights: ItemWeights {
        switch self {
        case .itemWeights(let b), .ensemble(_, let b): return b
        case .factors: return ItemWeights()
        }
    }
}
