import Foundation
import Testing
@testable import Whitespot

/// Order lines from (customer, product, day) triples, one segment.
func itemLines(_ purchases: [(String, String, Int32)]) -> OrderLines {
    var lines = OrderLines()
    let segment = lines.segments.intern("All")
    for (c, p, day) in purchases {
        lines.append(customer: lines.customers.intern(c), product: lines.products.intern(p), day: day,
                     quantity: 1, revenue: 1, segment: segment)
    }
    return lines
}

/// (A)⁻¹ of a small dense matrix in Double by Gauss–Jordan elimination with partial pivoting.
func inverse(_ a: [[Double]]) -> [[Double]] {
    let n = a.count
    var m = a.enumerated().map { i, row in row + (0 ..< n).map { $0 == i ? 1.0 : 0.0 } }
    for c in 0 ..< n {
        let pivot = (c ..< n).max { abs(m[$0][c]) < abs(m[$1][c]) } ?? c
        m.swapAt(c, pivot)
        let d = m[c][c]
        m[c] = m[c].map { $0 / d }
        for r in 0 ..< n where r != c {
            let f = m[r][c]
            m[r] = zip(m[r], m[c]).map { $0 - f * $1 }
        }
    }
    return m.map { Array($0[n...]) }
}

@Suite("EASE item-item model")
struct EASETests {
    @Test("B of a 3 × 3 purchase matrix equals the hand-computed closed form")
    func tinyClosedForm() throws {
        // X = [[1,1,0],[0,1,1],[1,1,1]], XᵀX + I = [[3,2,1],[2,4,2],[1,2,3]], whose inverse is
        // [[8,-4,0],[-4,8,-4],[0,-4,8]] / 16, so B_ij = −P_ij / P_jj = [[0,.5,0],[.5,0,.5],[0,.5,0]].
        let lines = itemLines([("a", "P0", 1), ("a", "P1", 1), ("b", "P1", 1), ("b", "P2", 1),
                               ("c", "P0", 1), ("c", "P1", 1), ("c", "P2", 1)])
        var p = EASEParameters()
        p.regularization = 1
        let b = try EASETrainer(parameters: p, threads: 2).fit(PurchaseMatrix(lines))
        let expected: [Float] = [0, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0]
        #expect(zip(b, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(b)")
    }

    @Test("B matches I − P · diag(1/diag P) computed in Double, with decayed rows, on any thread count")
    func matchesDoubleReference() throws {
        let lines = syntheticLines(customers: 60, products: 24, lines: 700)
        let matrix = PurchaseMatrix(lines)
        var p = EASEParameters()
        p.regularization = 3
        p.halfLifeDays = 90
        p.rows = .lines
        let n = matrix.productCount, today = matrix.lastDay.max() ?? 0
        var g = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for u in 0 ..< matrix.customerCount {
            for a in matrix.pairs(ofCustomer: u) {
                for b in matrix.pairs(ofCustomer: u) {
                    let va = Double(p.rowValue(lines: matrix.lines[a], ageDays: today - matrix.lastDay[a]))
                    let vb = Double(p.rowValue(lines: matrix.lines[b], ageDays: today - matrix.lastDay[b]))
                    g[Int(matrix.product[a])][Int(matrix.product[b])] += va * vb
                }
            }
        }
        for i in 0 ..< n { g[i][i] += p.regularization }
        let inv = inverse(g)
        let one = try EASETrainer(parameters: p, threads: 1).fit(matrix)
        let three = try EASETrainer(parameters: p, threads: 3).fit(matrix)
        for i in 0 ..< n {
            for j in 0 ..< n {
                let reference = i == j ? 0 : -inv[i][j] / inv[j][j]
                #expect(abs(Double(one[i * n + j]) - reference) < 1e-5, "B[\(i), \(j)] = \(one[i * n + j]), expected \(reference)")
            }
        }
        #expect(zip(one, three).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try EASETrainer(parameters: p, threads: 3).fit(matrix) == three, "same threads: same bits")
    }

    @Test("more products than the limit are refused before B is allocated, naming ALS")
    func productLimit() throws {
        let limit = EASEParameters.productLimit
        let lines = itemLines((0 ... limit).map { ("c\($0 % 7)", "P\($0)", 1) })
        #expect(lines.products.count == limit + 1)
        do {
            _ = try EASETrainer(parameters: EASEParameters(), threads: 1).fit(PurchaseMatrix(lines))
            Issue.record("fitted past the limit")
        } catch let e as TrainingError {
            #expect(e == .tooManyProducts(products: limit + 1, limit: limit))
            #expect(e.description.contains("use algorithm als") && e.description.contains("\(limit) products"))
        }
        #expect(throws: TrainingError.self) { try EASEParameters.checkSize(products: limit + 1) }
        try EASEParameters.checkSize(products: limit)
    }

    @Test("λ must be positive")
    func regularizationIsValidated() throws {
        var p = EASEParameters()
        p.regularization = 0
        #expect(throws: TrainingError.self) { try EASETrainer(parameters: p, threads: 1).fit(PurchaseMatrix(syntheticLines())) }
    }

    /// An item–item model of the synthetic lines.
    static func model() throws -> WhitespotModel {
        var p = EASEParameters()
        p.regularization = 5
        p.halfLifeDays = 120
        p.neighbours = 10
        var m = try EASETrainer(parameters: p, threads: 2)
            .run(lines: syntheticLines(), segmentSource: .column, parameters: smallParameters(), dataDescription: "synthetic").model
        m.blend = 0.7
        return m
    }

    @Test("the model file stores the kept weights of B and reads them back exactly; ALS files stay version 2")
    func modelRoundTrip() throws {
        let model = try Self.model()
        #expect(model.family == .ease && model.factors == 0 && model.itemWeights.productCount == 40)
        #expect(model.itemWeights.offsets == (0 ... 40).map { $0 * 10 } && model.ease?.neighbours == 10)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ease-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try WhitespotModel.load(from: path)
        #expect(loaded == model)
        let summary = try WhitespotModel.summary(of: path)
        #expect(summary.family == .ease && summary.ease == model.ease && summary.formatVersion == 4)
        // One flipped bit inside B is caught by the checksum.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 2000] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.self) { try WhitespotModel.load(from: path) }
        let als = try ALSTrainer.train(lines: syntheticLines(), segmentSource: .column, parameters: smallParameters())
        let bytes2 = try als.fileContents()
        let length = bytes2.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: bytes2.subdata(in: 8 ..< 8 + length)) as? [String: Any])
        #expect((header["__metadata__"] as? [String: String])?["format_version"] == "2" && header["item_neighbours"] == nil)
    }

    @Test("scores are x_u · B (the kept weights, 0 elsewhere) for known and new customers; reasons name purchases B links to the product")
    func scoring() throws {
        let model = try Self.model()
        var lines = syntheticLines()
        // A customer the model has never seen, with three purchases: scored without a fold-in.
        let newcomer = lines.customers.intern("new")
        for i: Int32 in [1, 2, 12] {
            lines.append(customer: newcomer, product: i, day: 19_300, quantity: 1, revenue: 1, segment: 0)
        }
        let scorer = try Scorer(model: model, lines: lines, configuration: ScoringConfiguration())
        let n = model.products.count
        // B restricted to its kept entries: 10 per row of the fitted dense B, the largest in magnitude.
        var q = try #require(model.ease)
        q.neighbours = nil
        let full = try EASETrainer(parameters: q, threads: 2).fit(PurchaseMatrix(syntheticLines()))
        var restricted = [Float](repeating: 0, count: n * n)
        for i in 0 ..< n {
            let kept = (0 ..< n).filter { $0 != i }.sorted { (abs(full[i * n + $0]), -$0) > (abs(full[i * n + $1]), -$1) }.prefix(10)
            for j in kept { restricted[i * n + j] = full[i * n + j] }
        }
        #expect(model.itemWeights.dense() == restricted)
        for id in ["C3", "new"] {
            let u = Int(try #require(scorer.data.customers.index(of: id)))
            let row = scorer.itemRow(ofCustomer: u)
            #expect(!row.isEmpty)
            var expected = [Float](repeating: 0, count: n)
            for (i, v) in row { for j in 0 ..< n { expected[j] += v * restricted[i * n + j] } }
            let s = scorer.scores(forCustomer: u)
            #expect(zip(s.raw, expected).allSatisfy { abs($0 - $1) < 1e-5 })
            let top = scorer.ranking(forCustomer: u, top: 5)
            #expect(top == scorer.rankings(forCustomers: [u], top: 5, threads: 2)[0].map(\.product))
            #expect(!top.contains { i in row.contains { $0.product == i } })
            let recommendations = scorer.recommendations(forCustomer: u)
            #expect(!recommendations.isEmpty && recommendations.allSatisfy { !$0.reason.isEmpty })
        }
        #expect(scorer.path(ofCustomer: Int(try #require(scorer.data.customers.index(of: "new")))) == .foldedIn)
        // Every customer's list is the same whatever subset and thread count asks for it.
        let everyone = Array(0 ..< scorer.data.customers.count)
        #expect(scorer.rankings(forCustomers: everyone, top: 4, threads: 3).map { $0.map(\.product) }
            == everyone.map { scorer.ranking(forCustomer: $0, top: 4) })
    }

    @Test("similar products of an item-item model come from the rows of B")
    func similar() throws {
        let model = try Self.model()
        let near = model.similarProducts(to: 0, top: 3)
        #expect(near.count == 3 && !near.contains { $0.index == 0 })
        #expect(near.map(\.cosine) == near.map(\.cosine).sorted(by: >))
        // Products of the same block (0..<10) are bought together in the synthetic data.
        #expect(near.allSatisfy { $0.index < 10 }, "\(near.map(\.index))")
    }
}
