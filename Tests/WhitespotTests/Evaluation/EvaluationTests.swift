import Testing
@testable import Whitespot
import TestSupport

/// A small order table whose split is worked out by hand in the tests below.
///
/// Cutoff day 100. Products "m1", "z2", "a3", "Z4" (byte order: Z4 < a3 < m1 < z2), "n5" new in test.
/// Train: A m1 (90, seg X), A z2 (99, seg Y), B m1 (50), C a3 +1 (10) and −1 (20) → not bought,
/// D Z4 (99). Test: A m1 (repeat), A a3 (on the cutoff day), A n5 (new product), B n5,
/// C a3, D z2 +2 then −2 (netted away), E m1 (new customer).
func handLines() -> OrderLines {
    var lines = OrderLines()
    lines.hasQuantity = true
    let x = lines.segments.intern("X"), y = lines.segments.intern("Y"), z = lines.segments.intern("Z")
    func add(_ c: String, _ p: String, _ day: Int32, _ q: Double = 1, _ s: Int32 = -1) {
        lines.append(customer: lines.customers.intern(c), product: lines.products.intern(p), day: day,
                     quantity: q, revenue: q * 10, segment: s)
    }
    add("A", "m1", 90, 1, x); add("A", "z2", 99, 1, y); add("B", "m1", 50)
    add("C", "a3", 10); add("C", "a3", 20, -1); add("D", "Z4", 99)
    add("A", "m1", 100, 1, z); add("A", "a3", 100); add("A", "n5", 101); add("B", "n5", 120)
    add("C", "a3", 110); add("D", "z2", 105, 2); add("D", "z2", 106, -2); add("E", "m1", 100)
    return lines
}

func ids(_ split: TemporalSplit, _ products: [Int32]) -> [String] {
    products.map { split.train.products[Int($0)] }
}

@Suite struct TemporalSplitTests {
    @Test func splitFollowsTheProtocol() throws {
        let split = try TemporalSplit(handLines(), cutoff: 100, segmentBy: .column)
        #expect(split.train.customers.ids == ["A", "B", "C", "D"])
        #expect(split.train.products.ids == ["m1", "z2", "a3", "Z4"])
        // A: repeat m1 not relevant, a3 on the cutoff day relevant, n5 not in the catalogue.
        // B: only a new product → not evaluated. C: a3 returned in train → relevant in test.
        // D: test purchase netted away by a test return → not evaluated. E: not a train customer.
        #expect(split.evaluated.map { split.train.customers[Int($0)] } == ["A", "C"])
        #expect(ids(split, Array(split.relevantProducts(0))) == ["a3"])
        #expect(ids(split, Array(split.relevantProducts(1))) == ["a3"])
        #expect(split.counts == TemporalSplit.Counts(
            customers: 4, products: 4, trainPairs: 4, evaluatedCustomers: 2, testPairs: 2,
            trainLines: 6, testLines: 8))
        // Segment from the latest train line (Y on day 99), not from the test line (Z).
        let a = Int(split.segments.ofCustomer[0])
        #expect(split.segments.names[a] == "Y")
        #expect(split.matrix.customerCount == 4 && split.matrix.productCount == 4)
    }

    @Test func cutoffMovesTheBoundaryDayToTest() throws {
        // With the cutoff on day 99, A's z2 and D's Z4 (day 99) are test lines.
        let split = try TemporalSplit(handLines(), cutoff: 99, segmentBy: .column)
        #expect(split.train.products.ids == ["m1", "a3"])
        #expect(split.counts.trainLines == 4)
    }

    @Test func badCutoffsAreRejectedClearly() throws {
        #expect(throws: EvaluationError.cutoffBeforeData(cutoff: 10, firstDay: 10)) {
            try TemporalSplit(handLines(), cutoff: 10, segmentBy: .column)
        }
        #expect(throws: EvaluationError.cutoffAfterData(cutoff: 121, lastDay: 120)) {
            try TemporalSplit(handLines(), cutoff: 121, segmentBy: .column)
        }
        // Without A's and C's a3 (lines 7 and 10), every test purchase is a repeat, a new
        // product, a netted return or a new customer's.
        #expect(throws: EvaluationError.nothingToEvaluate(cutoff: 100)) {
            try TemporalSplit(handLines().filter { $0 != 7 && $0 != 10 }, cutoff: 100, segmentBy: .column)
        }
        #expect(Days.parseISO("2019-13-01") == nil && Days.parseISO("1/7/2019") == nil && Days.parseISO("2019-7-01") == nil)
        #expect(Days.parseISO("2019-07-01") == Days.from(year: 2019, month: 7, day: 1))
        let message = EvaluationError.cutoffAfterData(cutoff: 121, lastDay: 120).description
        #expect(message == "cutoff 1970-05-02 is after the last order date 1970-05-01: "
            + "no orders to test on; choose a date on or before 1970-05-01")
        // A front end names the settings its own way; inside the validation split the cutoff
        // is the validation cutoff.
        let flags: (Setting) -> String = { "--" + $0.rawValue }
        #expect(EvaluationError.validationSplit(.cutoffBeforeData(cutoff: 10, firstDay: 10)).message(naming: flags)
            == "tuning: the validation split inside the training period failed: the validation cutoff 1970-01-11 "
            + "is on or before the first order date 1970-01-11: no orders to train on; choose a date after 1970-01-11 "
            + "(set it with --validationCutoff)")
    }

    @Test func rfmSegmentsUseTheCutoffAsToday() throws {
        let split = try TemporalSplit(handLines(), cutoff: 100, segmentBy: .rfm)
        let expected = RFMAnalysis(split.train, referenceDay: 100)
        #expect(split.segments.ofCustomer == expected.tierOfCustomer)
        #expect(expected.recencyDays == [1, 50, 80, 1])
    }
}

@Suite struct RankingMetricsTests {
    let inv3 = 0.6309297535714575   // 1 / log2(3)
    let inv5 = 0.43067655807339306  // 1 / log2(5)

    @Test func handComputedCurve() {
        // Ranked list: miss, hit, miss, hit; |R| = 3.
        let c = RankingMetrics.curve(isRelevant: [false, true, false, true], relevantCount: 3, maxK: 5)
        #expect(c[0] == RankingMetrics())
        #expect(c[1].precision == 0.5 && c[1].recall == 1.0 / 3 && c[1].hit == 1)
        #expect(abs(c[1].ndcg - inv3 / (1 + inv3)) < 1e-12)
        #expect(abs(c[1].map - 0.25) < 1e-12)              // (1/2) · (1/2)
        #expect(c[3].precision == 0.5 && c[3].recall == 2.0 / 3)
        #expect(abs(c[3].ndcg - (inv3 + inv5) / (1 + inv3 + 0.5)) < 1e-12)
        #expect(abs(c[3].map - (0.5 + 0.5) / 3) < 1e-12)   // (1/3) · (1/2 + 2/4)
        // The list has 4 entries: at K = 5 precision still divides by 5, IDCG stops at |R| = 3.
        #expect(c[4].precision == 0.4)
        #expect(abs(c[4].ndcg - c[3].ndcg) < 1e-12)
    }

    @Test func perfectAndEmptyLists() {
        let perfect = RankingMetrics.curve(isRelevant: [true, true], relevantCount: 2, maxK: 3)
        #expect(perfect[1] == RankingMetrics(precision: 1, recall: 1, hit: 1, ndcg: 1, map: 1))
        #expect(abs(perfect[2].precision - 2.0 / 3) < 1e-15 && perfect[2].ndcg == 1 && perfect[2].map == 1)
        let empty = RankingMetrics.curve(isRelevant: [], relevantCount: 1, maxK: 2)
        #expect(empty[1] == RankingMetrics())
    }
}

@Suite struct RankingEvaluatorTests {
    let inv3 = 0.6309297535714575, inv5 = 0.43067655807339306

    @Test func popularityByHand() throws {
        let split = try TemporalSplit(handLines(), cutoff: 100, segmentBy: .column)
        let evaluator = RankingEvaluator(split: split, k: 2, curve: 4, threads: 2)
        // Buyers: m1 2, z2 1, a3 0, Z4 1. A (bought m1, z2) → Z4, a3. C (bought nothing) →
        // m1, then the tie z2/Z4 broken by byte order (Z4 first), then a3.
        let lists = evaluator.rankings(.popularity(split))
        #expect(lists.map { ids(split, $0) } == [["Z4", "a3"], ["m1", "Z4", "z2", "a3"]])
        let r = evaluator.evaluate(.popularity(split))
        #expect(r.metrics.precision == 0.25 && r.metrics.recall == 0.5 && r.metrics.hit == 0.5)
        #expect(abs(r.metrics.ndcg - inv3 / 2) < 1e-12 && abs(r.metrics.map - 0.25) < 1e-12)
        #expect(r.coverageCurve == [0.5, 0.75, 1, 1])
        #expect(r.coverage == 0.75)
        #expect(abs(r.curve[3].ndcg - (inv3 + inv5) / 2) < 1e-12)
        #expect(abs(r.curve[3].map - (0.5 + 0.25) / 2) < 1e-12)
        #expect(r.segments.map(\.segment) == ["Y", "Unknown"] && r.segments.map(\.customers) == [1, 1])
        #expect(r.segments[0].metrics.precision == 0.5 && r.segments[1].metrics.precision == 0)
    }

    @Test func segmentPenetrationUsesTheCustomersSegment() throws {
        let split = try TemporalSplit(handLines(), cutoff: 100, segmentBy: .column)
        let lists = RankingEvaluator(split: split, k: 2, curve: 4).rankings(.segmentPenetration(split))
        // Segment Y = {A}: A bought m1, z2 → remaining all 0 → byte order Z4, a3.
        // Unknown = {B, C, D}: m1 1/3, Z4 1/3, z2 0, a3 0 → Z4 before m1 by byte order.
        #expect(lists.map { ids(split, $0) } == [["Z4", "a3"], ["Z4", "m1", "a3", "z2"]])
    }

    @Test func perCustomerScoresRankLikeGroupedOnesForAnyThreadCount() throws {
        let lines = generatedLines(customers: 700, products: 90, linesPerCustomer: 12, seed: 7)
        let split = try TemporalSplit(lines, cutoff: 300, segmentBy: .column)
        let popularity = RankingMethod.popularity(split)
        guard case .grouped(_, let table) = popularity.scores else { Issue.record("not grouped"); return }
        let scores = table[0]
        let dense = RankingMethod(name: MethodName(rawValue: "dense popularity"), scores: .perCustomer { customers, out in
            for r in 0..<customers.count {
                for i in 0..<scores.count { out[r * scores.count + i] = scores[i] }
            }
        })
        let one = RankingEvaluator(split: split, k: 10, threads: 1)
        let two = RankingEvaluator(split: split, k: 10, threads: 2)
        #expect(one.rankings(popularity) == two.rankings(dense))
        let a = one.evaluate(popularity), b = two.evaluate(dense)
        #expect(a.curve == b.curve && a.coverageCurve == b.coverageCurve && a.segments == b.segments)
        // Finished lists (a ranker that applies the protocol itself) are measured as given.
        let lists = one.rankings(popularity)
        let finished = RankingMethod(name: MethodName(rawValue: "lists"), scores: .lists { customers, length in
            #expect(customers == split.evaluated.map { Int($0) } && length == 20)
            return lists
        })
        let c = two.evaluate(finished)
        #expect(a.curve == c.curve && a.coverageCurve == c.coverageCurve)
        #expect(split.counts.evaluatedCustomers > 100)
    }

    @Test func matrixFactorisationScoresAreInnerProducts() throws {
        let split = try TemporalSplit(handLines(), cutoff: 100, segmentBy: .column)
        // 2 factors. Products m1, z2, a3, Z4 → y = (1,0), (0,1), (1,1), (0,0).
        let y: [Float] = [1, 0, 0, 1, 1, 1, 0, 0]
        // A: x = (0, 0) → all ties → byte order Z4, a3. C: x = (1, −1) → m1 1, a3 0, Z4 0, z2 −1.
        let x: [Float] = [0, 0, 5, 5, 1, -1, 0, 0]
        let mf = RankingMethod.matrixFactorisation(
            customerFactors: x, productFactors: y, factors: 2, parameters: [MethodParameter("factors", .number(2))])
        let lists = RankingEvaluator(split: split, k: 2, curve: 4).rankings(mf)
        #expect(lists.map { ids(split, $0) } == [["Z4", "a3"], ["m1", "Z4", "a3", "z2"]])
    }
}

/// Deterministic synthetic orders: customers buy from a skewed catalogue over days 0..<400,
/// with segments S0..S3.
func generatedLines(customers: Int, products: Int, linesPerCustomer: Int, seed: UInt64) -> OrderLines {
    var random = TestRandom(state: seed)
    _ = random.step()
    func next(_ n: Int) -> Int { random.below(n) }
    var lines = OrderLines()
    for s in 0..<4 { lines.segments.intern("S\(s)") }
    for p in 0..<products { lines.products.intern("P\(p)") }
    for c in 0..<customers {
        let u = lines.customers.intern("C\(c)")
        let segment = Int32(c % 4)
        for _ in 0..<linesPerCustomer {
            let p = min(next(products), next(products), (c % 4) * products / 4 + next(products / 4))
            lines.append(customer: u, product: Int32(p), day: Int32(next(400)), quantity: 1, revenue: 1, segment: segment)
        }
    }
    return lines
}

@Suite struct TuningTests {
    @Test func tuningPicksTheBestValidationSettingWithoutLookingAtTest() throws {
        let lines = generatedLines(customers: 400, products: 60, linesPerCustomer: 12, seed: 3)
        var options = EvaluationOptions(cutoff: 300)
        options.training.iterations = 3
        options.training.threads = 2
        var grid = TuningGrid()
        grid.factors = [2, 4]; grid.regularization = [0.1, 10]; grid.alpha = [1]; grid.blend = [0.3, 1]
        grid.easeRegularization = [5, 50]; grid.halfLife = [nil, 90]
        // The ensemble, segments and window stages have their own test (EnsembleTests.tuningGrid).
        grid.families = [.als, .ease]; grid.segments = []; grid.penetrationWindow = []
        options.tuning = grid
        let run = try HeldOutEvaluation.run(lines, orders: "generated", options: options)
        let tuning = try #require(run.summary.tuning)
        // 4 ALS fits, the best of them at the other half-life; EASE at the middle λ and both
        // half-lives, the better of them at the other λ; 2 weights each.
        #expect(grid.fits(from: options.training, ease: options.ease) == 8 && tuning.trials.count == 8 * grid.blend.count)
        #expect(tuning.trials[tuning.chosen].metrics.ndcg == tuning.trials.map(\.metrics.ndcg).max())
        #expect(tuning.trials.firstIndex { $0.metrics.ndcg == tuning.trials[tuning.chosen].metrics.ndcg } == tuning.chosen)
        let families = tuning.trials.compactMap { $0.parameters.first { $0.name == "family" }?.value.description }
        #expect(families == Array(repeating: "als", count: 10) + Array(repeating: "ease", count: 6))
        func value(_ trial: TuningReport.Trial, _ name: String) -> MethodParameter.Value? {
            trial.parameters.first { $0.name == name }?.value
        }
        #expect(tuning.trials.prefix(10).filter { value($0, "halfLifeDays") == .number(90) }.count == 2)
        let ease = Array(tuning.trials.suffix(6))
        #expect(ease.map { value($0, "regularization") } == [50, 50, 50, 50, 5, 5].map { .number($0) })
        #expect(ease.prefix(4).map { value($0, "halfLifeDays") } == [nil, nil, .number(90), .number(90)])
        let split = try TemporalSplit(lines, cutoff: 300, segmentBy: .column)
        #expect(tuning.validationCutoff == Days.iso(split.validationCutoff))
        #expect(split.validationCutoff > 250 && split.validationCutoff < 300)
        // The run uses exactly the chosen trial's setting.
        let chosen = tuning.trials[tuning.chosen].parameters
        #expect(Array(chosen.prefix(run.setting.methodParameters.count)) == run.setting.methodParameters)
        #expect(chosen.contains(MethodParameter("blend", .number(run.blend))))
        let raw = run.setting.family == .als ? "matrix factorisation" : "item-item"
        #expect(run.summary.methods.map(\.method.rawValue) == ["popularity", "segment-penetration", "recent popularity",
                                                      "recent segment-penetration", raw, "blend", "delivered list"])
        // Dropping half of the test lines changes the test figures but not a single tuning figure.
        let altered = lines.filter { lines.day[$0] < 300 || $0 % 2 == 0 }
        let rerun = try HeldOutEvaluation.run(altered, orders: "generated", options: options)
        #expect(rerun.summary.tuning == tuning)
        #expect(rerun.summary.counts.testPairs < run.summary.counts.testPairs)
    }

    @Test func blendAtWeightZeroIsTheSegmentRanking() throws {
        var options = EvaluationOptions(cutoff: 300)
        options.training.iterations = 2
        options.training.factors = 3
        options.scoring.blend = 0
        options.scoring.penetrationShrinkage = .customers(0)
        let lines = generatedLines(customers: 300, products: 50, linesPerCustomer: 10, seed: 5)
        let methods = try HeldOutEvaluation.run(lines, orders: "generated", options: options).summary.methods
        #expect(methods[5].method == .blend && methods[1].method == .segmentPenetration)
        #expect(methods[5].curve == methods[1].curve && methods[5].coverageCurve == methods[1].coverageCurve)
        #expect(methods[5].parameters.contains(MethodParameter("blend", .number(0))))
        #expect(methods[5].parameters.contains(MethodParameter("penetrationShrinkage", .text("none"))))
        // With the default, estimated shrinkage, w = 0 ranks by the shrunk shares instead: the
        // classic baseline stays the observed shares, and the blend names the strength it used.
        options.scoring.penetrationShrinkage = .estimated
        let shrunk = try HeldOutEvaluation.run(lines, orders: "generated", options: options).summary.methods
        #expect(shrunk[1] == methods[1])
        #expect(shrunk[5].parameters.contains { $0.name == "penetrationShrinkage" && $0 != MethodParameter("penetrationShrinkage", .text("none")) })
    }

    @Test func blendAtWeightZeroIsTheSegmentRankingWithRFMSegmentsAndAGapBeforeTheCutoff() throws {
        // No line in the 50 days before the cutoff: RFM recency "to the cutoff" and "to the day
        // after the last train line" differ, and both rankings must use the former.
        let all = generatedLines(customers: 300, products: 50, linesPerCustomer: 10, seed: 5)
        let lines = all.filter { !(250 ..< 300).contains(all.day[$0]) }
        var options = EvaluationOptions(cutoff: 300)
        options.segmentBy = .rfm
        options.training.iterations = 2
        options.training.factors = 3
        options.scoring.blend = 0
        options.scoring.penetrationShrinkage = .customers(0)
        let methods = try HeldOutEvaluation.run(lines, orders: "generated", options: options).summary.methods
        #expect(methods[5].method == .blend && methods[1].method == .segmentPenetration)
        #expect(methods[5].curve == methods[1].curve && methods[5].coverageCurve == methods[1].coverageCurve)
    }

    @Test func metricsAreLookedUpByTheirCase() {
        let m = RankingMetrics(precision: 0.1, recall: 0.2, hit: 0.3, ndcg: 0.4, map: 0.5)
        #expect(RankingMetrics.Metric.allCases.map { m[$0] } == [0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(RankingMetrics.Metric.allCases.map(\.rawValue) == ["precision", "recall", "hit", "ndcg", "map"])
        #expect(RankingMetrics.Metric(rawValue: "mAP") == nil)
        #expect(MethodName.baselines.count == 4 && !MethodName.deliveredList.isBaseline && MethodName.popularity.isBaseline)
    }

    @Test func validationCutoffMustPrecedeTheCutoff() throws {
        var options = EvaluationOptions(cutoff: 300)
        options.tuning = TuningGrid()
        options.validationCutoff = 300
        #expect(throws: EvaluationError.badValidationCutoff(validation: 300, cutoff: 300)) {
            try HeldOutEvaluation.run(generatedLines(customers: 50, products: 20, linesPerCustomer: 5, seed: 1),
                                      orders: "generated", options: options)
        }
    }
}
