/// Small dense-vector kernels for the ALS inner loops (length k, a few dozen floats).
///
/// OpenBLAS call overhead dominates at these lengths, so the per-item dot products and
/// axpys are written with `SIMD8<Float>` and a scalar tail. Every kernel sums in a fixed
/// order, so results depend only on the inputs, never on threads or scheduling.
enum VectorKernels {
    /// Σ a[j]·b[j] for j < n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var j = 0
        while j + 16 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            s1 += ra.loadUnaligned(fromByteOffset: j * 4 + 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: j * 4 + 32, as: SIMD8<Float>.self)
            j += 16
        }
        if j + 8 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            j += 8
        }
        var s = (s0 + s1).sum()
        while j < n { s += a[j] * b[j]; j += 1 }
        return s
    }

    /// y[j] += w · x[j] for j < n.
    @inline(__always)
    static func axpy(_ w: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let wv = SIMD8<Float>(repeating: w)
        var j = 0
        while j + 8 <= n {
            let v = ry.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                + wv * rx.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: j * 4, as: SIMD8<Float>.self)
            j += 8
        }
        while j < n { y[j] += w * x[j]; j += 1 }
    }

    /// y ← G·x for a symmetric row-major n×n G (one row dot per output).
    @inline(__always)
    static func symmetricMultiply(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        for i in 0..<n { y[i] = dot(g + i * n, x, n) }
    }

    /// G += w · x·xᵀ on the lower triangle of a row-major n×n G (columns j ≤ i), which is
    /// the triangle LAPACK reads with `uplo = "U"` (row-major lower = column-major upper).
    @inline(__always)
    static func rankOneLower(_ w: Float, _ x: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { axpy(w * x[i], x, g + i * n, i + 1) }
    }
}
