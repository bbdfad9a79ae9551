import Dispatch

/// The fast batch path: customer chunks × all products by `sgemm`, parallel top-K selection.
extension Scorer {
    /// Customers per `sgemm` chunk (the score buffer of a worker is this × products floats);
    /// chunks are aligned on customer indices (see ``mapRanked(customers:capacity:threads:keep:_:)``).
    public static let chunkSize = 64
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
    /// Raw scores come from single-threaded `sgemm` calls X_chunk · Yᵀ over aligned chunks of
    /// ``chunkSize`` customer indices (customer u is row u mod chunkSize of chunk
    /// ⌊u / chunkSize⌋, rows of customers not asked for are zero). OpenBLAS's result for a row
    /// depends on its position in the call, so this fixed placement makes every customer's
    /// scores bit-identical whichever subset, order or thread count is asked for, and equal to
    /// the per-customer API. Chunks run on `threads` Dispatch workers; memory is
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
        let workers = max(1, min(threads, jobs.count))
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        // Every slot is initialised exactly once, by the worker that owns its job.
        return [R](unsafeUninitializedCapacity: customers.count) { results, initialized in
            withoutActuallyEscaping(make) { make in
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var x = [Float](repeating: 0, count: size * k)
                    var scores = [Float](repeating: 0, count: size * productCount)
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
                        if hasFactors.contains(true) && productCount > 0 {
                            BLAS.gemm(transposeB: true, m: size, n: productCount, k: k,
                                      a: x, b: model.productFactors, c: &scores)
                        }
                        x.withUnsafeBufferPointer { x in
                            scores.withUnsafeMutableBufferPointer { scores in
                                zeros.withUnsafeMutableBufferPointer { zeros in
                                    for (j, n) in members.enumerated() {
                                        let u = customers[n], r = u % size
                                        let row = hasFactors[j]
                                            ? UnsafeMutableBufferPointer(rebasing: scores[r * productCount ..< (r + 1) * productCount])
                                            : zeros
                                        if !hasFactors[j] { row.update(repeating: 0) }
                                        let raw = keep == .all ? Array(row) : []
                                        var purchasedRaw: [Float] = []
                                        if keep == .purchased {
                                            purchasedRaw = data.purchases.product[data.purchases.pairs(ofCustomer: u)].map { row[Int($0)] }
                                        }
                                        let t = prepare(row: row, customer: u, hasFactors: hasFactors[j])
                                        selector.removeAll()
                                        select(row: row, segment: Int(data.segments.ofCustomer[u]), transform: t, into: &selector)
                                        let f = hasFactors[j] ? UnsafeBufferPointer(rebasing: x[r * k ..< (r + 1) * k]) : nil
                                        (results.baseAddress.unsafelyUnwrapped + n).initialize(to: make(RankedRow(
                                            customer: u, factors: f, row: row, purchasedRaw: purchasedRaw, raw: raw,
                                            transform: t, top: selector.sorted())))
                                    }
                                }
                            }
                        }
                        job += workers
                    }
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
        let capacity = configuration.rules.enabled
            ? max(configuration.top, configuration.rules.candidatePool) : configuration.top
        let keep: RawScores = configuration.rules.enabled && configuration.rules.deepSell ? .purchased : .none
        return mapRanked(customers: customers, capacity: capacity, threads: threads, keep: keep) { recommendations(for: $0) }
    }

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

    /// Scores `customers` in blocks of ``blockSize`` and hands each block's recommendations,
    /// in customer order, to `body` before the next block is scored (bounded memory).
    public func streamRecommendations(
        customers: [Int], threads: Int, body: ([Recommendation]) throws -> Void
    ) rethrows {
        try Scorer.forEachBlock(of: customers) { block in
            try body(recommendations(forCustomers: block, threads: threads).flatMap { $0 })
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
