/// How `score` ranks and filters recommendations: blend weight, candidate options and sales rules.
///
/// ```swift
/// var configuration = ScoringConfiguration()
/// configuration.blend = 0.7
/// configuration.rankBy = .value
/// configuration.excludedProducts = ["POST", "FEE"]
/// ```
public struct ScoringConfiguration: Sendable, Equatable {
    /// The blend weight used when neither the configuration nor the model gives one.
    public static let defaultBlend = 0.5

    /// What the list is ordered by.
    public enum RankBy: String, Sendable, CaseIterable {
        /// The blended score (a likelihood-like number in [0, 1]).
        case probability
        /// The blended score × the product's expected revenue for the customer's segment.
        case value
    }

    /// Blend weight w in `score = w · affinity + (1 − w) · penetration`; nil takes the model's
    /// tuned ``WhitespotModel/blend``, else ``defaultBlend``.
    public var blend: Double?
    /// How raw embedding scores become affinities in [0, 1].
    public var normalization: AffinityNormalization = .minMax
    /// Ranking key.
    public var rankBy: RankBy = .probability
    /// Recommendations per customer.
    public var top: Int = 3
    /// Re-activation: products the customer bought, but not in the last this many months
    /// (30.44 days each, counted back from the last day of the orders), are candidates again.
    public var reactivationMonths: Int?
    /// Only products in these categories are candidates (nil: all categories).
    public var categories: Set<String>?
    /// Product ids that are never recommended (fees, discontinued products).
    public var excludedProducts: Set<String> = []
    /// The sales rules; ``SalesRules/off`` ranks plain whitespots by score.
    public var rules = SalesRules()

    /// Defaults as documented on each property.
    public init() {}
}

/// How a customer's raw embedding scores s_i = x_uᵀ y_i become affinities a_i in [0, 1].
///
/// Statistics are taken over the customer's candidates C_u (the products that may be
/// recommended), so that the transformation is per customer:
/// - ``minMax``: a_i = (s_i − min_C s) / (max_C s − min_C s); the best candidate gets 1, the
///   worst 0. When all candidate scores are equal, a_i = 0.5.
/// - ``logistic``: a_i = 1 / (1 + exp(−(s_i − μ_C) / σ_C)) with μ_C, σ_C the mean and
///   population standard deviation of s over C; a_i = 0.5 when σ_C = 0.
///
/// Products outside C (deep-sell products, which are already bought) use the same formula
/// with the same statistics, clamped to [0, 1]. Both are strictly increasing in s, so with
/// w = 1 the ranking is the embedding ranking.
public enum AffinityNormalization: String, Sendable, CaseIterable {
    /// Min–max over the customer's candidates (default).
    case minMax = "min-max"
    /// Logistic of the score standardised over the customer's candidates.
    case logistic
}

/// The sales rules that decide which ranked products are offered and under which label.
///
/// Prices are unit prices (catalogue price, else the median of revenue / quantity over the
/// product's lines). The customer's *reference purchase in a category* is the highest unit
/// price among the products they bought in it; their *main purchase* is the highest over all
/// categories. A product is a *main product* for the customer when it costs more than
/// `crossSellPriceFraction` × their main purchase, otherwise an *add-on*.
///
/// For a whitespot candidate i with price p_i in category C:
/// 1. **up-sell** when the customer buys in C, ref_C < p_i ≤ (1 + `upSellMaxIncrease`) · ref_C,
///    and i's penetration in the segment is at least that of the reference product;
/// 2. otherwise **cross-sell** when i is an add-on: p_i ≤ `crossSellPriceFraction` × main purchase;
/// 3. otherwise not offered: a main product is never recommended on the strength of cheaper
///    purchases (no laptop for the buyer of a mouse).
///
/// When the price of i or every price of the customer's purchases is unknown, the price rules
/// cannot judge and i is a cross-sell. **deep-sell**: a product the customer already buys whose
/// yearly quantity (net quantity × 365 / T_u, T_u = days from the customer's first purchase to
/// the last day of the orders, at least 91) is below the median yearly quantity of the
/// product's buyers in the segment (at least `deepSellMinimumBuyers` of them); the gap is the
/// suggested extra quantity per year, and its score is the blended score × gap / median.
public struct SalesRules: Sendable, Equatable {
    /// Whether the rules apply at all (off: plain whitespot ranking, every line a cross-sell).
    public var enabled = true
    /// Largest price of an add-on as a fraction of the customer's main purchase.
    public var crossSellPriceFraction = 0.25
    /// Whether up-sells are offered.
    public var upSell = true
    /// Largest price increase of an up-sell over the reference purchase (0.25 = +25 %).
    public var upSellMaxIncrease = 0.25
    /// Whether deep-sells are offered.
    public var deepSell = true
    /// Fewest buyers in the segment for its median yearly quantity to count.
    public var deepSellMinimumBuyers = 5
    /// How many top-scored candidates the rules examine before scanning the rest.
    public var candidatePool = 50

    /// Defaults as documented on each property.
    public init() {}

    /// Rules switched off.
    public static var off: SalesRules {
        var rules = SalesRules()
        rules.enabled = false
        return rules
    }
}
