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
    /// How far the penetration term pulls small segments' shares toward all customers' share
    /// (``PenetrationShrinkage``); reasons always quote the observed share.
    public var penetrationShrinkage = PenetrationShrinkage.estimated
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
    /// Product life cycle: products nobody bought within this many days before the reference
    /// day (the day after the last order line; an evaluation's cutoff) are never offered.
    /// nil: the data-derived default (``ProductLifeCycle/defaultWindowDays``), widened for each
    /// product to its own longest gap between sales (``ProductLifeCycle/productWindow(_:base:)``);
    /// a number: that window for every product; 0: off.
    public var activeWithinDays: Int?
    /// Variants: leave out products whose family (``ProductFamilies``: same normalised name,
    /// same category) the customer already buys under another code.
    public var excludeVariants = true
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

/// Where deep-sell rows go in a customer's list.
public enum DeepSellPlacement: String, Sendable, CaseIterable {
    /// After the whitespots, up to ``SalesRules/deepSellCount`` of them (default): deep-sells
    /// never take a whitespot's place.
    case separate
    /// Ranked together with the whitespots by their key, cut at the list length (they may
    /// push whitespots out).
    case mixed
    /// No deep-sell rows.
    case off
}

/// The sales rules: which kind each row is, what its reason says, and which deep-sells join it.
///
/// The rules label whitespots; they never remove one (a product line the customer does not buy
/// yet is the heart of a whitespot analysis). Prices are unit prices (catalogue price, else the
/// median of revenue / quantity over the product's lines with positive quantity and revenue in
/// the orders scored). The customer's *reference purchase in a category* is the highest unit
/// price among the products they bought in it.
///
/// For a whitespot i with price p_i in category C:
/// 1. **up-sell** when the customer buys in C, ref_C < p_i ≤ (1 + `upSellMaxIncrease`) · ref_C,
///    and i's penetration term in the segment (``Scorer``) is at least that of the reference product: a better
///    version of what they buy;
/// 2. otherwise **cross-sell**. When the purchase it is explained with (its most similar
///    purchase by embedding) is a main product for it, p_i ≤ `crossSellPriceFraction` × that
///    product's price, the reason offers it as an add-on to that product; a pricier product is
///    never called an add-on of a cheaper one.
///
/// **deep-sell**: a product the customer still buys (last bought within the product life-cycle
/// window, or within twice their own average interval between its purchases when that is
/// longer, at most a year) whose yearly quantity (net quantity × 365 / T_u, T_u = days from the
/// customer's first purchase to the last day of the orders, at least 91) is below the median
/// yearly quantity of the product's buyers in the segment (at least `deepSellMinimumBuyers` of
/// them); the gap is the suggested extra quantity per year, and its score is the blended score
/// × gap / median. Where deep-sells go in the list: `deepSells`.
public struct SalesRules: Sendable, Equatable {
    /// Whether the rules apply at all (off: plain whitespot ranking, every line a cross-sell).
    public var enabled = true
    /// Largest price of an add-on as a fraction of the main product it goes with.
    public var crossSellPriceFraction = 0.25
    /// Whether up-sells are labelled (off: they are cross-sells).
    public var upSell = true
    /// Largest price increase of an up-sell over the reference purchase (0.25 = +25 %).
    public var upSellMaxIncrease = 0.25
    /// Where deep-sells go (default: after the whitespots).
    public var deepSells = DeepSellPlacement.separate
    /// Most deep-sell rows per customer under ``DeepSellPlacement/separate``.
    public var deepSellCount = 1
    /// Fewest buyers in the segment for its median yearly quantity to count.
    public var deepSellMinimumBuyers = 5

    /// Defaults as documented on each property.
    public init() {}

    /// Rules switched off.
    public static var off: SalesRules {
        var rules = SalesRules()
        rules.enabled = false
        return rules
    }

    /// Whether deep-sell rows are produced at all.
    public var offersDeepSells: Bool { enabled && deepSells != .off }
}
