/// The per-row least-squares solves of one ALS half-step.
///
/// For a row u (a customer, or a product in the other half) with items i ∈ u, confidences
/// c_ui and the fixed factors Y of the other side, the exact solution is
/// x_u = A⁻¹ b with A = YᵀY + λI + Σ_{i∈u} (c_ui − 1) y_i y_iᵀ and b = Σ_{i∈u} c_ui y_i.
/// `gram` is always G = YᵀY + λI (k×k, row-major, both triangles).
enum RowSolvers {
    /// Solves A x = b exactly by Cholesky (LAPACK `sposv`) and writes x.
    ///
    /// - Parameters:
    ///   - a: k×k scratch.
    ///   - x: output, k floats.
    /// - Complexity: O(|u| · k² / 2 + k³ / 3).
    @inline(__always)
    static func cholesky(
        items: UnsafePointer<Int32>, confidences: UnsafePointer<Float>, count: Int,
        fixed: UnsafePointer<Float>, gram: UnsafePointer<Float>, k: Int,
        a: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>
    ) throws {
        a.update(from: gram, count: k * k)
        x.update(repeating: 0, count: k)
        for n in 0..<count {
            let y = fixed + Int(items[n]) * k
            let c = confidences[n]
            VectorKernels.rankOneLower(c - 1, y, a, k)
            VectorKernels.axpy(c, y, x, k)
        }
        try BLAS.solveSPD(n: k, a: a, b: x)
    }

    /// Improves x (warm start, updated in place) by `steps` conjugate-gradient steps on A x = b,
    /// never forming A: A·p = G·p + Y_uᵀ((c_u − 1) ∘ (Y_u p)), Y_u the rows y_i, i ∈ u.
    ///
    /// r = b − A x, p = r; each step: α = rᵀr / pᵀAp, x += α p, r −= α Ap,
    /// p = r + (r_newᵀr_new / rᵀr) p; stops early when rᵀr < 1e-20 (as implicit does).
    /// The rows y_i are first copied into `gathered` (Y_u, |u|×k, contiguous), so every product
    /// with Y_u or G is one single-threaded OpenBLAS `sgemv` streaming one buffer.
    /// - Parameters:
    ///   - r, p, ap: k-float scratch each.
    ///   - weights: |u|-float scratch.
    ///   - gathered: scratch for |u| rows of k floats.
    /// - Complexity: O((steps + 1) · (|u| · 2k + k²)).
    @inline(__always)
    static func conjugateGradient(
        items: UnsafePointer<Int32>, confidences: UnsafePointer<Float>, count: Int,
        fixed: UnsafePointer<Float>, gram: UnsafePointer<Float>, k: Int, steps: Int,
        x: UnsafeMutablePointer<Float>,
        r: UnsafeMutablePointer<Float>, p: UnsafeMutablePointer<Float>, ap: UnsafeMutablePointer<Float>,
        weights w: UnsafeMutablePointer<Float>, gathered: UnsafeMutablePointer<Float>
    ) {
        let ahead = 8, lines = (k * 4 + 63) / 64
        for n in 0..<count {
            if n + ahead < count {
                let next = UnsafeRawPointer(fixed + Int(items[n + ahead]) * k)
                for l in 0..<lines { BLAS.prefetch(next + l * 64) }
            }
            (gathered + n * k).update(from: fixed + Int(items[n]) * k, count: k)
        }
        // r = b − A x = Y_uᵀ(c − (c − 1) ∘ Y_u x) − G x
        BLAS.gemv(m: k, n: k, a: gram, x: x, y: r)
        if count > 0 {
            BLAS.gemv(m: count, n: k, a: gathered, x: x, y: w)
            for n in 0..<count { w[n] = confidences[n] - (confidences[n] - 1) * w[n] }
            BLAS.gemv(transpose: true, m: count, n: k, a: gathered, x: w, beta: -1, y: r)
        } else {
            for j in 0..<k { r[j] = -r[j] }
        }
        p.update(from: r, count: k)
        var rsOld = VectorKernels.dot(r, r, k)
        if rsOld < 1e-20 { return }
        for _ in 0..<steps {
            BLAS.gemv(m: k, n: k, a: gram, x: p, y: ap)
            if count > 0 {
                BLAS.gemv(m: count, n: k, a: gathered, x: p, y: w)
                for n in 0..<count { w[n] *= confidences[n] - 1 }
                BLAS.gemv(transpose: true, m: count, n: k, a: gathered, x: w, beta: 1, y: ap)
            }
            let alpha = rsOld / VectorKernels.dot(p, ap, k)
            VectorKernels.axpy(alpha, p, x, k)
            VectorKernels.axpy(-alpha, ap, r, k)
            let rsNew = VectorKernels.dot(r, r, k)
            if rsNew < 1e-20 { return }
            let beta = rsNew / rsOld
            for j in 0..<k { p[j] = r[j] + beta * p[j] }
            rsOld = rsNew
        }
    }
}
