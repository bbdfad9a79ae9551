import ArgumentParser
import Foundation
import Whitespot

/// What goes into the list a sales rep receives: shared by `score` (which writes it) and
/// `evaluate` (which measures and tunes it), so the same flags mean the same list.
struct ListOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Blend weight w in score = w · affinity + (1 − w) · penetration, in [0, 1] (default: score uses the model's tuned value, else \(ScoringConfiguration.defaultBlend); evaluate uses \(ScoringConfiguration.defaultBlend) or tunes it).",
        valueName: "w"))
    var blend: Double?

    @Option(name: [.customLong("affinity"), .customLong("normalization")],
            help: "How embedding scores become affinities in [0, 1] per customer: min-max or logistic.")
    var affinity: AffinityNormalization = .minMax

    @Option(name: .customLong("rank-by"), help: "probability (the score) or value (score × the segment's median revenue per buyer).")
    var rankBy: ScoringConfiguration.RankBy = .probability

    @Option(name: .customLong("penetration-shrinkage"), help: ArgumentHelp(
        "How far the penetration term pulls each segment's share toward all customers' share: (buyers + m · all-customer share) / (segment size + m). auto estimates m from how much segments differ beyond chance (printed in the summary), none uses the observed share, a number fixes m in customers.",
        valueName: "auto|none|m"))
    var penetrationShrinkage: PenetrationShrinkage = .estimated

    @Option(name: .customLong("active-within"), help: ArgumentHelp(
        "Product life cycle: offer only products someone bought in the last this many days, one window for every product (0 = off; default: derived from the data, printed in the summary, and widened for each product to its own longest gap between sales).",
        valueName: "days"))
    var activeWithin: Int?

    @Flag(name: .customLong("keep-variants"), help: "Also offer products whose name (within a category) the customer already buys under another code.")
    var keepVariants = false

    @Option(name: .customLong("reactivate-after"), help: ArgumentHelp("Also offer products bought, but not in the last this many months.", valueName: "months"))
    var reactivateAfter: Int?

    @Option(help: ArgumentHelp("Recommend only products of these categories (comma-separated).", valueName: "list"))
    var categories: NameList?

    @Flag(name: .customLong("no-rules"), help: "Plain whitespot ranking: no up-sell labels, add-on reasons or deep-sells.")
    var noRules = false

    @Option(name: .customLong("deep-sell"), help: ArgumentHelp(
        "Deep-sells (more of what a customer still buys, below their segment's median): separate (after the whitespots, default), mixed (ranked with them, may push whitespots out) or off.",
        valueName: "placement"))
    var deepSell: DeepSellPlacement = .separate

    @Option(name: .customLong("deep-sell-count"), help: "Most deep-sell rows per customer with --deep-sell separate.")
    var deepSellCount = SalesRules().deepSellCount

    @Option(name: .customLong("deep-sell-min-buyers"), help: "Fewest buyers in the segment for its median quantity to count.")
    var deepSellMinBuyers = SalesRules().deepSellMinimumBuyers

    @Option(name: .customLong("cross-sell-fraction"), help: "Largest price of an add-on as a fraction of the main product it goes with (for the add-on reason).")
    var crossSellFraction = SalesRules().crossSellPriceFraction

    @Option(name: .customLong("up-sell-max"), help: "Largest up-sell price increase over the reference purchase (0.25 = +25 %).")
    var upSellMax = SalesRules().upSellMaxIncrease

    @Flag(name: .customLong("no-up-sell"), help: "Label no up-sells (they become cross-sells).")
    var noUpSell = false

    func validate() throws {
        if let blend, !(0...1).contains(blend) { throw ValidationError("--blend must be in [0, 1], got \(blend)") }
        guard crossSellFraction > 0 else { throw ValidationError("--cross-sell-fraction must be positive, got \(crossSellFraction)") }
        guard upSellMax > 0 else { throw ValidationError("--up-sell-max must be positive, got \(upSellMax)") }
        guard deepSellCount >= 0 else { throw ValidationError("--deep-sell-count must not be negative, got \(deepSellCount)") }
        if let activeWithin, activeWithin < 0 { throw ValidationError("--active-within must be 0 (off) or a number of days, got \(activeWithin)") }
        if let reactivateAfter, !(1...1200).contains(reactivateAfter) {
            throw ValidationError("--reactivate-after must be 1 to 1,200 months (100 years), got \(reactivateAfter)")
        }
    }

    /// The library configuration these flags describe, with `top` rows per customer and the
    /// order options' exclusions.
    func configuration(top: Int, input: OrderOptions) throws -> ScoringConfiguration {
        var c = ScoringConfiguration()
        c.blend = blend
        c.rankBy = rankBy
        c.normalization = affinity
        c.top = top
        c.reactivationMonths = reactivateAfter
        c.activeWithinDays = activeWithin
        c.penetrationShrinkage = penetrationShrinkage
        c.excludeVariants = !keepVariants
        c.categories = categories?.names
        if let list = input.excludeProducts { c.excludedProducts = Set(try ProductList.codes(from: list)) }
        c.rules = noRules ? .off : SalesRules()
        c.rules.crossSellPriceFraction = crossSellFraction
        c.rules.upSellMaxIncrease = upSellMax
        c.rules.upSell = !noUpSell
        c.rules.deepSells = deepSell
        c.rules.deepSellCount = deepSellCount
        c.rules.deepSellMinimumBuyers = deepSellMinBuyers
        return c
    }
}

extension ScoringConfiguration.RankBy: ExpressibleByArgument {}
extension AffinityNormalization: ExpressibleByArgument {}
extension DeepSellPlacement: ExpressibleByArgument {}

extension PenetrationShrinkage: ExpressibleByArgument {
    /// `auto`, `none`, or a number of customers ≥ 0 (finite).
    public init?(argument: String) {
        switch argument {
        case "auto": self = .estimated
        case "none": self = .customers(0)
        default:
            guard let m = Double(argument), m.isFinite, m >= 0 else { return nil }
            self = .customers(m)
        }
    }

    /// How `--help` shows the default.
    public var defaultValueDescription: String {
        switch self {
        case .estimated: return "auto"
        case .customers(let m): return m == 0 ? "none" : "\(m)"
        }
    }
}
