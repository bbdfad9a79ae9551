/// Everything a model takes from its order lines besides the fitted weights: the purchase
/// matrix to fit, the vocabularies, product names, segments, their penetration and the data
/// fingerprint.
///
/// Built before the fit so that the lines can be freed first: at 2M customers the lines are
/// 1.9 GB and the fit never reads them (Benchmarks/SCALE.md).
///
/// ```swift
/// let data = TrainingData(consume lines, segmentSource: .column)
/// let run = try ALSTrainer(parameters: p).run(data: data)
/// ```
public struct TrainingData: Sendable {
    /// The purchase matrix the weights are fitted on.
    public let matrix: PurchaseMatrix
    /// Customer ids (the matrix rows).
    public let customers: Vocabulary
    /// Product ids (the matrix columns).
    public let products: Vocabulary
    /// Display name per product, or empty when the lines name none.
    public let productNames: [String?]
    /// Customer segments from `segmentSource`.
    public let segments: CustomerSegments
    /// Where the segments come from.
    public let segmentSource: SegmentSource
    /// Share of each segment that bought each product.
    public let penetration: SegmentPenetration
    /// The fingerprint of the purchase matrix and vocabularies (``PurchaseMatrix/fingerprint(customers:products:)``).
    public let dataFingerprint: String
    /// Number of order lines it was built from.
    public let lineCount: Int

    /// The data of `lines` with segments from `segmentSource`; takes the lines, so that a caller
    /// who passes them with `consume` has them freed when this returns.
    public init(_ lines: consuming OrderLines, segmentSource: SegmentSource) {
        var lines = consume lines  // an ordinary binding, read several times, released at the end
        let segments = CustomerSegments(lines, by: segmentSource)
        var catalog = lines.catalog
        catalog.resize(to: lines.products.count)
        let names = Array(catalog.name.prefix(lines.products.count))
        // The columns the matrix does not read go before it is built (its peak: the lines, the
        // line order and the pairs at once).
        lines.segment = []
        lines.order = []
        lines.catalog = ProductCatalog()
        let matrix = PurchaseMatrix(lines)
        self.matrix = matrix
        customers = lines.customers
        products = lines.products
        productNames = names.contains { $0 != nil } ? names : []
        self.segments = segments
        self.segmentSource = segmentSource
        penetration = SegmentPenetration(matrix: matrix, segments: segments)
        dataFingerprint = matrix.fingerprint(customers: lines.customers, products: lines.products)
        lineCount = lines.count
    }
}

extension WhitespotModel {
    /// The model of `data` with the given factors and, for an item–item model or an ensemble,
    /// weights: vocabularies, product names, segments, penetration and fingerprint are `data`'s.
    init(
        data: TrainingData, factors pair: FactorPair, parameters: TrainingParameters, family: ModelFamily = .als,
        itemWeights: ItemWeights = ItemWeights(), ease: EASEParameters? = nil, ensembleWeight: Double? = nil, dataDescription: String
    ) {
        self.init(
            customers: data.customers, products: data.products, factors: pair.factors,
            customerFactors: pair.customerFactors, productFactors: pair.productFactors,
            productNames: data.productNames, segments: data.segments, segmentSource: data.segmentSource,
            penetration: data.penetration, parameters: parameters, family: family, itemWeights: itemWeights, ease: ease,
            ensembleWeight: ensembleWeight, dataFingerprint: data.dataFingerprint, dataDescription: dataDescription)
    }
}
