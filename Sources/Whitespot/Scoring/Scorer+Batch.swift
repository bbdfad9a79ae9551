import Dispatch

/// The fast batch path: customer chunks × all products by `sgemm`, parallel top-K selection.
extension Scorer {
    /// Customers per `sgemm` chunk (the score buffer of a worker is this × products floats);
    /// chunks are aligned on customer indices (see ``mapRanked(customers:capacity:threads:keep:_:)``).
    public static let chunkSize = 64
    /// Products per `sgemm` tile: a chunk's tile (``chunkSize`` × this floats, 512 KiB) stays
    /// in a core's L2 cache while it is masked and its range taken.
    public static let tileWidth = 2048
    /// Customers per output block of ``streamRecommendations(customers:threads:body:)``; also
    /// the unit of `--shard` (fixed, so shards do not depend on thread counts).
    public static let blockSize = 1024

    /// One ranked customer as the batch kernel hands it to its consumer.
    struct RankedRow {
        /// Customer index.
        let customer: Int
        /// The customer's factors (nil: segment-only).
        let factors: UnsafeBufferPointer<Float>?
        /// Raw scores with non-candidates at −∞.
        let row: UnsafeMutableBufferPointer<Float>
        /// Raw scores of the customer's purchases, in the order of their pairs (empty unless asked for).
        let purchasedRaw: [Float]
        /// The unmasked raw scores of every product (empty unless asked for).
        let raw: [Float]
        /// The fitted affinity transformation.
        let transform: AffinityTransform?
        /// The selected candidates, best first.
        let top: [(key: Float, product: Int32)]
    }

    /// What ``mapRanked(customers:capacity:threads:keep:_:)`` keeps of the raw scores besides the ranking.
    enum RawScores {
        /// Nothing.
        case none
        /// The raw scores of the customer's purchases (for deep-sells).
        case purchased
        /// Every product's raw score.
        case all
    }

    /// Ranks `customers` in parallel and maps each ranked row with `make`, keeping
    /// `capacity` candidates per customer; results are in the order of `customers`.
    ///
    /// Raw scores come from single-threaded `sgemm` calls X_chunk · Y_tileᵀ over aligned chunks
    /// of ``chunkSize`` customer indices and tiles of ``tileWidth`` products (customer u is row
    /// u mod chunkSize of chunk ⌊u / chunkSize⌋, rows of customers not asked for are zero).
    /// OpenBLAS's result for a row depends on its position in the call, so this fixed
    /// placement makes every customer's scores bit-identical whichever subset, order or thread
    /// count is asked for, and equal to the per-customer API. Each tile is masked and its
    /// candidates' range taken while it is still in cache; the selection pass then reads each
    /// row once. Chunks run on `threads` Dispatch workers; memory is
    /// O(threads · chunkSize · products), never the full score matrix.
    func mapRanked<R>(customers: [Int], capacity: Int, threads: Int, keep: RawScores = .none, _ make: (RankedRow) -> R) -> [R] {
        let productCount = data.products.count, k = model.factors, size = Scorer.chunkSize
        // Jobs: the aligned chunks touched, in order of first appearance, with their members.
        var jobOfChunk: [Int: Int] = [:]
        var jobs: [[Int]] = []
        for (n, u) in customers.enumerated() {
            if let j = jobOfChunk[u / size] { jobs[j].append(n) } else {
                jobOfChunk[u / size] = jobs.count
                jobs.append([n])
            }
        }
        let tiles = productTiles()
        let everything = ProductTile(products: 0 ..< productCount, ineligible: ineligible.indices)
        let minMax = configuration.normalization == .minMax
        let workers = max(1, min(threads, jobs.count))
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        // Every slot is initialised exactly once, by the worker that owns its job.
        return [R](unsafeUninitializedCapacity: customers.count) { results, initialized in
            ConcurrentLoop.run(iterations: workers) { worker in
                var x = [Float](repeating: 0, count: size * k)
                var scores = [Float](repeating: 0, count: size * productCount)
                // Both are all zeros between jobs: each row is cleared after its selection.
                var zeros = [Float](repeating: 0, count: productCount)
                var selector = TopKSelector(capacity: capacity)
                var job = worker
                while job < jobs.count {
                    let members = jobs[job]
                    x.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    var hasFactors = [Bool](repeating: false, count: members.count)
                    for (j, n) in members.enumerated() {
                        guard let f = factors(ofCustomer: customers[n]) else { continue }
                        let r = customers[n] % size
                        x.replaceSubrange(r * k ..< (r + 1) * k, with: f)
                        hasFactors[j] = true
                    }
                    let anyFactors = hasFactors.contains(true)
                    var passes = members.map { rowPass(customer: customers[$0]) }
                    x.withUnsafeBufferPointer { x in
                        scores.withUnsafeMutableBufferPointer { scores in
                            zeros.withUnsafeMutableBufferPointer { zeros in
                                func row(_ j: Int) -> UnsafeMutableBufferPointer<Float> {
                                    guard hasFactors[j] else { return zeros }
                                    let r = customers[members[j]] % size
                                    return UnsafeMutableBufferPointer(rebasing: scores[r * productCount ..< (r + 1) * productCount])
                                }
                                if anyFactors {
                                    model.productFactors.withUnsafeBufferPointer { y in
                                        for tile in tiles {
                                            let start = tile.products.lowerBound
                                            // β = 1 on a zeroed buffer: the same result as β = 0,
                                            // without OpenBLAS's zeroing pass over the tile.
                                            BLAS.gemm(transposeB: true, m: size, n: tile.products.count, k: k,
                                                      a: x.baseAddress.unsafelyUnwrapped, b: y.baseAddress.unsafelyUnwrapped + start * k,
                                                      beta: 1, c: scores.baseAddress.unsafelyUnwrapped + start, ldc: productCount)
                                            for j in members.indices where hasFactors[j] {
                                                mask(row: row(j), tile: tile, pass: &passes[j], keep: keep, range: minMax)
                                            }
                                        }
                                    }
                                }
                                for (j, n) in members.enumerated() {
                                    let u = customers[n], r = u % size, row = row(j)
                                    if !hasFactors[j] {
                                        mask(row: row, tile: everything, pass: &passes[j], keep: keep, range: false)
                                    }
                                    let t = hasFactors[j] ? transform(row: row, pass: passes[j]) : nil
                                    selector.removeAll()
                                    select(row: row, segment: Int(data.segments.ofCustomer[u]), transform: t, into: &selector)
                                    let f = hasFactors[j] ? UnsafeBufferPointer(rebasing: x[r * k ..< (r + 1) * k]) : nil
                                    (results.baseAddress.unsafelyUnwrapped + n).initialize(to: make(RankedRow(
                                        customer: u, factors: f, row: row, purchasedRaw: passes[j].purchasedRaw, raw: passes[j].raw,
                                        transform: t, top: selector.sorted())))
                                    row.update(repeating: 0)
                                }
                                // Rows of customers not asked for gained 0 · y: zero for finite
                                // factors (model files are checked), but cleared all the same.
                                if members.count < size && anyFactors { scores.update(repeating: 0) }
                            }
                        }
                    }
                    job += workers
                }
            }
            initialized = customers.count
        }
    }

    /// The first `k` candidates of each customer (as ``ranking(forCustomer:top:)``) with
    /// their ranking keys, in parallel on `threads` workers: the plain top-K whitespot
    /// ranking at batch speed, in the order of `customers`.
    /// - Complexity: O(customers · products · factors / threads).
    public func rankings(forCustomers customers: [Int], top k: Int, threads: Int) -> [[RankedProduct]] {
        mapRanked(customers: customers, capacity: k, threads: threads) { ranked in
            ranked.top.map { RankedProduct(product: Int($0.product), key: $0.key) }
        }
    }

    /// Each customer's recommendations (sales rules, reasons), in the order of `customers`.
    public func recommendations(forCustomers customers: [Int], threads: Int) -> [[Recommendation]] {
        mapRanked(customers: customers, capacity: configuration.top, threads: threads, keep: keptForRules) {
            recommendations(for: $0)
        }
    }

    /// Each customer's delivered list as product indices in list order, as
    /// ``recommendations(forCustomers:threads:)`` writes it but without building reasons and
    /// without the deep-sells that follow the whitespots (``DeepSellPlacement/separate``):
    /// the list of new products the evaluation measures.
    public func deliveredLists(forCustomers customers: [Int], threads: Int) -> [[Int32]] {
        let mixed = configuration.rules.deepSells == .mixed
        return mapRanked(customers: customers, capacity: configuration.top, threads: threads, keep: mixed ? keptForRules : .none) {
            picks(for: $0, withDeepSells: mixed).map { Int32($0.product) }
        }
    }

    /// The deep-sell rows of each customer's delivered list (numbers, no reasons), in list order.
    func deepSellPicks(forCustomers customers: [Int], threads: Int) -> [[Pick]] {
        mapRanked(customers: customers, capacity: configuration.top, threads: threads, keep: keptForRules) { ranked in
            picks(for: ranked).filter { $0.kind == .deepSell }
        }
    }

    /// The raw scores the rules need besides the ranking: the purchases' for deep-sells.
    private var keptForRules: RawScores { configuration.rules.offersDeepSells ? .purchased : .none }

    /// Customer `u`'s recommendations (sales rules, reasons).
    public func recommendations(forCustomer u: Int) -> [Recommendation] {
        recommendations(forCustomers: [u], threads: 1)[0]
    }

    /// Calls `body` with consecutive blocks of ``blockSize`` customers.
    static func forEachBlock(of customers: [Int], _ body: ([Int]) throws -> Void) rethrows {
        var start = 0
        while start < customers.count {
            try body(Array(customers[start ..< min(customers.count, start + blockSize)]))
            start += blockSize
        }
    }

    /// Scores `customers` in blocks of ``blockSize`` and hands each block's customers and their
    /// recommendations, in customer order, to `body` before the next block is scored (bounded memory).
    public func streamRecommendations(
        customers: [Int], threads: Int, body: ([Int], [[Recommendation]]) throws -> Void
    ) rethrows {
        try Scorer.forEachBlock(of: customers) { block in
            try body(block, recommendations(forCustomers: block, threads: threads))
        }
    }

    /// Ranks `customers` in blocks of ``blockSize`` (as ``rankings(forCustomers:top:threads:)``)
    /// and hands each block's customers and lists to `body` before the next block (bounded memory).
    public func streamRankings(
        customers: [Int], top k: Int, threads: Int, body: ([Int], [[RankedProduct]]) throws -> Void
    ) rethrows {
        try Scorer.forEachBlock(of: customers) { block in
            try body(block, rankings(forCustomers: block, top: k, threads: threads))
        }
    }
}
