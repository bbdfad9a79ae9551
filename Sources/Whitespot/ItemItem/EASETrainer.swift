import Foundation

/// Fits the item–item weights B of EASE (see ``EASEParameters`` for the formula).
///
/// 1. Gram matrix G = XᵀX by sparse accumulation over each customer's purchase pairs
///    (Σ_u nnz_u² / 2 updates, upper triangle only), parallel over products: far fewer
///    operations than a dense `ssyrk` (customers · products² / 2) on purchase data, whose rows
///    hold a few dozen products (Benchmarks/EASE.md).
/// 2. P = (G + λI)⁻¹ in place by LAPACK `spotrf` + `spotri` on OpenBLAS's threads.
/// 3. B_ij = −P_ij / P_jj (i ≠ j), B_jj = 0, written in place in 64 × 64 blocks.
///
/// One products² Float buffer is all the memory it takes beyond the purchase matrix.
///
/// ```swift
/// var p = EASEParameters()
/// p.regularization = 300
/// let b = try EASETrainer(parameters: p, threads: 2).fit(PurchaseMatrix(lines))
/// ```
public struct EASETrainer: Sendable {
    /// The hyper-parameters.
    public let parameters: EASEParameters
    /// Worker threads (Gram accumulation, OpenBLAS inside the inverse, the final scaling).
    public let threads: Int

    /// A trainer with `parameters` running on `threads` threads.
    public init(parameters: EASEParameters, threads: Int) {
        self.parameters = parameters
        self.threads = max(1, threads)
    }

    /// The weights B of `matrix`, products × products row-major (score of product j for a
    /// customer row x is Σ_i x_i B[i·n + j]). Ages are measured to the matrix's last purchase
    /// day, or to `referenceDay` when given.
    ///
    /// - Throws: ``TrainingError`` for invalid parameters, more products than
    ///   ``EASEParameters/productLimit`` (checked before allocating), no purchases, or a
    ///   Gram matrix that is not positive definite.
    /// - Complexity: O(Σ_u nnz_u² + products³).
    public func fit(_ matrix: PurchaseMatrix, referenceDay: Int32? = nil) throws -> [Float] {
        try parameters.validate()
        let n = matrix.productCount
        try EASEParameters.checkSize(products: n)
        guard matrix.pairCount > 0 else { throw TrainingError.noPurchases }
        let today = referenceDay ?? (matrix.lastDay.max() ?? 0)
        let values = (0 ..< matrix.pairCount).map {
            parameters.rowValue(lines: matrix.lines[$0], ageDays: today - matrix.lastDay[$0])
        }
        var g = [Float](repeating: 0, count: n * n)
        try g.withUnsafeMutableBufferPointer { g in
            let base = g.baseAddress.unsafelyUnwrapped
            accumulateGram(matrix, values: values, into: base)
            let lambda = Float(parameters.regularization)
            for i in 0 ..< n { base[i * n + i] += lambda }
            do { try BLAS.withThreads(threads) { try BLAS.invertSPD(n: n, a: base) } } catch let e as BLAS.NotPositiveDefinite {
                throw TrainingError.notPositiveDefinite(side: "item Gram matrix, product", row: e.minor - 1)
            }
            weightsFromInverse(base, n: n)
        }
        return g
    }

    /// The weights B of `matrix` (``fit(_:referenceDay:)``) reduced to the parameters'
    /// ``EASEParameters/neighbours`` largest-magnitude weights of each row (all without a
    /// number); the dense B is freed on return.
    /// - Throws: as ``fit(_:referenceDay:)``.
    /// - Complexity: O(Σ_u nnz_u² + products³ + products² · log neighbours).
    public func neighbours(_ matrix: PurchaseMatrix, referenceDay: Int32? = nil) throws -> ItemWeights {
        let n = matrix.productCount
        return ItemWeights(dense: try fit(matrix, referenceDay: referenceDay), productCount: n,
                           keep: parameters.neighbours ?? max(1, n - 1), threads: threads)
    }

    /// Adds x_ui · x_uj to g[i·n + j] for every customer and every pair of their products
    /// i ≤ j (upper triangle). Worker t owns the rows i with i mod workers = t, so no two
    /// workers write the same cell and the sums do not depend on the thread count's timing.
    func accumulateGram(_ m: PurchaseMatrix, values: [Float], into g: UnsafeMutablePointer<Float>) {
        let n = m.productCount, workers = threads
        m.product.withUnsafeBufferPointer { product in
            values.withUnsafeBufferPointer { value in
                ConcurrentLoop.run(iterations: workers) { t in
                    for u in 0 ..< m.customerCount {
                        let pairs = m.pairs(ofCustomer: u)
                        for a in pairs where Int(product[a]) % workers == t {
                            let row = g + Int(product[a]) * n, va = value[a]
                            for b in a ..< pairs.upperBound { row[Int(product[b])] += va * value[b] }
                        }
                    }
                }
            }
        }
    }

    /// Turns the upper triangle of P (row-major, from ``BLAS/invertSPD(n:a:)``) into the full
    /// B = I − P · diag(1 / diag P) in place, in 64 × 64 blocks (each upper block and its mirror
    /// are read and written together; blocks of one block-row run on one worker).
    func weightsFromInverse(_ p: UnsafeMutablePointer<Float>, n: Int) {
        let diagonal = (0 ..< n).map { p[$0 * n + $0] }
        let block = 64, blocks = (n + block - 1) / block
        diagonal.withUnsafeBufferPointer { d in
            ConcurrentLoop.run(iterations: blocks) { bi in
                let rows = bi * block ..< min(n, (bi + 1) * block)
                for bj in bi ..< blocks {
                    let columns = bj * block ..< min(n, (bj + 1) * block)
                    for i in rows {
                        for j in columns where j > i {
                            let pij = p[i * n + j]
                            p[i * n + j] = -pij / d[j]
                            p[j * n + i] = -pij / d[i]
                        }
                    }
                }
                for i in rows { p[i * n + i] = 0 }
            }
        }
    }
}
