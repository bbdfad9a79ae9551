import Dispatch

/// The fast batch path: customer chunks × all products by `sgemm`, parallel top-K selection.
extension Scorer {
    /// Customers per `sgemm` chunk (the score buffer of a worker is this × products floats).
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
        /// The fitted affinity transformation.
        let transform: AffinityTransform?
        /// The selected candidates, best first.
        let top: [(key: Float, product: Int32)]
    }

    /// Ranks `customers` in parallel and maps each ranked row with `make`, keeping
    /// `capacity` candidates per customer; results are in the order of `customers`.
    ///
    /// Chunks of ``chunkSize`` customers are scored with one single-threaded `sgemm`
    /// (X_chunk · Yᵀ) each, on `threads` Dispatch workers; memory is O(threads · chunkSize ·
    /// products), never the full score matrix. Each row's result depends only on its inputs,
    /// so the output does not depend on `threads`.
    func mapRanked<R>(customers: [Int], capacity: Int, threads: Int, _ make: (RankedRow) -> R) -> [R] {
        let productCount = data.products.count, k = model.factors
        let chunkCount = (customers.count + Scorer.chunkSize - 1) / Scorer.chunkSize
        let workers = max(1, min(threads, chunkCount))
        var results = [R?](repeating: nil, count: customers.count)
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        results.withUnsafeMutableBufferPointer { results in
            withoutActuallyEscaping(make) { make in
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var x = [Float](repeating: 0, count: Scorer.chunkSize * k)
                    var scores = [Float](repeating: 0, count: Scorer.chunkSize * productCount)
                    var zeros = [Float](repeating: 0, count: productCount)
                    var selector = TopKSelector(capacity: capacity)
                    var chunk = worker
                    while chunk < chunkCount {
                        let start = chunk * Scorer.chunkSize
                        let members = start ..< min(customers.count, start + Scorer.chunkSize)
                        // Gather factors; rowOf[j] = the chunk row of member j, or -1.
                        var rowOf = [Int](repeating: -1, count: members.count)
                        var rows = 0
                        for (j, n) in members.enumerated() {
                            guard let f = factors(ofCustomer: customers[n]) else { continue }
                            x.replaceSubrange(rows * k ..< (rows + 1) * k, with: f)
                            rowOf[j] = rows
                            rows += 1
                        }
                        if rows > 0 && productCount > 0 {
                            BLAS.gemm(transposeB: true, m: rows, n: productCount, k: k,
                                      a: x, b: model.productFactors, c: &scores)
                        }
                        x.withUnsafeBufferPointer { x in
                            scores.withUnsafeMutableBufferPointer { scores in
                                zeros.withUnsafeMutableBufferPointer { zeros in
                                    for (j, n) in members.enumerated() {
                                        let u = customers[n]
                                        let r = rowOf[j]
                                        let row = r >= 0
                                            ? UnsafeMutableBufferPointer(rebasing: scores[r * productCount ..< (r + 1) * productCount])
                                            : zeros
                                        if r < 0 { row.update(repeating: 0) }
                                        let t = prepare(row: row, customer: u, hasFactors: r >= 0)
                                        selector.removeAll()
                                        select(row: row, segment: Int(data.segments.ofCustomer[u]), transform: t, into: &selector)
                                        let f = r >= 0 ? UnsafeBufferPointer(rebasing: x[r * k ..< (r + 1) * k]) : nil
                                        results[n] = make(RankedRow(customer: u, factors: f, row: row, transform: t, top: selector.sorted()))
                                    }
                                }
                            }
                        }
                        chunk += workers
                    }
                }
            }
        }
        return results.map { $0! }
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
        return mapRanked(customers: customers, capacity: capacity, threads: threads) { recommendations(for: $0) }
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
