import Glibc
import Synchronization

/// The ranking pipeline under every batch path: workers rank chunk after chunk while finished
/// blocks are handed on in order.
extension Scorer {
    /// Blocks ``streamRanked(customers:blockSize:capacity:threads:keep:_:body:)`` keeps in
    /// flight at most: being ranked, or ranked and waiting to be handed on.
    static let blocksInFlight = 4

    /// Where the pipeline stands; guarded by a lock.
    private struct StreamProgress {
        /// The next block to hand on.
        var next = 0
        /// Whether a worker is handing a block on now.
        var handingOn = false
        /// Whether `body` failed (the workers stop).
        var failed = false
        /// Customers ranked so far in each slot's block (slot = block mod window).
        var ranked: [Int]
    }

    /// Ranks `customers` in parallel and hands each consecutive block of `blockSize` of them to
    /// `body`, with each customer's ranked row mapped by `make`, in order and one call at a time,
    /// while the next blocks are being ranked.
    ///
    /// Customers are taken in aligned chunks of ``chunkSize`` indices within each block (customer
    /// u belongs to chunk ⌊u / chunkSize⌋), chunks handed to `threads` Dispatch workers as each
    /// frees up, OpenBLAS single-threaded inside each (one ``BLAS/withThreads(_:_:)`` scope). Per
    /// chunk, two steps:
    /// 1. Tile scoring (``ChunkScores``): raw scores of tiles of ``tileWidth`` products from the
    ///    model's affinity source, each tile masked and its candidates' range taken while it is
    ///    still in cache.
    /// 2. Row selection (``rankRow(_:of:keep:pass:selector:)``): each row read once by the
    ///    top-K selection, then cleared, every member's before `make` maps any of them.
    ///
    /// Whichever worker finds the next block complete hands it to `body` (under a lock, so calls
    /// are serial and in block order) and goes back to ranking; the other workers rank on, at most
    /// ``blocksInFlight`` blocks ahead of the one to hand on. So neither the last chunk of a block
    /// nor the writing of one leaves a core idle. When `body` throws, the workers stop and its
    /// error is rethrown; no later block is handed on.
    ///
    /// Every customer's scores are bit-identical whichever subset, order, block size or thread
    /// count is asked for, and equal to the per-customer API. Memory: one chunk buffer per worker
    /// (``chunkSize`` × products floats) and ``blocksInFlight`` × `blockSize` results, never the
    /// full score matrix.
    func streamRanked<R, E: Error>(
        customers: [Int], blockSize: Int, capacity: Int, threads: Int, keep: RawScores = .none,
        _ make: (RankedRow) -> R, body: ([Int], [R]) throws(E) -> Void
    ) throws(E) {
        precondition(blockSize > 0)
        let blockCount = (customers.count + blockSize - 1) / blockSize
        func block(_ b: Int) -> Range<Int> { b * blockSize ..< min(customers.count, (b + 1) * blockSize) }
        var jobs: [(block: Int, positions: [Int])] = []
        for b in 0 ..< blockCount {
            let range = block(b)
            for members in Scorer.chunkJobs(Array(customers[range])) { jobs.append((b, members.map { $0 + range.lowerBound })) }
        }
        guard !jobs.isEmpty else { return }
        let window = min(Scorer.blocksInFlight, blockCount)
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: window * blockSize)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        let progress = Mutex(StreamProgress(ranked: [Int](repeating: 0, count: window)))
        var failure: E?  // written only by the worker handing on (one at a time), read after the loop

        /// Hands on every complete block in order, unless another worker is doing so.
        func handOn() {
            while true {
                let b: Int? = progress.withLock { p in
                    guard !p.handingOn, !p.failed, p.next < blockCount, p.ranked[p.next % window] == block(p.next).count else { return nil }
                    p.handingOn = true
                    return p.next
                }
                guard let b else { return }
                let range = block(b), base = (b % window) * blockSize
                let rows = (0 ..< range.count).map { slots[base + $0].take().unsafelyUnwrapped }
                var failed = false
                do throws(E) { try body(Array(customers[range]), rows) } catch {
                    failure = error
                    failed = true
                }
                progress.withLock { p in
                    p.ranked[b % window] = 0
                    p.next += 1
                    p.handingOn = false
                    p.failed = failed
                }
                if failed { return }
            }
        }

        let tiles = productTiles()
        let ranging = configuration.normalization == .minMax
        let nextJob = Atomic<Int>(0)
        BLAS.withThreads(1) {
            ConcurrentLoop.run(iterations: max(1, min(threads, jobs.count))) { _ in
                let chunk = ChunkScores(scorer: self)
                var selector = TopKSelector(capacity: capacity)
                while case let job = nextJob.wrappingAdd(1, ordering: .relaxed).oldValue, job < jobs.count {
                    let (b, positions) = jobs[job]
                    // Wait (handing on what is complete) until the block is within the window.
                    while true {
                        let (ahead, failed) = progress.withLock { p in (b >= p.next + window, p.failed) }
                        if failed { return }
                        if !ahead { break }
                        handOn()
                        usleep(100)
                    }
                    chunk.load(customers: positions.map { customers[$0] })
                    var passes = chunk.customers.map(rowPass(customer:))
                    for tile in tiles where chunk.anyAffinity {
                        chunk.score(tile: tile.products)
                        for j in positions.indices where chunk.hasAffinity[j] {
                            mask(row: chunk.row(j), tile: tile, pass: &passes[j], keep: keep, range: ranging)
                        }
                    }
                    let base = (b % window) * blockSize - block(b).lowerBound
                    // Every row is selected (and cleared) while the chunk is still in cache, before
                    // `make`'s work (reasons) can evict it.
                    let ranked = positions.indices.map { j in rankRow(j, of: chunk, keep: keep, pass: passes[j], selector: &selector) }
                    for (n, row) in zip(positions, ranked) { slots[base + n] = make(row) }
                    chunk.finish()
                    progress.withLock { $0.ranked[b % window] += positions.count }
                    handOn()
                }
            }
        }
        handOn()  // blocks the last workers completed while another one was handing on
        if let failure { throw failure }
    }
}
