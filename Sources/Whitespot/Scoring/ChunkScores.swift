/// One worker's raw scores for an aligned chunk of customers, filled tile by tile from the
/// model's affinity source (the tile-scoring step of ``Scorer/mapRanked(customers:capacity:threads:keep:_:)``):
///
/// - ALS: X_chunk · Y_tileᵀ by one single-threaded `sgemm` (customer u is row u mod
///   ``Scorer/chunkSize``; rows of customers not asked for are zero), so a customer's scores
///   are bit-identical whichever subset, order or thread count is asked for.
/// - EASE: Σ_i x_ui · B[i, tile] over the customer's purchases, products ascending, one `saxpy`
///   per purchase into the customer's row (each row on its own, so equally reproducible).
///
/// The buffer is all zeros between chunks: the selection step clears each row after use.
/// Memory: ``Scorer/chunkSize`` × products floats, plus one row of zeros for the customers
/// without affinities (segment-only).
final class ChunkScores {
    private let scorer: Scorer
    private let size: Int, productCount: Int, k: Int
    private let scores: UnsafeMutableBufferPointer<Float>
    private let zeros: UnsafeMutableBufferPointer<Float>
    /// ALS: the chunk's customer factors, ``Scorer/chunkSize`` × k, zero rows elsewhere.
    private var x: [Float]
    /// EASE: each member's purchases (product, x_ui), products ascending.
    private var purchases: [[(product: Int, value: Float)]] = []
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
    }

    deinit {
        scores.deallocate()
        zeros.deallocate()
    }

    /// Loads the affinity inputs of `customers` (all in one aligned chunk).
    func load(customers: [Int]) {
        self.customers = customers
        switch scorer.model.family {
        case .als:
            x.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            hasAffinity = customers.map { u in
                guard let f = scorer.factors(ofCustomer: u) else { return false }
                let r = u % size
                x.replaceSubrange(r * k ..< (r + 1) * k, with: f)
                return true
            }
        case .ease:
            purchases = customers.map(scorer.itemRow(ofCustomer:))
            hasAffinity = purchases.map { !$0.isEmpty }
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
        let start = products.lowerBound
        switch scorer.model.family {
        case .als:
            x.withUnsafeBufferPointer { x in
                scorer.model.productFactors.withUnsafeBufferPointer { y in
                    // β = 1 on a zeroed buffer: the same result as β = 0, without OpenBLAS's
                    // zeroing pass over the tile.
                    BLAS.gemm(transposeB: true, m: size, n: products.count, k: k,
                              a: x.baseAddress.unsafelyUnwrapped, b: y.baseAddress.unsafelyUnwrapped + start * k,
                              beta: 1, c: scores.baseAddress.unsafelyUnwrapped + start, ldc: productCount)
                }
            }
        case .ease:
            scorer.model.itemWeights.withUnsafeBufferPointer { b in
                for (j, bought) in purchases.enumerated() where hasAffinity[j] {
                    let out = row(j).baseAddress.unsafelyUnwrapped + start
                    for (i, v) in bought {
                        BLAS.axpy(count: products.count, alpha: v, x: b.baseAddress.unsafelyUnwrapped + i * productCount + start, y: out)
                    }
                }
            }
        }
    }

    /// Clears what the selection step did not: ALS rows of customers not asked for gained
    /// 0 · y (zero for finite factors, which model files guarantee, but cleared all the same).
    func finish() {
        if customers.count < size && anyAffinity && scorer.model.family.usesFactors { scores.update(repeating: 0) }
    }
}
