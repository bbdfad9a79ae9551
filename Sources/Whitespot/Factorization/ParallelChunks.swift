import Dispatch
import Foundation

/// Deterministic parallel loops over rows: fixed chunk boundaries, dynamic assignment.
///
/// Rows are cut into chunks of roughly equal work once; `workers` threads
/// (`DispatchQueue.concurrentPerform`) take chunks in order from a shared counter. Which
/// worker runs a chunk varies from run to run, but every row's result depends only on its
/// inputs, so the output does not.
struct ParallelChunks {
    /// Row ranges, in row order.
    let chunks: [Range<Int>]

    /// Chunks over rows `0 ..< offsets.count − 1` where row r costs
    /// `offsets[r+1] − offsets[r] + rowCost` units, about `perWorker` chunks per worker.
    init(offsets: [Int], rowCost: Int, workers: Int, perWorker: Int = 32) {
        let rows = offsets.count - 1
        let total = (offsets.last ?? 0) + rows * rowCost
        let target = max(1, total / max(1, workers * perWorker))
        var chunks: [Range<Int>] = []
        var start = 0, work = 0
        for r in 0..<rows {
            work += offsets[r + 1] - offsets[r] + rowCost
            if work >= target {
                chunks.append(start ..< r + 1)
                start = r + 1
                work = 0
            }
        }
        if start < rows { chunks.append(start ..< rows) }
        self.chunks = chunks
    }

    /// Runs `body(worker, rows)` for every chunk on `workers` threads; rethrows the first
    /// error (by chunk order) after all workers stop.
    func run(workers: Int, _ body: (_ worker: Int, _ rows: Range<Int>) throws -> Void) throws {
        let state = SharedState(chunkCount: chunks.count)
        let chunks = self.chunks
        ConcurrentLoop.run(iterations: max(1, workers)) { worker in
            while let c = state.next() {
                do { try body(worker, chunks[c]) } catch { state.record(error, chunk: c) }
            }
        }
        if let error = state.firstError { throw error }
    }

    /// The chunk counter and the first error, behind a lock (shared by the workers).
    private final class SharedState {
        private let lock = NSLock()
        private var nextChunk = 0
        private let chunkCount: Int
        private var errorChunk = Int.max
        private(set) var firstError: Error?

        init(chunkCount: Int) { self.chunkCount = chunkCount }

        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard nextChunk < chunkCount, firstError == nil else { return nil }
            nextChunk += 1
            return nextChunk - 1
        }

        func record(_ error: Error, chunk: Int) {
            lock.lock(); defer { lock.unlock() }
            if chunk < errorChunk { errorChunk = chunk; firstError = error }
        }
    }
}
