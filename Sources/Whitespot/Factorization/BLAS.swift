import COpenBLAS

/// The one Swift wrapper around OpenBLAS: every dense kernel Whitespot uses goes through here.
///
/// All matrices are row-major `Float` buffers. Every call into the COpenBLAS module (CBLAS,
/// LAPACK, the prefetch hint) is made here. The hot loops of the trainer and the scorer still
/// read Swift arrays through unsafe pointers (`withBase`, the scorer's selection loop) for
/// speed, but they call no OpenBLAS function of their own. The size of OpenBLAS's thread pool
/// is set only through scopes, ``withThreads(_:_:)``.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C for row-major A (m×k, or k×m when `transposeA`),
    /// B (k×n, or n×k when `transposeB`) and C (m×n).
    ///
    /// `lda`, `ldb`, `ldc` default to the packed row lengths.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        let lda = lda ?? (transposeA ? m : k)
        let ldb = ldb ?? (transposeB ? k : n)
        let ldc = ldc ?? n
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// G ← α·AᵀA + β·G for a row-major A of `rows`×`cols`; fills the full symmetric
    /// `cols`×`cols` matrix G (both triangles).
    ///
    /// - Complexity: O(rows · cols²) flops, computed by `ssyrk` on the upper triangle and mirrored.
    public static func gram(
        _ a: UnsafePointer<Float>, rows: Int, cols: Int,
        alpha: Float = 1, beta: Float = 0, into g: UnsafeMutablePointer<Float>
    ) {
        cblas_ssyrk(
            CblasRowMajor, CblasUpper, CblasTrans, Int32(cols), Int32(rows),
            alpha, a, Int32(cols), beta, g, Int32(cols))
        for i in 0..<cols {
            for j in 0..<i { g[i * cols + j] = g[j * cols + i] }
        }
    }

    /// y ← α·A·x + β·y for a row-major A of m×n (or Aᵀ·x when `transpose`).
    public static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, x: UnsafePointer<Float>,
        beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
            alpha, a, Int32(n), x, 1, beta, y, 1)
    }

    /// Hints the CPU to fetch the cache line holding `address` (not a BLAS routine: kept here
    /// so that every C call stays in this wrapper).
    @inline(__always)
    public static func prefetch(_ address: UnsafeRawPointer) {
        whitespot_prefetch(address)
    }

    /// y ← α·x + y for length-`count` vectors.
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Dot product of two length-`n` vectors.
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count n: Int) -> Float {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }

    /// A Cholesky factorisation failed: the matrix is not symmetric positive definite.
    public struct NotPositiveDefinite: Error, CustomStringConvertible {
        /// LAPACK's `info`: the order of the leading minor that is not positive.
        public let minor: Int
        /// The problem in words, naming the minor.
        public var description: String {
            "matrix is not positive definite (leading minor \(minor) is not positive)"
        }
    }

    /// Solves A·X = B in place for a symmetric positive definite n×n A (row-major, both
    /// triangles valid) and `nrhs` right-hand sides stored as rows of B (nrhs×n).
    ///
    /// On return `a` holds the Cholesky factor and `b` the solution. Uses LAPACK `sposv`.
    /// Because A is symmetric, row-major and column-major storage coincide, and B stored
    /// as nrhs rows of length n is B column-major with leading dimension n.
    public static func solveSPD(
        n: Int, nrhs: Int = 1, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
    ) throws {
        var uplo: CChar = CChar(UInt8(ascii: "U"))
        var n32 = Int32(n), nrhs32 = Int32(nrhs), lda = Int32(n), ldb = Int32(n), info: Int32 = 0
        sposv_(&uplo, &n32, &nrhs32, a, &lda, b, &ldb, &info, 1)
        if info > 0 { throw NotPositiveDefinite(minor: Int(info)) }
        precondition(info == 0, "sposv: illegal argument \(-info)")
    }

    /// Inverts a symmetric positive definite n×n matrix in place: Cholesky factorisation
    /// (LAPACK `spotrf`) then the inverse from the factor (`spotri`). Only the upper triangle of
    /// the row-major buffer (`a[i·n + j]`, i ≤ j) is read and written; the rest is left as it was.
    ///
    /// Row-major upper is column-major lower, so LAPACK is called with uplo "L".
    /// - Complexity: n³ flops (n³/3 for the factor, 2n³/3 for the inverse).
    public static func invertSPD(n: Int, a: UnsafeMutablePointer<Float>) throws {
        var uplo: CChar = CChar(UInt8(ascii: "L"))
        var n32 = Int32(n), lda = Int32(max(1, n)), info: Int32 = 0
        spotrf_(&uplo, &n32, a, &lda, &info, 1)
        if info > 0 { throw NotPositiveDefinite(minor: Int(info)) }
        precondition(info == 0, "spotrf: illegal argument \(-info)")
        spotri_(&uplo, &n32, a, &lda, &info, 1)
        if info > 0 { throw NotPositiveDefinite(minor: Int(info)) }
        precondition(info == 0, "spotri: illegal argument \(-info)")
    }
}
