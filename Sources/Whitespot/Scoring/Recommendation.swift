/// Which sales rule produced a recommendation.
public enum RecommendationKind: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    /// A complementary product the customer has not bought (an add-on within the price guard).
    case crossSell = "cross-sell"
    /// A pricier product in a category the customer buys.
    case upSell = "up-sell"
    /// More of a product the customer already buys, below what their segment buys.
    case deepSell = "deep-sell"
}

/// How a customer's affinities were obtained.
public enum ScoringPath: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    /// The customer's factors from the model.
    case model
    /// Factors computed from the customer's purchases against the model's products (the
    /// model was trained without this customer).
    case foldedIn = "folded-in"
    /// No purchases of any model product: the segment's penetration ranking alone.
    case segmentOnly = "segment-only"
}

/// One line of the output: a product to offer one customer, with the numbers behind it.
public struct Recommendation: Sendable, Equatable {
    /// Customer index in ``ScoringData/customers``.
    public var customer: Int
    /// Position in the customer's list, from 1.
    public var rank: Int
    /// Product index in ``ScoringData/products``.
    public var product: Int
    /// The rule that produced the line.
    public var kind: RecommendationKind
    /// Blended score w · affinity + (1 − w) · penetration (deep-sell: × gap / median).
    public var score: Double
    /// Normalised affinity in [0, 1]; nil on the segment-only path.
    public var affinity: Double?
    /// Share of the customer's segment who bought the product.
    public var penetration: Double
    /// Expected revenue: the segment's median revenue per buyer (deep-sell: gap × unit
    /// price); nil without revenue data.
    public var expectedRevenue: Double?
    /// Deep-sell only: the suggested extra quantity per year (segment median − customer's).
    public var suggestedQuantity: Double?
    /// The ranking key: ``score``, or score × expected revenue under `--rank-by value`.
    public var key: Double
    /// How the affinity was obtained.
    public var path: ScoringPath
    /// A short sentence for the salesperson, built from the numbers above.
    public var reason: String

    /// A recommendation from its parts.
    public init(
        customer: Int, rank: Int, product: Int, kind: RecommendationKind, score: Double,
        affinity: Double?, penetration: Double, expectedRevenue: Double?, suggestedQuantity: Double?,
        key: Double, path: ScoringPath, reason: String
    ) {
        self.customer = customer; self.rank = rank; self.product = product; self.kind = kind
        self.score = score; self.affinity = affinity; self.penetration = penetration
        self.expectedRevenue = expectedRevenue; self.suggestedQuantity = suggestedQuantity
        self.key = key; self.path = path; self.reason = reason
    }
}

/// A product in a plain ranking, with its ranking key (the blended score, or score ×
/// expected revenue under `rankBy: .value`).
public struct RankedProduct: Sendable, Equatable {
    /// Product index in ``ScoringData/products``.
    public var product: Int
    /// The ranking key.
    public var key: Float

    /// A ranked product from its parts.
    public init(product: Int, key: Float) {
        self.product = product
        self.key = key
    }
}
