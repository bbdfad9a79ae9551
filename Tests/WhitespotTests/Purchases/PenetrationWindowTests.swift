import Foundation
import Testing
@testable import Whitespot

@Suite("the penetration term over a trailing window")
struct PenetrationWindowTests {
    /// A, B and D in segment X, C in segment Y: A bought p on day 10 and q on day 300, B p on
    /// day 200, C q on day 100, D q on day 250 (days after ``ScoringFixture/d0``).
    static let lines = ScoringFixture.lines([
        ("A", "X", "p", 1, 10), ("A", "X", "q", 1, 300), ("B", "X", "p", 2, 200), ("C", "Y", "q", 1, 100),
        ("D", "X", "q", 1, 250),
    ])
    static let third = Float(1) / 3, twoThirds = Float(2) / 3

    /// The window shares at reference day d0 + `reference`, keyed "segment/product".
    static func shares(window: Int, reference: Int32) -> [String: Float] {
        let matrix = PurchaseMatrix(lines)
        let segments = CustomerSegments(lines, by: .column)
        let s = SegmentPenetration.recent(
            matrix: matrix, segments: segments, windowDays: window, referenceDay: ScoringFixture.d0 + reference).floatShares()
        var out: [String: Float] = [:]
        for g in 0 ..< segments.names.count {
            for i in 0 ..< lines.products.count { out["\(segments.names[g])/\(lines.products[i])"] = s[g * lines.products.count + i] }
        }
        return out
    }

    @Test("pen_D(s, i) counts the segment's customers whose last purchase of i is on or after the reference day − D, over all of s")
    func handComputed() {
        // Reference day 365, D = 165: from day 200 on. B's p (day 200, the boundary), A's and D's q count.
        #expect(Self.shares(window: 165, reference: 365) == ["X/p": Self.third, "X/q": Self.twoThirds, "Y/p": 0, "Y/q": 0])
        // One day shorter: B's p on day 200 is out.
        #expect(Self.shares(window: 164, reference: 365) == ["X/p": 0, "X/q": Self.twoThirds, "Y/p": 0, "Y/q": 0])
        // A window covering every purchase gives the all-time shares exactly.
        let all = Self.shares(window: 365, reference: 365)
        #expect(all == ["X/p": Self.twoThirds, "X/q": Self.twoThirds, "Y/p": 0, "Y/q": 1])
        let matrix = PurchaseMatrix(Self.lines)
        let segments = CustomerSegments(Self.lines, by: .column)
        #expect(SegmentPenetration(matrix: matrix, segments: segments)
            == SegmentPenetration.recent(matrix: matrix, segments: segments, windowDays: 365, referenceDay: ScoringFixture.d0 + 365))
    }

    @Test("the scorer blends the window's shares when the model has a window; reasons quote the all-time share")
    func scorerUsesTheWindow() throws {
        var model = ScoringFixture.model(
            products: [("p", [1, 0]), ("q", [0, 1])], customers: [("A", [1, 1]), ("B", [1, 0]), ("C", [0, 1]), ("D", [0, 1])], blend: 0)
        let plain = try Scorer(model: model, lines: Self.lines, configuration: ScoringFixture.engineConfiguration())
        model.penetrationWindowDays = 200
        let windowed = try Scorer(model: model, lines: Self.lines, configuration: ScoringFixture.engineConfiguration())
        // Reference day: the day after the last line (300), so from day 101 on: C's q (day 100) is out.
        #expect(windowed.data.referenceDay == ScoringFixture.d0 + 301)
        let c = Int(try #require(windowed.data.customers.index(of: "C")))
        let q = Int(try #require(windowed.data.products.index(of: "q")))
        #expect(plain.scores(forCustomer: c).penetration[q] == 1)
        #expect(windowed.scores(forCustomer: c).penetration[q] == 0)
        // D has not bought p: in segment X the window counts B's p (day 200), not A's (day 10).
        let d = Int(try #require(windowed.data.customers.index(of: "D")))
        let p = Int(try #require(windowed.data.products.index(of: "p")))
        #expect(plain.scores(forCustomer: d).penetration[p] == Self.twoThirds)
        #expect(windowed.scores(forCustomer: d).penetration[p] == Self.third)
        let offer = try #require(windowed.recommendations(forCustomer: d).first { $0.product == p })
        #expect(offer.penetration == 2.0 / 3.0, "the reason quotes the all-time share")
    }

    @Test("the model file stores the window, and a tuned setting reused by train keeps it")
    func modelRoundTrip() throws {
        var setting = ModelSetting(family: .als, training: smallParameters())
        setting.penetrationWindowDays = 90
        setting.blend = 0.4
        let model = try setting.train(lines: syntheticLines(), segmentSource: .column)
        #expect(model.penetrationWindowDays == 90)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("window-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try WhitespotModel.load(from: path)
        #expect(loaded == model)
        #expect(try WhitespotModel.summary(of: path).penetrationWindowDays == 90)
        #expect(ModelSetting(tunedIn: loaded, training: TrainingParameters()).penetrationWindowDays == 90)
        // Without a window the file has no key and reads back nil.
        var plain = model
        plain.penetrationWindowDays = nil
        try plain.save(to: path)
        #expect(try WhitespotModel.load(from: path).penetrationWindowDays == nil)
        #expect(throws: TrainingError.self) { try ModelSetting.checkPenetrationWindow(0) }
    }

    @Test("a window wins only beyond one standard error of the paired per-customer gain, hand-computed")
    func oneStandardErrorRule() {
        // d = 1, 1, 1: sd 0, any positive mean is beyond noise.
        #expect(TuningGrid.gainsBeyondNoise([1, 1, 1], over: [0, 0, 0]))
        // d = 1, 0: mean 0.5, sample variance 0.5, standard error √(0.5 / 2) = 0.5: not beyond.
        #expect(!TuningGrid.gainsBeyondNoise([1, 0], over: [0, 0]))
        // d = 1, 0, 1: mean 2/3, sample variance 1/3, standard error 1/3: beyond.
        #expect(TuningGrid.gainsBeyondNoise([1, 0.5, 1], over: [0, 0.5, 0]))
        // No gain, a loss, or one customer: never.
        #expect(!TuningGrid.gainsBeyondNoise([0.2, 0.3], over: [0.2, 0.3]))
        #expect(!TuningGrid.gainsBeyondNoise([0, 0, 0], over: [1, 1, 1]))
        #expect(!TuningGrid.gainsBeyondNoise([1], over: [0]))
    }

    @Test("the paired gain the tuning report records: mean and standard error, hand-computed")
    func pairedGain() throws {
        // d = 1, 0, 1: mean 2/3, standard error 1/3.
        let g = try #require(PairedGain([1, 0.5, 1], over: [0, 0.5, 0]))
        #expect(abs(g.mean - 2.0 / 3) < 1e-12 && abs(g.standardError - 1.0 / 3) < 1e-12)
        #expect(PairedGain([1], over: [0]) == nil)
        let none = try #require(PairedGain([0.5, 0.2], over: [0.5, 0.2]))
        #expect(none.mean == 0 && none.standardError == 0)
    }
}
