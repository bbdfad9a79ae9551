import Foundation
import Testing
@testable import Whitespot
import TestSupport

@Suite("Scorer: blend, candidates, paths, batch top-K")
struct ScorerTests {
    /// Three products on a line in embedding space, two customers, one segment of 3 customers.
    static func small(blend: Double? = nil) throws -> Scorer {
        let lines = ScoringFixture.lines([
            ("A", "Corp", "p1", 1, 0), ("B", "Corp", "p2", 1, 0), ("B", "Corp", "p3", 1, 0),
            ("C", "Corp", "p3", 1, 0), ("C", "Corp", "p4", 1, 364),
        ])
        let model = ScoringFixture.model(
            products: [("p1", [1, 0]), ("p2", [0.5, 0]), ("p3", [0.2, 0.1]), ("p4", [-1, 0])],
            customers: [("A", [1, 1]), ("B", [0, 1]), ("C", [1, 0])], blend: blend)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        return try Scorer(model: model, lines: lines, configuration: configuration)
    }

    @Test("orders that share no product with the model are refused, not scored as empty segments")
    func wrongModel() throws {
        let lines = ScoringFixture.lines([("A", "Corp", "x1", 1, 0), ("B", "Corp", "x2", 1, 0)])
        let model = ScoringFixture.model(
            products: [("p1", [1, 0]), ("p2", [0.5, 0])], customers: [("A", [1, 1])], blend: nil)
        #expect(throws: ScoringError.self) { try Scorer(model: model, lines: lines) }
        let sharing = ScoringFixture.lines([("A", "Corp", "x1", 1, 0), ("B", "Corp", "p2", 1, 0)])
        #expect(throws: Never.self) { try Scorer(model: model, lines: sharing) }
    }

    @Test("min–max and logistic affinity follow their formulas; equal scores give 0.5")
    func affinityTransforms() {
        let scores: [Float] = [2, -.infinity, 4, 6]
        scores.withUnsafeBufferPointer { s in
            let t = AffinityTransform(fitting: s, normalization: .minMax)
            #expect(t(2) == 0 && t(4) == 0.5 && t(6) == 1 && t(10) == 1 && t(-3) == 0)
            let l = AffinityTransform(fitting: s, normalization: .logistic)
            // μ = 4, σ = sqrt(8/3)
            let sigma = Float((8.0 / 3.0).squareRoot())
            #expect(abs(l(4) - 0.5) < 1e-6)
            #expect(abs(l(6) - 1 / (1 + exp(-2 / sigma))) < 1e-6)
        }
        [Float(3), 3].withUnsafeBufferPointer { s in
            #expect(AffinityTransform(fitting: s, normalization: .minMax)(3) == 0.5)
            #expect(AffinityTransform(fitting: s, normalization: .logistic)(3) == 0.5)
        }
    }

    @Test("score = w·affinity + (1−w)·penetration over candidates; bought products are excluded")
    func blendFormula() throws {
        let scorer = try Self.small(blend: 0.7)
        #expect(scorer.blendWeight == 0.7)
        let a = Int(scorer.data.customers.index(of: "A")!)
        let s = scorer.scores(forCustomer: a)
        let id = { (p: String) in Int(scorer.data.products.index(of: p)!) }
        // A bought p1; candidates p2 (raw 0.5), p3 (0.3), p4 (−1): min −1, max 0.5.
        #expect(s.score[id("p1")] == -.infinity)
        #expect(s.raw[id("p3")] == Float(0.3))
        let aff3 = (0.3 - -1.0) / 1.5
        let pen3 = 2.0 / 3.0  // B and C bought p3
        #expect(abs(Double(s.score[id("p3")]) - (0.7 * aff3 + 0.3 * pen3)) < 1e-6)
        #expect(abs(Double(s.score[id("p2")]) - (0.7 * 1 + 0.3 / 3)) < 1e-6)
        #expect(abs(Double(s.score[id("p4")]) - (0.7 * 0 + 0.3 / 3)) < 1e-6)
        #expect(scorer.ranking(forCustomer: a, top: 10) == [id("p3"), id("p2"), id("p4")])
        // Without a tuned blend the default applies; w = 1 is the embedding ranking, w = 0 the
        // segment-penetration ranking (p2 and p4 tie at 1/3: id order).
        #expect(try Self.small().blendWeight == ScoringConfiguration.defaultBlend)
        var configuration = scorer.configuration
        configuration.blend = 1
        let embedding = try Scorer(model: scorer.model, data: scorer.data, configuration: configuration)
        #expect(embedding.ranking(forCustomer: a, top: 10) == [id("p2"), id("p3"), id("p4")])
        configuration.blend = 0
        let pure = try Scorer(model: scorer.model, data: scorer.data, configuration: configuration)
        #expect(pure.ranking(forCustomer: a, top: 10) == [id("p3"), id("p2"), id("p4")])
        configuration.blend = 1.5
        #expect(throws: ScoringError.self) { try Scorer(model: scorer.model, data: scorer.data, configuration: configuration) }
    }

    @Test("exclusions, category filter and re-activation change the candidates")
    func candidateFiltering() throws {
        let lines = ScoringFixture.lines(
            [("A", "S", "old", 1, 0), ("A", "S", "new", 1, 360), ("B", "S", "x", 1, 364), ("B", "S", "fee", 1, 0)],
            catalog: ["old": ("Office", 1), "new": ("Office", 1), "x": ("Office", 1), "fee": ("Fees", 1)])
        let model = ScoringFixture.model(
            products: [("old", [1]), ("new", [1]), ("x", [0.5]), ("fee", [2])], customers: [("A", [1]), ("B", [1])])
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        let base = try Scorer(model: model, lines: lines, configuration: configuration)
        let a = Int(base.data.customers.index(of: "A")!)
        let names = { (s: Scorer) in s.ranking(forCustomer: a, top: 10).map { s.data.products[$0] } }
        #expect(names(base) == ["fee", "x"])
        configuration.excludedProducts = ["fee", "not-in-model"]
        #expect(try names(Scorer(model: model, lines: lines, configuration: configuration)) == ["x"])
        configuration.excludedProducts = []
        configuration.categories = ["Office"]
        #expect(try names(Scorer(model: model, lines: lines, configuration: configuration)) == ["x"])
        configuration.categories = ["Ofice"]
        #expect(throws: ScoringError.self) { try Scorer(model: model, lines: lines, configuration: configuration) }
        configuration.categories = nil
        configuration.reactivationMonths = 6  // "old" was last bought 364 days before the end
        let reactivating = try Scorer(model: model, lines: lines, configuration: configuration)
        #expect(names(reactivating) == ["fee", "old", "x"])
        #expect(reactivating.isCandidate(Int(reactivating.data.products.index(of: "old")!), forCustomer: a))
        #expect(!reactivating.isCandidate(Int(reactivating.data.products.index(of: "new")!), forCustomer: a))
    }

    @Test("equal scores are ordered by product id in UTF-8 byte order")
    func tieBreaks() throws {
        let ids = ["b", "é", "B", "a", "ab", "10", "9"]
        let lines = ScoringFixture.lines([("A", "S", "bought", 1, 0)])
        let model = ScoringFixture.model(
            products: [("bought", [1])] + ids.map { ($0, [Float(0.5)]) }, customers: [("A", [1])])
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let ranked = scorer.ranking(forCustomer: 0, top: 10).map { scorer.data.products[$0] }
        #expect(ranked == ["10", "9", "B", "a", "ab", "b", "é"])
        #expect(scorer.rankings(forCustomers: [0], top: 3, threads: 2)[0].map { scorer.data.products[$0.product] } == ["10", "9", "B"])
        // Enough products for the eight-lane selection path, all tied, in scrambled order.
        let many = (0..<37).map { "q\(($0 * 17) % 37)" }
        let tied = ScoringFixture.model(products: [("bought", [1])] + many.map { ($0, [Float(0.25)]) }, customers: [("A", [1])])
        let tiedScorer = try Scorer(model: tied, lines: lines, configuration: configuration)
        let expected = many.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.prefix(12)
        #expect(tiedScorer.ranking(forCustomer: 0, top: 12).map { tiedScorer.data.products[$0] } == Array(expected))
    }

    @Test("bounded top-K selection equals a full sort with the tie-break")
    func selectorMatchesSort() {
        var noise = TestRandom(state: 3)
        let keys = (0..<500).map { _ in (noise.signedUnit() * 4).rounded() / 4 }  // many ties
        let ranks = (0..<500).map { Int32((($0 * 7919) % 500)) }
        var selector = TopKSelector(capacity: 25)
        for i in 0..<500 { selector.offer(key: keys[i], product: Int32(i), rank: ranks[i]) }
        let expected = (0..<500).sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && ranks[$0] < ranks[$1]) }.prefix(25)
        #expect(selector.sorted().map { Int($0.product) } == Array(expected))
    }

    @Test("batch rankings equal per-customer rankings, whatever the thread count")
    func batchMatchesSingle() throws {
        let (lines, model) = ScoringFixture.random(customers: 150, products: 40)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.blend = 0.6
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let customers = Array(0..<scorer.data.customers.count)
        let one = scorer.rankings(forCustomers: customers, top: 10, threads: 1)
        let two = scorer.rankings(forCustomers: customers, top: 10, threads: 2)
        #expect(one == two)
        for u in customers {
            #expect(one[u].map(\.product) == scorer.ranking(forCustomer: u, top: 10))
            let scores = scorer.scores(forCustomer: u)
            #expect(one[u].allSatisfy { $0.key == scores.key[$0.product] })
        }
        // Any subset, in any order, gets bit-identical lists and keys.
        let subset = customers.filter { $0 % 3 == 1 }.reversed().map { $0 }
        #expect(scorer.rankings(forCustomers: subset, top: 10, threads: 2) == subset.map { one[$0] })
        // Bought products never appear.
        for u in customers {
            for r in one[u] { #expect(scorer.data.purchases.pair(customer: u, product: r.product) == nil) }
        }
    }

    /// At w = 0 a bought product's key is 0 · −∞ = NaN. In the first lane of an eight-product
    /// group it once made the group's maximum NaN, so the group was skipped and p065, the
    /// segment's most bought product, was missing from A's list.
    @Test("at blend 0, a bought product never hides the products beside it in the selection")
    func boughtProductDoesNotHideItsNeighbours() throws {
        let ids = (0..<128).map { String(format: "p%03d", $0) }
        var rows: [ScoringFixture.Row] = [("A", "S", "p064", 1, 0)]
        for c in 0..<20 {
            rows.append(("C\(c)", "S", "p065", 1, 0))
            for i in 0..<8 where c <= i { rows.append(("C\(c)", "S", ids[i], 1, 0)) }
        }
        let model = ScoringFixture.model(
            products: ids.enumerated().map { ($1, [Float($0 % 7) / 7, 1]) },
            customers: [("A", [1, 0.5])] + (0..<20).map { ("C\($0)", [0.5, 1]) })
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.blend = 0
        let scorer = try Scorer(model: model, lines: ScoringFixture.lines(rows), configuration: configuration)
        let a = Int(scorer.data.customers.index(of: "A")!)
        let key = scorer.scores(forCustomer: a).key, ranks = scorer.data.byteRank
        let sorted = (0..<128).filter { key[$0] > -.infinity }.sorted { (key[$0], -ranks[$0]) > (key[$1], -ranks[$1]) }
        #expect(scorer.rankings(forCustomers: [a], top: 3, threads: 1)[0].map(\.product) == Array(sorted.prefix(3)))
        #expect(scorer.data.products[sorted[0]] == "p065")
    }

    @Test("over several product tiles, every tile is masked, the affinity range spans them all, and the selection equals a full sort",
          arguments: [0, 0.6, 1])
    func severalProductTiles(blend: Double) throws {
        let productCount = 2 * Scorer.tileWidth + 301
        let (lines, model) = ScoringFixture.random(customers: 70, products: productCount)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.blend = blend
        // Excluded products in the first, second and last tile.
        let excluded = [5, Scorer.tileWidth + 7, 2 * Scorer.tileWidth + 300]
        configuration.excludedProducts = Set(excluded.map { model.products[$0] })
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        #expect(scorer.data.products.count == productCount)
        let ranks = scorer.data.byteRank
        let all = Array(0..<scorer.data.customers.count)
        let batch = scorer.rankings(forCustomers: all, top: 10, threads: 2)
        for u in all {
            let scores = scorer.scores(forCustomer: u)
            #expect(scores.raw.isEmpty == (scores.path == .segmentOnly))
            let bought = Set(scorer.data.purchases.pairs(ofCustomer: u).map { Int(scorer.data.purchases.product[$0]) })
            let candidates = (0..<productCount).filter { !bought.contains($0) && !excluded.contains($0) }
            #expect(candidates.count == (0..<productCount).filter { scores.score[$0] > -.infinity }.count)
            #expect(candidates.allSatisfy { scores.score[$0] > -.infinity })
            if let t = scores.transform {
                // The range is taken over the candidates of every tile, not only the first.
                let raw = candidates.map { scores.raw[$0] }
                #expect(scores.raw.count == productCount)
                #expect(t == AffinityTransform(low: raw.min()!, high: raw.max()!))
            }
            // The batch list is the full sort of the candidates' keys with the byte-order tie-break.
            let sorted = candidates.sorted { (scores.key[$0], -ranks[$0]) > (scores.key[$1], -ranks[$1]) }
            #expect(batch[u].map(\.product) == Array(sorted.prefix(10)))
        }
    }

    @Test("paths: model factors, folded-in factors solving the normal equations, segment-only penetration")
    func paths() throws {
        let lines = ScoringFixture.lines([
            ("known", "S", "p1", 1, 0), ("new", "S", "p1", 3, 0), ("new", "S", "p2", 1, 10),
            ("nobody", "S", "gone", 1, 0), ("x", "S", "p2", 1, 0), ("y", "S", "p2", 1, 0),
        ])
        let y: [[Float]] = [[1, 0.5], [0.2, 1], [0.3, 0.3]]
        let model = ScoringFixture.model(
            products: [("p1", y[0]), ("p2", y[1]), ("p3", y[2])], customers: [("known", [0.4, 0.1])], regularization: 0.5)
        let scorer = try Scorer(model: model, lines: lines, configuration: ScoringFixture.engineConfiguration())
        let u = { (id: String) in Int(scorer.data.customers.index(of: id)!) }
        #expect(scorer.path(ofCustomer: u("known")) == .model)
        #expect(scorer.factors(ofCustomer: u("known")) == [0.4, 0.1])
        #expect(scorer.path(ofCustomer: u("new")) == .foldedIn)
        #expect(scorer.path(ofCustomer: u("nobody")) == .segmentOnly)
        #expect(scorer.factors(ofCustomer: u("nobody")) == nil)
        // (YᵀY + λI + Σ (c−1) y yᵀ) x = Σ c y with c = 1 + log1p(lines).
        let x = try #require(scorer.factors(ofCustomer: u("new")))
        let c: [Float] = [1 + Float(log1p(1.0)), 1 + Float(log1p(1.0)), 0]
        for r in 0..<2 {
            var lhs: Float = 0.5 * x[r], rhs: Float = 0
            for i in 0..<3 {
                let yx = y[i][0] * x[0] + y[i][1] * x[1]
                lhs += y[i][r] * yx * (i < 2 ? c[i] : 1)
                if i < 2 { rhs += c[i] * y[i][r] }
            }
            #expect(abs(lhs - rhs) < 1e-4)
        }
        // Segment-only: ranked by penetration (p2: 3 of 5 customers, p1: 2 of 5), no affinity.
        let s = scorer.scores(forCustomer: u("nobody"))
        #expect(s.affinity.isEmpty && s.transform == nil)
        #expect(scorer.ranking(forCustomer: u("nobody"), top: 3).map { scorer.data.products[$0] } == ["p2", "p1", "p3"])
        let recs = scorer.recommendations(forCustomer: u("nobody"))
        #expect(recs.allSatisfy { $0.path == .segmentOnly && $0.affinity == nil })
        #expect(recs.first.map { $0.reason.hasPrefix("60 % of customers buy p2.") } == true)
    }

    @Test("--rank-by value multiplies by the segment's median revenue per buyer, falling back to all buyers")
    func valueRanking() throws {
        let lines = ScoringFixture.lines([
            ("A", "S", "cheap", 1, 0), ("B", "S", "cheap", 1, 0), ("B", "S", "dear", 1, 0),
            ("C", "T", "dear", 3, 0), ("C", "T", "cheap", 5, 0), ("D", "T", "dear", 1, 0), ("E", "S", "mid", 1, 0),
        ], catalog: ["cheap": ("X", 1), "dear": ("X", 100), "mid": ("X", 10)])
        let model = ScoringFixture.model(
            products: [("cheap", [1]), ("dear", [1]), ("mid", [1]), ("none", [1])], customers: [("A", [1])])
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.rankBy = .value
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let d = scorer.data
        let cell = { (segment: String, product: String) in
            Int(d.segments.names.index(of: segment)!) * d.products.count + Int(d.products.index(of: product)!)
        }
        #expect(d.expectedRevenue[cell("S", "dear")] == 100)          // B only
        #expect(d.expectedRevenue[cell("T", "dear")] == 200)          // C 300, D 100: median 200
        #expect(d.expectedRevenue[cell("T", "mid")] == 10)            // no T buyer: all buyers (E)
        #expect(d.expectedRevenue[cell("T", "none")].isNaN)
        let s = scorer.scores(forCustomer: Int(d.customers.index(of: "A")!))
        let dear = Int(d.products.index(of: "dear")!)
        #expect(abs(s.key[dear] - s.score[dear] * 100) < 1e-4)
        #expect(scorer.ranking(forCustomer: 0, top: 1) == [dear])
        var noRevenue = configuration
        noRevenue.rankBy = .value
        #expect(throws: ScoringError.self) {
            try Scorer(model: model, lines: ScoringFixture.lines([("A", "S", "cheap", 1, 0)], revenue: false),
                       configuration: noRevenue)
        }
    }
}
