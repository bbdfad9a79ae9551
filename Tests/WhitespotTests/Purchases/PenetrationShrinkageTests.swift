import Foundation
import Testing
@testable import Whitespot

@Suite("the penetration term shrunk toward all customers' share")
struct PenetrationShrinkageTests {
    /// Two segments of 10: product 0 splits them (8 vs 2 buyers), product 1 does not (5 vs 5).
    static let split = SegmentPenetration(segmentCount: 2, productCount: 2, segmentSize: [10, 10], buyers: [8, 5, 2, 5])

    @Test("ρ̂ and m by the ANOVA estimator, hand-computed; shares (b + m·p) / (n + m)")
    func handComputed() {
        // X²_0 = (10·0.3² + 10·0.3²) / 0.25 = 7.2, X²_1 = 0; mean 3.6; G − 1 = 1;
        // n₀ = (20 − 200/20) / 1 = 10; ρ̂ = (3.6 − 1) / 9 = 0.2888…; m = 1/ρ̂ − 1 = 2.4615…
        let estimate = Self.split.estimatedShrinkage
        #expect(abs(estimate.intraclassCorrelation - 2.6 / 9) < 1e-12)
        #expect(abs(estimate.strength - (9 / 2.6 - 1)) < 1e-12)
        let m = estimate.strength
        let shares = Self.split.shrunkFloatShares(strength: m)
        #expect(shares == [Float((8 + m * 0.5) / (10 + m)), Float((5 + m * 0.5) / (10 + m)),
                           Float((2 + m * 0.5) / (10 + m)), Float((5 + m * 0.5) / (10 + m))])
        #expect(abs(Double(shares[0]) - 0.740740) < 1e-5)
        #expect(Self.split.strength(of: .estimated) == m)
        #expect(Self.split.strength(of: .customers(7)) == 7)
        #expect(Self.split.shrunkFloatShares(strength: 10) == [0.65, 0.5, 0.35, 0.5])
    }

    @Test("m = 0 is the observed share to the bit; m = ∞ is the all-customer share in every segment")
    func ends() {
        #expect(Self.split.shrunkFloatShares(strength: 0) == Self.split.floatShares())
        #expect(Self.split.shrunkFloatShares(strength: .infinity) == [0.5, 0.5, 0.5, 0.5])
        // Uneven sizes: 3 of 7 and 1 of 3 bought; all customers' share 4/10, spelled as popularity spells it.
        let uneven = SegmentPenetration(segmentCount: 2, productCount: 1, segmentSize: [7, 3], buyers: [3, 1])
        #expect(uneven.shrunkFloatShares(strength: .infinity) == [Float(4) / Float(10), Float(4) / Float(10)])
    }

    @Test("segments that differ no more than chance get m = ∞ (popularity); one segment has nothing to shrink toward")
    func alikeAndSingle() {
        let alike = SegmentPenetration(segmentCount: 3, productCount: 2, segmentSize: [10, 20, 30], buyers: [5, 2, 10, 4, 15, 6])
        #expect(alike.estimatedShrinkage == ShrinkageEstimate(intraclassCorrelation: 0, strength: .infinity))
        let one = SegmentPenetration(segmentCount: 1, productCount: 2, segmentSize: [10], buyers: [3, 7])
        #expect(one.estimatedShrinkage == ShrinkageEstimate(intraclassCorrelation: 0, strength: 0))
        #expect(one.shrunkFloatShares(strength: one.estimatedShrinkage.strength) == one.floatShares())
        // Perfect separation: ρ̂ is clamped to 1, m = 0, the observed shares stand.
        let apart = SegmentPenetration(segmentCount: 2, productCount: 1, segmentSize: [2, 2], buyers: [2, 0])
        #expect(apart.estimatedShrinkage.strength == 0)
        #expect(PenetrationShrinkage.phrase(strength: 0) == "none")
        #expect(PenetrationShrinkage.phrase(strength: .infinity) == "all customers' share")
        #expect(PenetrationShrinkage.phrase(strength: 1994.6) == "1,995 customers")
        #expect(PenetrationShrinkage.phrase(strength: 0.44) == "0.4 customers")
        // Beyond any customer count a fixed m is ∞: no overflow, no trap in the phrase.
        #expect(Self.split.strength(of: .customers(1e300)) == .infinity)
        #expect(PenetrationShrinkage.phrase(strength: 1e19) == "all customers' share")
        #expect(Self.split.shrunkFloatShares(strength: 1e11) == [0.5, 0.5, 0.5, 0.5])
    }

    @Test("on random tables ρ̂ and the shrunk shares equal a naive recount, and each share lies between the observed and the all-customer share")
    func naiveRecount() async {
        await Property.check(count: 300, seed: 5, input: PurchaseProperties.segmented) { input in
            let (lines, segmentCount, ofCustomer) = input
            let pen = SegmentPenetration(matrix: lines.matrix, segments: PurchaseProperties.segments(segmentCount, ofCustomer: ofCustomer))
            let totals = lines.totals, products = lines.productCount
            // Naive counts: members of each segment, buyers among them.
            let members = (0 ..< segmentCount).map { s in (0 ..< lines.customerCount).filter { ofCustomer[$0] == Int32(s) } }
            let bought = { (u: Int, i: Int) in (totals[u * products + i]?.quantity ?? 0) > 0 }
            let n = members.map { Double($0.count) }, total = n.reduce(0, +)
            let g = Double(n.filter { $0 > 0 }.count)
            // ρ̂ from its definition: mean Pearson χ² over products with 0 < p < 1.
            var chi: [Double] = []
            for i in 0 ..< products {
                let p = Double((0 ..< lines.customerCount).filter { bought($0, i) }.count) / total
                guard p > 0, p < 1 else { continue }
                chi.append((0 ..< segmentCount).filter { n[$0] > 0 }.reduce(0.0) { x, s in
                    let r = Double(members[s].filter { bought($0, i) }.count) / n[s]
                    return x + n[s] * (r - p) * (r - p) / (p * (1 - p))
                })
            }
            let n0 = g > 1 ? (total - n.reduce(0) { $0 + $1 * $1 } / total) / (g - 1) : 0
            let rho = g < 2 || chi.isEmpty || n0 <= 1 ? 0
                : min(1, max(0, (chi.reduce(0, +) / Double(chi.count) / (g - 1) - 1) / (n0 - 1)))
            let estimate = pen.estimatedShrinkage
            if abs(estimate.intraclassCorrelation - rho) > 1e-9 { return "ρ̂ \(estimate.intraclassCorrelation), naive \(rho)" }
            let m = estimate.strength
            guard m >= 0 else { return "m = \(m)" }
            let shrunk = pen.shrunkFloatShares(strength: m), all = pen.shrunkFloatShares(strength: .infinity)
            for s in 0 ..< segmentCount {
                for i in 0 ..< products {
                    let j = s * products + i
                    let b = Double(members[s].filter { bought($0, i) }.count)
                    let everyone = Double((0 ..< lines.customerCount).filter { bought($0, i) }.count)
                    let expected: Float = m == 0 ? (n[s] == 0 ? 0 : Float(b) / Float(n[s]))
                        : m.isInfinite ? Float(everyone) / Float(total)
                        : Float((b + m * (everyone / total)) / (n[s] + m))
                    if shrunk[j] != expected { return "segment \(s) product \(i): \(shrunk[j]), naive \(expected)" }
                    guard n[s] > 0 else { continue }
                    let observed = Float(b / n[s])
                    let low = min(observed, all[j]) - 1e-6, high = max(observed, all[j]) + 1e-6
                    if !(low ... high).contains(shrunk[j]) { return "segment \(s) product \(i): \(shrunk[j]) outside [\(low), \(high)]" }
                }
            }
            return nil
        }
    }

    @Test("the scorer ranks by the shrunk term and reasons quote the observed share; a negative m is refused")
    func scorer() throws {
        // Segment X: A, B, C, D; segment Y: E alone. E bought p and q, so Y's observed shares are 100 %.
        let lines = ScoringFixture.lines([
            ("A", "X", "p", 1, 10), ("B", "X", "p", 1, 20), ("C", "X", "q", 1, 30), ("D", "X", "r", 1, 40),
            ("A", "X", "r", 1, 50), ("E", "Y", "p", 1, 60), ("E", "Y", "q", 1, 70),
        ])
        let model = ScoringFixture.model(
            products: [("p", [1, 0]), ("q", [0, 1]), ("r", [1, 1])],
            customers: [("A", [1, 0]), ("B", [1, 0]), ("C", [0, 1]), ("D", [0, 1]), ("E", [1, 1])], blend: 0)
        var configuration = ScoringConfiguration()
        configuration.activeWithinDays = 0
        let shrunk = try Scorer(model: model, lines: lines, configuration: configuration)
        let m = shrunk.data.penetration.estimatedShrinkage.strength
        #expect(shrunk.shrinkageStrength == m && m > 0)
        let d = Int(try #require(shrunk.data.customers.index(of: "D")))
        let p = Int(try #require(shrunk.data.products.index(of: "p")))
        let expected = shrunk.data.penetration.shrunkFloatShares(strength: m)
        let g = Int(shrunk.data.segments.ofCustomer[d])
        #expect(shrunk.scores(forCustomer: d).penetration[p] == expected[g * 3 + p])
        #expect(expected[g * 3 + p] != Float(2) / 4, "shrinkage moved the share")
        let offer = try #require(shrunk.recommendations(forCustomer: d).first { $0.product == p })
        #expect(offer.penetration == 0.5, "the reason quotes the observed share: 2 of X's 4 customers")

        // With a penetration window the window's own table is shrunk by its own estimate.
        var windowed = model
        windowed.penetrationWindowDays = 30
        let recentScorer = try Scorer(model: windowed, lines: lines, configuration: configuration)
        let recent = SegmentPenetration.recent(matrix: recentScorer.data.purchases, segments: recentScorer.data.segments,
                                               windowDays: 30, referenceDay: recentScorer.data.referenceDay)
        #expect(recentScorer.shrinkageStrength == recent.estimatedShrinkage.strength)
        #expect(recentScorer.scores(forCustomer: d).penetration
            == Array(recent.shrunkFloatShares(strength: recent.estimatedShrinkage.strength)[g * 3 ..< g * 3 + 3]))
        #expect(recent != shrunk.data.penetration, "the window counts fewer buyers")

        configuration.penetrationShrinkage = .customers(0)
        let observed = try Scorer(model: model, lines: lines, configuration: configuration)
        #expect(observed.scores(forCustomer: d).penetration[p] == 0.5)
        for bad in [-1, Double.nan] {
            configuration.penetrationShrinkage = .customers(bad)
            #expect(throws: ScoringError.self) { try Scorer(model: model, lines: lines, configuration: configuration) }
        }
    }
}
