import Foundation

/// The item–item weights in the model file (format version 4 on): `item_neighbour_offsets`
/// (I32, [products + 1]: row i's entries are at offsets[i] ..< offsets[i + 1]),
/// `item_neighbours` (I32, [entries]: the column j of each entry, ascending within a row) and
/// `item_neighbour_weights` (F32, [entries]: B[i, j]). Version 3 files hold the dense B as
/// `item_weights` (F32, [products, products]); they are read as neighbours keeping every
/// off-diagonal weight, so they score as before.
extension ItemWeights {
    /// The tensors that store these weights.
    func tensors() -> [Safetensors.Tensor] {
        precondition(neighbours.count <= Int(Int32.max))
        return [
            .init(name: "item_neighbour_offsets", dtype: .i32, shape: [offsets.count],
                  bytes: offsets.map { Int32($0) }.withUnsafeBytes { Data($0) }),
            .init(name: "item_neighbours", dtype: .i32, shape: [neighbours.count], bytes: neighbours.withUnsafeBytes { Data($0) }),
            .init(name: "item_neighbour_weights", dtype: .f32, shape: [weights.count], bytes: weights.withUnsafeBytes { Data($0) }),
        ]
    }
}

extension ModelFileReader {
    /// The item–item weights of a model of `family` over `products` (none unless the family
    /// uses them): the neighbour tensors from format version 4 on, the dense `item_weights`
    /// before.
    /// - Throws: `Safetensors.Problem` for a missing, misshapen or inconsistent tensor.
    func itemWeights(family: ModelFamily, products: Vocabulary, formatVersion: Int) throws -> ItemWeights {
        guard family.usesItemWeights else { return ItemWeights() }
        let n = products.count
        if formatVersion < 4 {
            let dense = try factorMatrix("item_weights", rows: products, k: n)
            return ItemWeights(dense: dense, productCount: n, keep: max(1, n - 1))
        }
        let offsets = try array("item_neighbour_offsets", .i32, shape: [n + 1], as: Int32.self).map(Int.init)
        let entries = try entry("item_neighbours", .i32, rank: 1).shape[0]
        let neighbours = try array("item_neighbours", .i32, shape: [entries], as: Int32.self)
        let weights = try array("item_neighbour_weights", .f32, shape: [entries], as: Float.self)
        if let problem = ItemWeights.problem(productCount: n, offsets: offsets, neighbours: neighbours, weights: weights) {
            throw Safetensors.Problem(message: "item neighbours: \(problem)")
        }
        return ItemWeights(checked: n, offsets: offsets, neighbours: neighbours, weights: weights)
    }
}
