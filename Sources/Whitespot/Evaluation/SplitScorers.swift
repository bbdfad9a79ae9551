/// Scorers over a split's train lines, one per fitted model and blend weight: the model
/// `score` would use had it been trained at the split's cutoff (segments and penetration of
/// the split).
///
/// What does not depend on the fit or the blend — the split's penetration, its data
/// fingerprint and the ``ScoringData`` (purchases, segments, prices, medians) — is computed
/// once per split and segment source and shared by every scorer, so a tuning grid does not
/// rebuild it per trial. A setting's ``ModelSetting/segments`` (else the split's source) gives
/// the segments, formed from the train lines with RFM recency measured to the cutoff.
struct SplitScorers {
    /// The split scored.
    let split: TemporalSplit
    /// The list configuration of the delivered scorers (its blend is set per scorer).
    let options: EvaluationOptions
    /// Products per list: the longest list the evaluator reads.
    let listLength: Int
    private let fingerprint: String
    private var bySource: [SegmentSource: Segmented] = [:]

    /// The segments of one source, their penetration and the scoring data built with them.
    private struct Segmented {
        var segments: CustomerSegments
        var penetration: SegmentPenetration
        var data: ScoringData?
    }

    /// Scorers over `split` with the scoring settings of `options`, ranking `listLength` products.
    init(split: TemporalSplit, options: EvaluationOptions, listLength: Int) {
        self.split = split
        self.options = options
        self.listLength = listLength
        self.bySource[split.segmentSource] = Segmented(
            segments: split.segments, penetration: SegmentPenetration(matrix: split.matrix, segments: split.segments))
        self.fingerprint = split.matrix.fingerprint(customers: split.train.customers, products: split.train.products)
    }

    /// The scorer of `fitted` (fitted with `setting`) at blend weight `blend`: with the
    /// options' list configuration when `delivered` (the list `score` writes), else the plain
    /// ranking (no rules, life cycle, variants or candidate options; the same normalisation and
    /// penetration shrinkage).
    mutating func scorer(fitted: FittedAffinities, setting: ModelSetting, blend: Double, delivered: Bool) throws -> Scorer {
        let factors = fitted.factorPair, weights = fitted.itemWeights
        let source = setting.segments ?? split.segmentSource
        var segmented = bySource[source] ?? {
            let segments = CustomerSegments(split.train, by: source, referenceDay: split.cutoff)
            return Segmented(segments: segments, penetration: SegmentPenetration(matrix: split.matrix, segments: segments))
        }()
        var model = WhitespotModel(
            customers: split.train.customers, products: split.train.products, factors: factors.factors,
            customerFactors: factors.customerFactors, productFactors: factors.productFactors,
            productNames: split.train.catalog.name,
            segments: segmented.segments, segmentSource: source,
            penetration: segmented.penetration, parameters: setting.training, blend: blend,
            family: setting.family, itemWeights: weights, ease: setting.family.usesItemWeights ? setting.ease : nil,
            ensembleWeight: setting.family == .ensemble ? setting.ensembleWeight : nil, dataFingerprint: fingerprint)
        model.penetrationWindowDays = setting.penetrationWindowDays
        var configuration = ScoringConfiguration()
        if delivered {
            configuration = options.scoring
        } else {
            configuration.normalization = options.scoring.normalization
            configuration.penetrationShrinkage = options.scoring.penetrationShrinkage
            configuration.rules = .off
            configuration.activeWithinDays = 0
            configuration.excludeVariants = false
        }
        configuration.blend = blend
        configuration.top = listLength
        // ScoringData reads only the model's customers, products and segment source: the split's,
        // with RFM recency measured to the cutoff as the split's own segments are.
        let data = segmented.data ?? ScoringData(model: model, lines: split.train, referenceDay: split.cutoff)
        segmented.data = data
        bySource[source] = segmented
        return try Scorer(model: model, data: data, configuration: configuration)
    }
}
