/// One worker's raw scores for an aligned chunk of customers, filled tile by tile from the
/// model's affinity source (the tile-scoring step of ``Scorer/mapRanked(customers:capacity:threads:keep:_:)``):
///
/// - ALS: X_chunk · Y_tileᵀ by one single-threaded `sgemm` (customer u is row u mod
///   ``Scorer/chunkSize``; rows of customers not asked for are zero), so a customer's scores
///   are bit-identical whichever subset, order or thread count is asked for.
/// - EASE: at the first tile, whole rows: Σ_i x_ui · B[i, ·] over the customer's purchases,
///   products ascending, each adding the kept weights of row i of B (``ItemWeights``) into the
///   customer's row (each row on its own, so equally reproducible); later tiles are already
///   scored. The cost is purchases × kept weights per product, whatever the catalogue size.
/// - Ensemble: at the first tile, whole rows of both (ALS by one `sgemm` over all products, EASE
///   as above) into two more buffers; each member's row is then v · z(ALS) + (1 − v) · z(EASE)
///   over all products (``ModelFamily/ensemble``; a part the customer lacks counts 0), and
///   later tiles are already scored.
///
/// The buffer is all zeros between chunks: the selection step clears each row after use.
/// Memory: ``Scorer/chunkSize`` × products floats (three times that for an ensemble), plus one
/// row of zeros for the customers without affinities (segment-only).
final class ChunkScores {
    private let scorer: Scorer
    private let size: Int, productCount: Int, k: Int
    private let scores: UnsafeMutableBufferPointer<Float>
    private let zeros: UnsafeMutableBufferPointer<Float>
    /// ALS: the chunk's customer factors, ``Scorer/chunkSize`` × k, zero rows elsewhere.
    private var x: [Float]
    /// EASE: each member's purchases (product, x_ui), products ascending.
    private var purchases: [[(product: Int, value: Float)]] = []
    /// Ensemble: whole ALS rows, then whole EASE rows (``Scorer/chunkSize`` × products each);
    /// the EASE half is all zeros between chunks. Empty for the other families.
    private let parts: UnsafeMutableBufferPointer<Float>
    /// Ensemble: whether each member has factors (else its ALS part counts 0).
    private var hasFactors: [Bool] = []
    /// The chunk's members (customer indices), in the order they were loaded.
    private(set) var customers: [Int] = []
    /// Whether each member has affinities (false: segment-only, its row stays zero).
    private(set) var hasAffinity: [Bool] = []
    /// Whether any member has affinities (else no tile needs scoring).
    private(set) var anyAffinity = false

    /// An empty chunk buffer for `scorer`'s model and products.
    init(scorer: Scorer) {
        self.scorer = scorer
        self.size = Scorer.chunkSize
        self.productCount = scorer.data.products.count
        self.k = scorer.model.factors
        self.scores = .allocate(capacity: size * productCount)
        self.scores.initialize(repeating: 0)
        self.zeros = .allocate(capacity: productCount)
        self.zeros.initialize(repeating: 0)
        self.x = scorer.model.family.usesFactors ? [Float](repeating: 0, count: size * k) : []
        self.parts = .allocate(capacity: scorer.model.family == .ensemble ? 2 * size * productCount : 0)
        self.parts.initialize(repeating: 0)
    }

    deinit {
        scores.deallocate()
        zeros.deallocate()
        parts.deallocate()
    }

    /// Loads the affinity inputs of `customers` (all in one aligned chunk).
    func load(customers: [Int]) {
        self.customers = customers
        let family = scorer.model.family
        if family.usesFactors {
            x.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            hasFactors = customers.map { u in
                guard let f = scorer.factors(ofCustomer: u) else { return false }
                let r = u % size
                x.replaceSubrange(r * k ..< (r + 1) * k, with: f)
                return true
            }
        }
        if family.usesItemWeights { purchases = customers.map(scorer.itemRow(ofCustomer:)) }
        switch family {
        case .als: hasAffinity = hasFactors
        case .ease: hasAffinity = purchases.map { !$0.isEmpty }
        case .ensemble: hasAffinity = zip(hasFactors, purchases).map { $0 || !$1.isEmpty }
        }
        anyAffinity = hasAffinity.contains(true)
    }

    /// Member `j`'s score row: its row of the chunk, or the shared zeros when it has no affinities.
    func row(_ j: Int) -> UnsafeMutableBufferPointer<Float> {
        guard hasAffinity[j] else { return zeros }
        let r = customers[j] % size
        return UnsafeMutableBufferPointer(rebasing: scores[r * productCount ..< (r + 1) * productCount])
    }

    /// Adds the raw scores of `products` to every member's row.
    func score(tile products: Range<Int>) {
        switch scorer.model.family {
        case .als: factorScores(products, into: scores.baseAddress.unsafelyUnwrapped)
        case .ease: if products.lowerBound == 0 { itemScores { row($0).baseAddress.unsafelyUnwrapped } }
        case .ensemble: if products.lowerBound == 0 { combineParts() }
        }
    }

    /// X_chunk · Y_productsᵀ added into `out` (rows of ``productCount`` floats, columns from
    /// `products.lowerBound`).
    private func factorScores(_ products: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let start = products.lowerBound
        x.withUnsafeBufferPointer { x in
            scorer.model.productFactors.withUnsafeBufferPointer { y in
                // β = 1 on a zeroed buffer: the same result as β = 0, without OpenBLAS's
                // zeroing pass over the tile.
                BLAS.gemm(transposeB: true, m: size, n: products.count, k: k,
                          a: x.baseAddress.unsafelyUnwrapped, b: y.baseAddress.unsafelyUnwrapped + start * k,
                          beta: 1, c: out + start, ldc: productCount)
            }
        }
    }

    /// Σ_i x_ui · B[i, ·] (the kept weights) added into the row `out(j)` of every member j with purchases.
    private func itemScores(into out: (Int) -> UnsafeMutablePointer<Float>) {
        let b = scorer.model.itemWeights
        for (j, bought) in purchases.enumerated() where !bought.isEmpty {
            let row = out(j)
            for (i, v) in bought { b.accumulate(row: i, times: v, into: row) }
        }
    }

    /// The ensemble's whole rows: both parts over every product, then each member's row of
    /// ``scores`` = v · z(ALS) + (1 − v) · z(EASE); the parts are cleared after use.
    private func combineParts() {
        let n = productCount, all = 0 ..< n
        let als = parts.baseAddress.unsafelyUnwrapped, ease = als + size * n
        if hasFactors.contains(true) { factorScores(all, into: als) }
        itemScores { ease + (self.customers[$0] % self.size) * n }
        let v = Float(scorer.model.ensembleWeight ?? ModelSetting.defaultEnsembleWeight)
        for j in customers.indices where hasAffinity[j] {
            let r = customers[j] % size
            let a = ChunkScores.standardisation(hasFactors[j] ? UnsafeBufferPointer(start: als + r * n, count: n) : nil, weight: v)
            let e = ChunkScores.standardisation(
                purchases[j].isEmpty ? nil : UnsafeBufferPointer(start: ease + r * n, count: n), weight: 1 - v)
            let out = scores.baseAddress.unsafelyUnwrapped + r * n
            for i in all {
                out[i] = (als[r * n + i] - a.mean) * a.scale + (ease[r * n + i] - e.mean) * e.scale
            }
        }
        UnsafeMutableBufferPointer(start: als, count: 2 * size * n).update(repeating: 0)
    }

    /// The mean of `row` and `weight` / its standard deviation (population, over every value):
    /// (s − mean) · scale is `weight` · z(s). A missing row or a constant one gives scale 0.
    static func standardisation(_ row: UnsafeBufferPointer<Float>?, weight: Float) -> (mean: Float, scale: Float) {
        guard let row, !row.isEmpty else { return (0, 0) }
        var sum = 0.0
        for s in row { sum += Double(s) }
        let mean = sum / Double(row.count)
        var squares = 0.0
        for s in row { squares += (Double(s) - mean) * (Double(s) - mean) }
        let sd = (squares / Double(row.count)).squareRoot()
        return (Float(mean), sd > 0 ? Float(Double(weight) / sd) : 0)
    }

    /// Clears what the selection step did not: ALS rows of customers not asked for gained
    /// 0 · y (zero for finite factors, which model files guarantee, but cleared all the same).
    func finish() {
        if customers.count < size && anyAffinity && scorer.model.family == .als { scores.update(repeating: 0) }
    }
}
