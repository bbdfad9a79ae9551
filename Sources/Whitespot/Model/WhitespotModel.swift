import Foundation

/// Everything scoring needs, as trained and as stored on disk.
///
/// Factors are row-major float32: customer `u`'s embedding is
/// `customerFactors[u*factors ..< (u+1)*factors]`, likewise for products. An item–item model
/// (``ModelFamily/ease``) has no factors (``factors`` = 0) and holds B in ``itemWeights``; an
/// ensemble holds both.
public struct WhitespotModel: Sendable, Equatable {
    /// Customer ids, indexing the rows of ``customerFactors``.
    public var customers: Vocabulary
    /// Product ids, indexing the rows of ``productFactors``.
    public var products: Vocabulary
    /// Embedding dimension.
    public var factors: Int
    /// Customer embeddings, customers × factors, row-major.
    public var customerFactors: [Float]
    /// Product embeddings, products × factors, row-major.
    public var productFactors: [Float]
    /// Display names of products (nil where unknown), indexed like ``products``; empty when
    /// the training data named no products.
    public var productNames: [String?]
    /// Segment of every customer at training time.
    public var segments: CustomerSegments
    /// How segments were formed.
    public var segmentSource: SegmentSource
    /// Segment × product penetration at training time.
    public var penetration: SegmentPenetration
    /// Hyper-parameters the factors were trained with.
    public var parameters: TrainingParameters
    /// The blend weight w that `score` uses by default (set by tuning), nil when never tuned.
    public var blend: Double?
    /// Which affinity the scorer ranks by.
    public var family: ModelFamily
    /// EASE weights B as kept neighbours (score of product j: Σ_i x_ui · B[i, j]); empty
    /// unless the family uses them.
    public var itemWeights: ItemWeights
    /// The hyper-parameters B was fitted with; nil without B.
    public var ease: EASEParameters?
    /// The ensemble's weight v of the ALS scores (1 − v: the EASE scores), in [0, 1]; nil
    /// unless the family is ``ModelFamily/ensemble``.
    public var ensembleWeight: Double?
    /// The trailing window in days of the scorer's penetration term (nil: every purchase), see
    /// ``SegmentPenetration/recent(matrix:segments:windowDays:referenceDay:)``; set by tuning.
    public var penetrationWindowDays: Int?
    /// Fingerprint of the training data (hex digest of the purchase pairs).
    public var dataFingerprint: String
    /// Free-form description of the training data (file name, line counts).
    public var dataDescription: String
    /// When the model was trained.
    public var createdAt: Date

    /// A model from its parts.
    public init(
        customers: Vocabulary, products: Vocabulary, factors: Int,
        customerFactors: [Float], productFactors: [Float], productNames: [String?] = [],
        segments: CustomerSegments, segmentSource: SegmentSource, penetration: SegmentPenetration,
        parameters: TrainingParameters, blend: Double? = nil,
        family: ModelFamily = .als, itemWeights: ItemWeights = ItemWeights(), ease: EASEParameters? = nil,
        ensembleWeight: Double? = nil, dataFingerprint: String, dataDescription: String = "", createdAt: Date = Date()
    ) {
        precondition(customerFactors.count == customers.count * factors)
        precondition(productFactors.count == products.count * factors)
        precondition(itemWeights.productCount == (family.usesItemWeights ? products.count : 0))
        precondition((ease != nil) == family.usesItemWeights)
        precondition((ensembleWeight != nil) == (family == .ensemble))
        precondition(productNames.isEmpty || productNames.count == products.count)
        self.customers = customers; self.products = products; self.factors = factors
        self.customerFactors = customerFactors; self.productFactors = productFactors
        self.productNames = productNames
        self.segments = segments; self.segmentSource = segmentSource; self.penetration = penetration
        self.parameters = parameters; self.blend = blend
        self.family = family; self.itemWeights = itemWeights; self.ease = ease
        self.ensembleWeight = ensembleWeight
        self.dataFingerprint = dataFingerprint; self.dataDescription = dataDescription
        self.createdAt = createdAt
    }
}
