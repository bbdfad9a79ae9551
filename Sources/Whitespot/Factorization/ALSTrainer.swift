import Foundation

/// Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008) on OpenBLAS,
/// parallel over customers and products with Dispatch.
///
/// Minimises Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²) over all customer ×
/// product cells, p_ui = 1 for a purchase pair and 0 otherwise, c_ui from
/// ``TrainingParameters/confidence(lines:quantity:revenue:ageDays:)`` (1 for unbought cells).
/// Each iteration solves every customer against the products' factors, then every product
/// against the customers' factors (see ``RowSolvers``), computing G = YᵀY + λI once per
/// half-step with a multi-threaded `ssyrk` and running the row solves on
/// ``TrainingParameters/threads`` Dispatch workers with OpenBLAS single-threaded.
///
/// Factors start from U[0, 0.01) (a SplitMix64 stream of the seed; customers first, then
/// products). Same data, seed, solver and thread count give bit-identical factors.
///
/// ```swift
/// var p = TrainingParameters(); p.factors = 32; p.iterations = 10
/// let pair = try ALSTrainer(parameters: p).fit(PurchaseMatrix(lines))
/// ```
public struct ALSTrainer: Sendable {
    /// Hyper-parameters.
    public var parameters: TrainingParameters
    /// Whether to compute the training loss after each iteration (one extra pass over the pairs).
    public var computesLoss: Bool

    /// A trainer with the given hyper-parameters.
    public init(parameters: TrainingParameters = TrainingParameters(), computesLoss: Bool = false) {
        self.parameters = parameters
        self.computesLoss = computesLoss
    }

    /// Fits factors to `matrix` with confidences from the parameters.
    ///
    /// - Parameter progress: called on the calling thread after every iteration.
    /// - Throws: ``TrainingError``.
    public func fit(_ matrix: PurchaseMatrix, progress: ((TrainingProgress) -> Void)? = nil) throws -> FactorPair {
        try fit(matrix, confidences: parameters.confidences(for: matrix), progress: progress)
    }

    /// Fits factors to `matrix` with explicit per-pair confidences (CSR pair order, each ≥ 1).
    /// With a ``TrainingParameters/tolerance`` it may stop before ``TrainingParameters/iterations``:
    /// the returned pair's `iterationSeconds` has one entry per iteration run.
    public func fit(
        _ matrix: PurchaseMatrix, confidences: [Float], progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> FactorPair {
        try parameters.validate()
        guard matrix.pairCount > 0 else { throw TrainingError.noPurchases }
        precondition(confidences.count == matrix.pairCount)
        let k = parameters.factors
        let longest = max(
            zip(matrix.rowStart.dropFirst(), matrix.rowStart).map { $0 - $1 }.max() ?? 0,
            zip(matrix.columnStart.dropFirst(), matrix.columnStart).map { $0 - $1 }.max() ?? 0)
        try parameters.checkMemory(
            customers: matrix.customerCount, products: matrix.productCount, pairs: matrix.pairCount, longestRow: longest)
        let byCustomer = SparseRows(offsets: matrix.rowStart, index: matrix.product, confidence: confidences)
        let byProduct = SparseRows(
            offsets: matrix.columnStart, index: matrix.customerOfEntry,
            confidence: matrix.pairOfEntry.map { confidences[Int($0)] })
        var rng = SplitMix64(seed: parameters.seed)
        var x = (0 ..< matrix.customerCount * k).map { _ in rng.nextUnitFloat() * 0.01 }
        var y = (0 ..< matrix.productCount * k).map { _ in rng.nextUnitFloat() * 0.01 }

        let workers = parameters.threads
        let customerChunks = ParallelChunks(offsets: matrix.rowStart, rowCost: k / 2, workers: workers)
        let productChunks = ParallelChunks(offsets: matrix.columnStart, rowCost: k / 2, workers: workers)

        var losses: [Double] = [], seconds: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for iteration in 0 ..< parameters.iterations {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try halfStep(solving: &x, rows: byCustomer, chunks: customerChunks, fixed: y, side: "customer")
            try halfStep(solving: &y, rows: byProduct, chunks: productChunks, fixed: x, side: "product")
            guard Self.allFinite(x), Self.allFinite(y) else {
                throw TrainingError.diverged(
                    iteration: iteration + 1, alpha: parameters.alpha, regularization: parameters.regularization)
            }
            let t1 = DispatchTime.now().uptimeNanoseconds
            seconds.append(Double(t1 - t0) / 1e9)
            var loss: Double?
            if computesLoss || parameters.tolerance != nil {
                let l = try Self.loss(
                    customerFactors: x, productFactors: y, factors: k, rows: byCustomer,
                    chunks: customerChunks, parameters: parameters,
                    cells: Double(matrix.customerCount) * Double(matrix.productCount))
                guard l.isFinite else {
                    throw TrainingError.diverged(
                        iteration: iteration + 1, alpha: parameters.alpha, regularization: parameters.regularization)
                }
                losses.append(l)
                loss = l
            }
            progress?(TrainingProgress(
                iteration: iteration + 1, iterations: parameters.iterations, loss: loss,
                seconds: seconds[iteration],
                elapsedSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            if let tolerance = parameters.tolerance, losses.count >= 2,
               losses[losses.count - 2] - losses[losses.count - 1] < tolerance * losses[losses.count - 2] {
                break
            }
        }
        return FactorPair(factors: k, customerFactors: x, productFactors: y, losses: losses, iterationSeconds: seconds)
    }

    /// Whether every value is finite (a NaN or infinity poisons every later solve and score).
    static func allFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { b in
            // x − x is 0 for finite x and NaN otherwise; summing keeps the check branch-free.
            var acc: Float = 0
            for v in b { acc += v - v }
            return acc == 0
        }
    }

    /// The training loss of factors: the objective divided by the total confidence of all
    /// cells, L = [Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²)] / [Σ_pairs c_ui + (U·P − pairs)].
    ///
    /// Computed without visiting unbought cells: Σ_{u,i} (x_uᵀy_i)² = Σ_u x_uᵀ(YᵀY)x_u, and each
    /// pair replaces its (x_uᵀy_i)² by c_ui (1 − x_uᵀy_i)². - Complexity: O(pairs · k + U · k²).
    public func loss(of pair: FactorPair, matrix: PurchaseMatrix, confidences: [Float]) throws -> Double {
        let rows = SparseRows(offsets: matrix.rowStart, index: matrix.product, confidence: confidences)
        return try Self.loss(
            customerFactors: pair.customerFactors, productFactors: pair.productFactors, factors: pair.factors,
            rows: rows, chunks: ParallelChunks(offsets: matrix.rowStart, rowCost: pair.factors / 2, workers: parameters.threads),
            parameters: parameters, cells: Double(matrix.customerCount) * Double(matrix.productCount))
    }

    /// One half-step: every row of `target` solved against the `fixed` side's factors. Two
    /// OpenBLAS scopes one after the other (``BLAS/withThreads(_:_:)``): the Gram matrix with
    /// ``TrainingParameters/threads`` threads, then the row solves with one thread per worker.
    private func halfStep(
        solving target: inout [Float], rows: SparseRows, chunks: ParallelChunks, fixed: [Float], side: String
    ) throws {
        let k = parameters.factors
        let gram = Self.regularizedGram(fixed, k: k, lambda: Float(parameters.regularization), threads: parameters.threads)
        let workers = parameters.threads
        let longestRow = zip(rows.offsets.dropFirst(), rows.offsets).map { $0 - $1 }.max() ?? 0
        let stride = parameters.solver == .cg ? 3 * k + longestRow * (k + 1) : k * k
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: workers * stride)
        defer { scratch.deallocate() }
        let solver = parameters.solver, steps = parameters.cgSteps
        try BLAS.withThreads(1) { try target.withMutableBase { out in
            try withBases(fixed, gram) { fixed, gram in
                try rows.withPointers { offsets, index, confidence in
                    try chunks.run(workers: workers) { worker, range in
                        let s = scratch + worker * stride
                        for r in range {
                            let lo = offsets[r], count = offsets[r + 1] - lo
                            switch solver {
                            case .cg:
                                RowSolvers.conjugateGradient(
                                    items: index + lo, confidences: confidence + lo, count: count,
                                    fixed: fixed, gram: gram, k: k, steps: steps,
                                    x: out + r * k, r: s, p: s + k, ap: s + 2 * k,
                                    weights: s + 3 * k, gathered: s + 3 * k + longestRow)
                            case .cholesky:
                                do {
                                    try RowSolvers.cholesky(
                                        items: index + lo, confidences: confidence + lo, count: count,
                                        fixed: fixed, gram: gram, k: k, a: s, x: out + r * k)
                                } catch {
                                    throw TrainingError.notPositiveDefinite(side: side, row: r)
                                }
                            }
                        }
                    }
                }
            }
        } }
    }

    /// G = FᵀF + λI for row-major factors F (rows × k), with `threads` OpenBLAS threads (a
    /// ``BLAS/withThreads(_:_:)`` scope of its own).
    static func regularizedGram(_ factors: [Float], k: Int, lambda: Float, threads: Int) -> [Float] {
        var g = [Float](repeating: 0, count: k * k)
        BLAS.withThreads(threads) {
            factors.withBase { f in g.withMutableBase { BLAS.gram(f, rows: factors.count / k, cols: k, into: $0) } }
        }
        for j in 0 ..< k { g[j * k + j] += lambda }
        return g
    }

    /// See ``loss(of:matrix:confidences:)``; per-row sums are added in row order.
    private static func loss(
        customerFactors x: [Float], productFactors y: [Float], factors k: Int, rows: SparseRows,
        chunks: ParallelChunks, parameters: TrainingParameters, cells: Double
    ) throws -> Double {
        let lambda = parameters.regularization
        let gram = regularizedGram(y, k: k, lambda: Float(lambda), threads: parameters.threads)
        let rowCount = rows.offsets.count - 1
        var perRow = [Double](repeating: 0, count: rowCount)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: parameters.threads * k)
        defer { scratch.deallocate() }
        try perRow.withMutableBase { perRow in
            try withBases(x, y) { x, y in
                try gram.withBase { gram in
                    try rows.withPointers { offsets, index, confidence in
                        try chunks.run(workers: parameters.threads) { worker, range in
                            let gx = scratch + worker * k
                            for r in range {
                                let xu = x + r * k
                                // xᵀ(YᵀY + λI)x covers every cell as unbought plus λ‖x‖².
                                VectorKernels.symmetricMultiply(gram, xu, into: gx, k)
                                var s = Double(VectorKernels.dot(xu, gx, k))
                                for n in offsets[r] ..< offsets[r + 1] {
                                    let score = Double(VectorKernels.dot(xu, y + Int(index[n]) * k, k))
                                    s += Double(confidence[n]) * (1 - score) * (1 - score) - score * score
                                }
                                perRow[r] = s
                            }
                        }
                    }
                }
            }
        }
        var total = perRow.reduce(0, +)
        var productNorms = 0.0
        for v in y { productNorms += Double(v) * Double(v) }
        total += lambda * productNorms
        let confidenceSum = rows.confidence.reduce(0.0) { $0 + Double($1) }
        return total / (confidenceSum + cells - Double(rows.confidence.count))
    }
}

/// One side's sparse rows: offsets, the other side's index and the confidence of each entry.
struct SparseRows: Sendable {
    let offsets: [Int]
    let index: [Int32]
    let confidence: [Float]

    /// Calls `body` with base pointers of the three arrays (offsets, index, confidence).
    func withPointers<R>(
        _ body: (UnsafePointer<Int>, UnsafePointer<Int32>, UnsafePointer<Float>) throws -> R
    ) rethrows -> R {
        try offsets.withBase { o in try withBases(index, confidence) { i, c in try body(o, i, c) } }
    }
}
