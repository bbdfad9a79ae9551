/// A product near another in embedding space.
public struct SimilarProduct: Sendable, Equatable, Codable {
    /// Product index in the model.
    public var index: Int
    /// Product id.
    public var id: String
    /// Display name, when known.
    public var name: String?
    /// Cosine similarity of the two products' vectors (ALS: embeddings; EASE: rows of B; an
    /// ensemble: the two cosines weighted by its ensemble weight), in [−1, 1] (0 for a zero vector).
    public var cosine: Float
}

extension WhitespotModel {
    /// The `top` products nearest to product `index` by cosine similarity of their vectors,
    /// cos(a, b) = aᵀb / (‖a‖ ‖b‖): the factors of an ALS model, the rows of B (the weights a
    /// product's purchase gives every other product) of an item–item model, and for an ensemble
    /// v · cos(factors) + (1 − v) · cos(rows of B) with its ensemble weight v. The product itself
    /// is left out. Ties are ordered by product id in UTF-8 byte order.
    ///
    /// ```swift
    /// let near = model.similarProducts(to: model.products.index(of: "SKU-1")!, top: 5)
    /// ```
    /// - Complexity: O(products · k + products · log top); for an item–item model k is the
    /// weights kept per product (rows of B are compared over their kept weights, 0 elsewhere).
    public func similarProducts(to index: Int, top: Int) -> [SimilarProduct] {
        let n = products.count
        var similarity: [Float]
        switch family {
        case .als: similarity = Self.cosines(productFactors, k: factors, to: index)
        case .ease: similarity = Self.cosines(itemWeights, to: index)
        case .ensemble:
            let v = Float(ensembleWeight ?? ModelSetting.defaultEnsembleWeight)
            let a = Self.cosines(productFactors, k: factors, to: index), b = Self.cosines(itemWeights, to: index)
            similarity = (0 ..< n).map { v * a[$0] + (1 - v) * b[$0] }
        }
        let ranks = products.byteOrderRanks()
        var selector = TopKSelector(capacity: top)
        for i in 0 ..< n where i != index {
            selector.offer(key: similarity[i], product: Int32(i), rank: ranks[i])
        }
        return selector.sorted().map { cosine, product in
            let i = Int(product)
            return SimilarProduct(index: i, id: products[i], name: productNames.isEmpty ? nil : productNames[i], cosine: cosine)
        }
    }

    /// The cosine of row `index` of B with every row, over the kept weights (0 where a norm is 0).
    private static func cosines(_ b: ItemWeights, to index: Int) -> [Float] {
        let n = b.productCount
        var target = [Float](repeating: 0, count: n)
        target.withMutableBase { b.accumulate(row: index, times: 1, into: $0) }
        func dotAndNorm(_ i: Int) -> (dot: Float, norm: Float) {
            var dot: Float = 0, squares: Float = 0
            for e in b.offsets[i] ..< b.offsets[i + 1] {
                let w = b.weights[e]
                dot += w * target[Int(b.neighbours[e])]
                squares += w * w
            }
            return (dot, squares.squareRoot())
        }
        let norm = dotAndNorm(index).norm
        return (0 ..< n).map { i in
            let (dot, other) = dotAndNorm(i)
            return norm * other > 0 ? dot / (norm * other) : 0
        }
    }

    /// The cosine of row `index` of `vectors` (rows of `k` floats) with every row (0 where a
    /// norm is 0).
    private static func cosines(_ vectors: [Float], k: Int, to index: Int) -> [Float] {
        let n = k > 0 ? vectors.count / k : 0
        var dots = [Float](repeating: 0, count: n)
        vectors.withBase { y in
            dots.withMutableBase { d in BLAS.gemv(m: n, n: k, a: y, x: y + index * k, y: d) }
        }
        var norms = [Float](repeating: 0, count: n)
        for i in 0 ..< n {
            var s: Float = 0
            for j in 0 ..< k { s += vectors[i * k + j] * vectors[i * k + j] }
            norms[i] = s.squareRoot()
        }
        return (0 ..< n).map { i in
            let d = norms[i] * norms[index]
            return d > 0 ? dots[i] / d : 0
        }
    }
}
