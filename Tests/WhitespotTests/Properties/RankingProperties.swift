import PropertyBased
import Testing
@testable import Whitespot

/// `TopKSelector`, `Scorer.rankings` and `ProductLifeCycle.window` against full sorts and brute force.
@Suite("Properties: top-K selection and the default life-cycle window against brute force")
struct RankingProperties {
    /// Keys with many ties, both infinities and a negative zero.
    static let keys: [Float] = [-.infinity, -3, -0.5, -0.0, 0, 0.25, Float(0.25).nextUp, 1, 7, .infinity]

    /// A capacity and up to 40 offers (key, tie-break draw); the draws order the offers into
    /// distinct tie-break ranks (as byte-order ranks are).
    static let offers: Generator<(capacity: Int, keys: [Float], ranks: [Int32]), some SendableSequenceType> = zip(
        Gen.int(in: 0...45), zip(Gen.int(in: 0...keys.count - 1).map { keys[$0] }, Gen.int(in: 0...1000)).array(of: 0...40)
    ).map { (t: (Int, [(Float, Int)])) in
        let offers = t.1
        let byDraw = offers.indices.sorted { (offers[$0].1, $0) < (offers[$1].1, $1) }
        var ranks = [Int32](repeating: 0, count: offers.count)
        for (r, i) in byDraw.enumerated() { ranks[i] = Int32(r) }
        return (t.0, offers.map(\.0), ranks)
    }

    @Test("TopKSelector keeps what a full sort by (key desc, rank asc) puts first, in that order")
    func selectorMatchesFullSort() async {
        await Property.check(count: 500, seed: 3, input: Self.offers) { input in
            let (capacity, keys, ranks) = input
            var selector = TopKSelector(capacity: capacity)
            for i in keys.indices { selector.offer(key: keys[i], product: Int32(i), rank: ranks[i]) }
            let expected = Array(keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && ranks[$0] < ranks[$1]) }
                .prefix(capacity))
            let kept = selector.sorted()
            if let p = Property.same("count", selector.count, expected.count) { return p }
            if let p = Property.same("products", kept.map { Int($0.product) }, expected) { return p }
            if let p = Property.same("keys", kept.map(\.key), expected.map { keys[$0] }) { return p }
            let floor: Float = capacity == 0 ? .infinity : expected.count < capacity ? -.infinity : keys[expected[capacity - 1]]
            return Property.same("floor", selector.floor, floor)
        }
    }

    /// A small random fixture (``ScoringFixture/random(customers:products:k:seed:)``) and how to score it.
    struct ScorerCase: CustomStringConvertible, Sendable {
        /// Fixture size and noise seed.
        var customers: Int, products: Int, seed: UInt64
        /// Blend weight (nil: the default) and whether to rank by value and use the logistic normalisation.
        var blend: Double?, rankByValue: Bool, logistic: Bool
        /// List length and worker threads.
        var top: Int, threads: Int
        /// The case as a call, for failure messages.
        var description: String {
            "random(customers: \(customers), products: \(products), seed: \(seed)), blend \(blend.map { "\($0)" } ?? "nil"), "
                + "rankBy \(rankByValue ? "value" : "probability"), \(logistic ? "logistic" : "minMax"), top \(top), threads \(threads)"
        }
    }

    /// Fixtures of 3–40 customers and 2–30 products with every blend, key and normalisation.
    static let scorerCases: Generator<ScorerCase, some SendableSequenceType> = zip(
        zip(Gen.int(in: 3...40), Gen.int(in: 2...30), Gen.uint64(in: 1...UInt64.max)),
        zip(Gen.int(in: 0...4).map { [nil, 0, 0.3, 0.6, 1][$0] as Double? }, Gen.bool, Gen.bool, Gen.int(in: 0...12), Gen.int(in: 1...2))
    ).map { (t: ((Int, Int, UInt64), (Double?, Bool, Bool, Int, Int))) in
        ScorerCase(customers: t.0.0, products: t.0.1, seed: t.0.2, blend: t.1.0, rankByValue: t.1.1, logistic: t.1.2,
                   top: t.1.3, threads: t.1.4)
    }

    /// Where `Scorer.rankings` on case `c` differs from a full sort of each customer's keys
    /// (from ``Scorer/scores(forCustomer:)``) with the byte-order tie-break, or nil when it does not.
    static func mismatch(_ c: ScorerCase) -> String? {
        let (lines, model) = ScoringFixture.random(customers: c.customers, products: c.products, seed: c.seed)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.blend = c.blend
        configuration.rankBy = c.rankByValue ? .value : .probability
        configuration.normalization = c.logistic ? .logistic : .minMax
        let scorer: Scorer
        do { scorer = try Scorer(model: model, lines: lines, configuration: configuration) } catch {
            return "the scorer refused the fixture: \(error)"
        }
        let ids = scorer.data.products.ids
        // Byte-order ranks, computed here rather than taken from the scorer.
        let byBytes = ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
        var rank = [Int](repeating: 0, count: ids.count)
        for (r, i) in byBytes.enumerated() { rank[i] = r }
        let customers = Array(0..<scorer.data.customers.count)
        let batch = scorer.rankings(forCustomers: customers, top: c.top, threads: c.threads)
        for u in customers {
            let key = scorer.scores(forCustomer: u).key
            let expected = ids.indices.filter { key[$0] > -.infinity }
                .sorted { key[$0] > key[$1] || (key[$0] == key[$1] && rank[$0] < rank[$1]) }
                .prefix(c.top)
            if let p = Property.same("customer \(u)'s products", batch[u].map(\.product), Array(expected)) { return p }
            if let p = Property.same("customer \(u)'s keys", batch[u].map(\.key), expected.map { key[$0] }) { return p }
        }
        return nil
    }

    @Test("Scorer.rankings equals a full sort of each customer's keys with the byte-order tie-break")
    func rankingsMatchFullSort() async {
        await Property.check(count: 60, seed: 4, input: Self.scorerCases) { Self.mismatch($0) }
    }

    /// Catalogues of 64 products and more, so that selection runs through whole 64-product
    /// blocks (rejected by their ceiling, searched eight at a time) and a shorter tail: ranking
    /// by value (keys times expected revenue, no raw-score ceiling), the logistic formula and
    /// min-max, at the blend's ends and between.
    static let blockCases: [ScorerCase] = [64, 130, 200].flatMap { products in
        [(0.0, true, false), (0.6, true, false), (1.0, true, true), (0.3, false, true), (0.0, false, true), (0.6, false, false)]
            .map { blend, value, logistic in
                ScorerCase(customers: 50, products: products, seed: UInt64(products), blend: blend, rankByValue: value,
                           logistic: logistic, top: 10, threads: 2)
            }
    }

    @Test("ranking through 64-product blocks, by value and with the logistic formula, equals a full sort",
          arguments: blockCases)
    func blockRankingsMatchFullSort(_ c: ScorerCase) {
        #expect(Self.mismatch(c) == nil, "\(c)")
    }

    /// Up to 80 gaps between sale days, mostly short with some long silences.
    static let randomGaps: Generator<[Int32], some SendableSequenceType> = zip(Gen.int(in: 0...3), Gen.int(in: 1...40), Gen.int(in: 1...900))
        .map { (t: (Int, Int, Int)) in Int32(t.0 == 0 ? t.2 : t.1) }
        .array(of: 0...80)

    /// Gaps on the boundary of the inequality at a whole-week W: one gap of W + s and short
    /// gaps (at most 20 days) up to a total of 100 · s, so that exactly 1 % lies beyond W.
    static let boundaryGaps: Generator<[Int32], some SendableSequenceType> = zip(Gen.int(in: 4...52), Gen.int(in: 4...8), Gen.int(in: 1...20))
        .map { (t: (Int, Int, Int)) -> [Int32] in
            let (weeks, s, short) = t
            var gaps = [Int32(7 * weeks + s)]
            var rest = 100 * s - (7 * weeks + s)
            while rest > 0 { gaps.append(Int32(min(short, rest))); rest -= min(short, rest) }
            return gaps
        }

    /// Random gaps or boundary gaps, half and half.
    static let gaps: Generator<[Int32], some SendableSequenceType> = zip(Gen.bool, randomGaps, boundaryGaps)
        .map { (t: (Bool, [Int32], [Int32])) in t.0 ? t.1 : t.2 }

    @Test("ProductLifeCycle.window is the smallest whole-week W in 28…364 with Σ max(0, g − W) ≤ 1 % · Σ g (else 364)")
    func windowMatchesBruteForce() async {
        await Property.check(count: 2_000, seed: 5, input: Self.gaps) { gaps in
            let total = gaps.reduce(0.0) { $0 + Double($1) }
            var expected = ProductLifeCycle.maximumWindowDays
            if total == 0 {
                expected = ProductLifeCycle.minimumWindowDays
            } else {
                for w in stride(from: ProductLifeCycle.minimumWindowDays, through: ProductLifeCycle.maximumWindowDays, by: 7) {
                    let silent = gaps.reduce(0.0) { $0 + Double(max(0, Int($1) - w)) }
                    if silent <= ProductLifeCycle.silenceShare * total { expected = w; break }
                }
            }
            return Property.same("window", ProductLifeCycle.window(gaps: gaps), expected)
        }
    }
}
