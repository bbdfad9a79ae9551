/// The fast batch path: customer chunks × all products by `sgemm`, parallel top-K selection.
extension Scorer {
    /// Customers per `sgemm` chunk (the score buffer of a worker is this × products floats);
    /// chunks are aligned on customer indices (see ``streamRanked(customers:blockSize:capacity:threads:keep:_:body:)``).
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
        /// Whether the customer has affinities (false: segment-only).
        let hasAffinity: Bool
        /// Every product's raw score with non-candidates at −∞, kept only when every product's raw
        /// score was asked for (``RawScores/all``); empty otherwise.
        let masked: [Float]
        /// Raw scores of the customer's purchases, in the order of their pairs (empty unless asked for).
        let purchasedRaw: [Float]
        /// The unmasked raw scores of every product (empty unless asked for).
        let raw: [Float]
        /// The fitted affinity transformation.
        let transform: AffinityTransform?
        /// The selected candidates, best first.
        let top: [(key: Float, product: Int32)]
        /// The raw scores of ``top``'s products, in its order.
        let topRaw: [Float]

        /// The selected candidates as a plain ranking, best first.
        var ranking: [RankedProduct] { top.map { RankedProduct(product: Int($0.product), key: $0.key) } }
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
    /// `capacity` candidates per customer; results are in the order of `customers`. One block of
    /// ``streamRanked(customers:blockSize:capacity:threads:keep:_:body:)``, which states how.
    func mapRanked<R>(customers: [Int], capacity: Int, threads: Int, keep: RawScores = .none, _ make: (RankedRow) -> R) -> [R] {
        var results: [R] = []
        streamRanked(customers: customers, blockSize: max(1, customers.count), capacity: capacity, threads: threads, keep: keep, make) {
            results = $1
        }
        return results
    }

    /// The aligned chunks `customers` touch, in order of first appearance, each as the positions
    /// in `customers` of its members.
    static func chunkJobs(_ customers: [Int]) -> [[Int]] {
        var jobOfChunk: [Int: Int] = [:]
        var jobs: [[Int]] = []
        for (n, u) in customers.enumerated() {
            if let j = jobOfChunk[u / chunkSize] { jobs[j].append(n) } else {
                jobOfChunk[u / chunkSize] = jobs.count
                jobs.append([n])
            }
        }
        return jobs
    }

    /// The row-selection step for member `j` of a scored chunk: masks a segment-only row
    /// (whose tiles were not scored), fits the affinity transformation, selects the top
    /// candidates and clears the row (zeros again, as the chunk buffer must be between chunks).
    func rankRow(_ j: Int, of chunk: ChunkScores, keep: RawScores, pass: RowPass, selector: inout TopKSelector) -> RankedRow {
        var pass = pass
        let u = chunk.customers[j], row = chunk.row(j), affinity = chunk.hasAffinity[j]
        if !affinity {
            let everything = ProductTile(products: 0 ..< data.products.count, ineligible: ineligible.indices)
            mask(row: row, tile: everything, pass: &pass, keep: keep, range: false)
        }
        let t = affinity ? transform(row: row, pass: pass) : nil
        selector.removeAll()
        select(row: row, segment: Int(data.segments.ofCustomer[u]), transform: t, into: &selector)
        let top = selector.sorted()
        let ranked = RankedRow(customer: u, hasAffinity: affinity, masked: keep == .all ? Array(row) : [], purchasedRaw: pass.purchasedRaw,
                               raw: pass.raw, transform: t, top: top, topRaw: top.map { row[Int($0.product)] })
        row.update(repeating: 0)
        return ranked
    }

    /// The first `k` candidates of each customer (as ``ranking(forCustomer:top:)``) with
    /// their ranking keys, in parallel on `threads` workers: the plain top-K whitespot
    /// ranking at batch speed, in the order of `customers`.
    /// - Complexity: O(customers · products · factors / threads).
    public func rankings(forCustomers customers: [Int], top k: Int, threads: Int) -> [[RankedProduct]] {
        mapRanked(customers: customers, capacity: k, threads: threads) { $0.ranking }
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

    /// Scores `customers` in blocks of ``blockSize`` and hands each block's customers and their
    /// recommendations, in customer order, to `body` before the next block is scored (bounded memory).
    public func streamRecommendations<E: Error>(
        customers: [Int], threads: Int, body: ([Int], [[Recommendation]]) throws(E) -> Void
    ) throws(E) {
        try streamRecommendations(customers: customers, threads: threads, each: { $0 }, body: body)
    }

    /// ``streamRecommendations(customers:threads:body:)`` with each customer's recommendations
    /// turned into `each(recommendations)` by the worker that scored them (formatting rows
    /// there keeps it on every core, beside the ranking, instead of after each block).
    public func streamRecommendations<Row, E: Error>(
        customers: [Int], threads: Int, each: ([Recommendation]) -> Row, body: ([Int], [Row]) throws(E) -> Void
    ) throws(E) {
        try streamRanked(customers: customers, blockSize: Scorer.blockSize, capacity: configuration.top, threads: threads, keep: keptForRules,
                         { each(recommendations(for: $0)) }, body: body)
    }

    /// Ranks `customers` in blocks of ``blockSize`` (as ``rankings(forCustomers:top:threads:)``)
    /// and hands each block's customers and lists to `body` before the next block (bounded memory).
    public func streamRankings<E: Error>(
        customers: [Int], top k: Int, threads: Int, body: ([Int], [[RankedProduct]]) throws(E) -> Void
    ) throws(E) {
        try streamRankings(customers: customers, top: k, threads: threads, each: { _, list in list }, body: body)
    }

    /// ``streamRankings(customers:top:threads:body:)`` with each customer's list turned into
    /// `each(customer, list)` by the worker that ranked it.
    public func streamRankings<Row, E: Error>(
        customers: [Int], top k: Int, threads: Int, each: (Int, [RankedProduct]) -> Row, body: ([Int], [Row]) throws(E) -> Void
    ) throws(E) {
        try streamRanked(customers: customers, blockSize: Scorer.blockSize, capacity: k, threads: threads,
                         { each($0.customer, $0.ranking) }, body: body)
    }
}
