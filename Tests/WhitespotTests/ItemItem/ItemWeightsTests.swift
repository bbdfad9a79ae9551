import Foundation
import Testing
@testable import Whitespot

@Suite("EASE neighbour model (sparse top-k B)")
struct ItemWeightsTests {
    /// A 4 × 4 B with ties in magnitude (row 0: |−0.5| = |0.5|, row 3: three equal weights).
    static let b: [Float] = [
        0, -0.5, 0.5, 0.1,
        0.2, 0, -0.3, 0.3,
        0.9, 0.1, 0, 0,
        0.4, 0.4, -0.4, 0,
    ]

    @Test("each row keeps its k largest |weights|, ties to the smaller product, columns ascending; the diagonal never")
    func topKAndTies() {
        let w = ItemWeights(dense: Self.b, productCount: 4, keep: 2)
        #expect(w.offsets == [0, 2, 4, 6, 8])
        #expect(Array(w.neighbours) == [1, 2, 2, 3, 0, 1, 0, 1])
        #expect(w.weights == [-0.5, 0.5, -0.3, 0.3, 0.9, 0.1, 0.4, 0.4])
        let one = ItemWeights(dense: Self.b, productCount: 4, keep: 1)
        #expect(Array(one.neighbours) == [1, 2, 0, 0] && one.weights == [-0.5, -0.3, 0.9, 0.4])
        #expect(one.weight(from: 0, to: 1) == -0.5 && one.weight(from: 0, to: 2) == 0 && one.weight(from: 3, to: 0) == 0.4)
        // k ≥ products − 1 keeps every off-diagonal weight: the dense B back, exact zeros included.
        let all = ItemWeights(dense: Self.b, productCount: 4, keep: 10)
        #expect(all.largestRow == 3 && all.dense() == Self.b)
    }

    @Test("the selection does not depend on the thread count and equals a full sort on a random B")
    func randomMatchesSort() {
        var rng = SplitMix64(seed: 7)
        let n = 61, keep = 9
        // Weights rounded to a few values, so ties are frequent.
        let b = (0 ..< n * n).map { $0 % (n + 1) == 0 ? 0 : Float(Int(rng.next() % 21) - 10) / 4 }
        let one = ItemWeights(dense: b, productCount: n, keep: keep, threads: 1)
        #expect(one == ItemWeights(dense: b, productCount: n, keep: keep, threads: 3))
        for i in 0 ..< n {
            let expected = (0 ..< n).filter { $0 != i }
                .sorted { (abs(b[i * n + $0]), -$0) > (abs(b[i * n + $1]), -$1) }.prefix(keep).sorted()
            #expect(one.neighbours[one.offsets[i] ..< one.offsets[i + 1]].map(Int.init) == expected, "row \(i)")
        }
    }

    @Test("re-indexing moves rows and columns and leaves unknown products empty")
    func reindexed() {
        let w = ItemWeights(dense: Self.b, productCount: 4, keep: 2)
        let moved = w.reindexed([4, 0, 2, 1], count: 5)
        for i in 0 ..< 4 {
            for j in 0 ..< 4 { #expect(moved.weight(from: [4, 0, 2, 1][i], to: [4, 0, 2, 1][j]) == w.weight(from: i, to: j)) }
        }
        #expect(moved.offsets[4] - moved.offsets[3] == 0 && moved.neighbours.count == w.neighbours.count)
        #expect(ItemWeights.problem(productCount: moved.productCount, offsets: moved.offsets, neighbours: moved.neighbours,
                                    weights: moved.weights) == nil)
    }

    @Test("inconsistent parts are named")
    func problems() {
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 2], neighbours: [1, 0], weights: [1, 2]) == nil)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 2], neighbours: [0, 0], weights: [1, 2])?.contains("itself") == true)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 2, 2], neighbours: [1, 1], weights: [1, 2]) != nil)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 1], neighbours: [1, 0], weights: [1, 2]) != nil)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 2], neighbours: [1, 2], weights: [1, 2]) != nil)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 2], neighbours: [1, 0], weights: [.nan, 2]) != nil)
        #expect(ItemWeights.problem(productCount: 2, offsets: [0, 1, 2], neighbours: [1], weights: [1, 2]) != nil)
    }

    @Test("a version 3 model file (dense item_weights) loads as every weight kept and scores as the dense B")
    func oldDenseFileLoads() throws {
        var p = EASEParameters()
        p.regularization = 5
        p.neighbours = nil
        let model = try EASETrainer(parameters: p, threads: 2)
            .run(lines: syntheticLines(), segmentSource: .column, parameters: smallParameters(), dataDescription: "synthetic").model
        let n = model.products.count
        #expect(model.itemWeights.largestRow == n - 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ease3-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.versionThreeFile(of: model).write(to: URL(fileURLWithPath: path))
        let loaded = try WhitespotModel.load(from: path)
        #expect(loaded == model)
        #expect(try WhitespotModel.summary(of: path).formatVersion == 3)
        // The neighbour model with every weight kept gives the dense scores x_u · B.
        let scorer = try Scorer(model: loaded, lines: syntheticLines(), configuration: ScoringConfiguration())
        let dense = model.itemWeights.dense()
        for u in [0, 7, 33] {
            var expected = [Float](repeating: 0, count: n)
            for (i, v) in scorer.itemRow(ofCustomer: u) { for j in 0 ..< n { expected[j] += v * dense[i * n + j] } }
            #expect(zip(scorer.scores(forCustomer: u).raw, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    /// The file whitespot wrote for `model` before the neighbour model: format version 3, B
    /// dense as `item_weights`, checksums recomputed.
    static func versionThreeFile(of model: WhitespotModel) throws -> Data {
        let contents = try Safetensors.decode(try model.fileContents())
        let n = model.products.count
        let neighbourTensors: Set = ["item_neighbour_offsets", "item_neighbours", "item_neighbour_weights"]
        var tensors = contents.entries.filter { !neighbourTensors.contains($0.key) }.sorted { $0.value.range.lowerBound < $1.value.range.lowerBound }
            .map { Safetensors.Tensor(name: $0.key, dtype: $0.value.dtype, shape: $0.value.shape, bytes: contents.bytes(of: $0.value)) }
        tensors.append(.init(name: "item_weights", dtype: .f32, shape: [n, n], bytes: model.itemWeights.dense().withUnsafeBytes { Data($0) }))
        var checksum = FNV1a64()
        for t in tensors { t.bytes.withUnsafeBytes { checksum.update($0) } }
        var metadata = contents.metadata
        metadata["format_version"] = "3"
        metadata["checksum"] = "fnv1a64:" + checksum.hex
        metadata[WhitespotModel.headerChecksumKey] = "fnv1a64:" + Safetensors.headerHash(
            metadata: metadata, entries: Safetensors.layout(tensors), excluding: WhitespotModel.headerChecksumKey).hex
        return try Safetensors.encode(tensors: tensors, metadata: metadata)
    }
}
