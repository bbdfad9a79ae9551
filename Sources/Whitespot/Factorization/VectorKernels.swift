/// Small dense-vector kernels for the ALS inner loops and the reasons' cosines (length k, a few dozen floats).
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
        var s = horizontalSum(s0 + s1)
        while j < n { s += a[j] * b[j]; j += 1 }
        return s
    }

    /// The sum of 8 lanes as a fixed tree: ((0+4)+(2+6)) + ((1+5)+(3+7)).
    @inline(__always)
    static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        return q[0] + q[1]
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

    /// y ← G·x for a symmetric row-major n×n G, as y = Σ_j x_j · G[j, ·] (G's rows are its
    /// columns), accumulating 32 outputs at a time in registers.
    @inline(__always)
    static func symmetricMultiply(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        let rg = UnsafeRawPointer(g), ry = UnsafeMutableRawPointer(y)
        var c = 0
        while c + 32 <= n {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            for j in 0..<n {
                let xj = SIMD8<Float>(repeating: x[j])
                let o = (j * n + c) * 4
                a0 += xj * rg.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                a1 += xj * rg.loadUnaligned(fromByteOffset: o + 32, as: SIMD8<Float>.self)
                a2 += xj * rg.loadUnaligned(fromByteOffset: o + 64, as: SIMD8<Float>.self)
                a3 += xj * rg.loadUnaligned(fromByteOffset: o + 96, as: SIMD8<Float>.self)
            }
            ry.storeBytes(of: a0, toByteOffset: c * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: a1, toByteOffset: c * 4 + 32, as: SIMD8<Float>.self)
            ry.storeBytes(of: a2, toByteOffset: c * 4 + 64, as: SIMD8<Float>.self)
            ry.storeBytes(of: a3, toByteOffset: c * 4 + 96, as: SIMD8<Float>.self)
            c += 32
        }
        while c + 8 <= n {
            var a0 = SIMD8<Float>()
            for j in 0..<n {
                a0 += SIMD8<Float>(repeating: x[j]) * rg.loadUnaligned(fromByteOffset: (j * n + c) * 4, as: SIMD8<Float>.self)
            }
            ry.storeBytes(of: a0, toByteOffset: c * 4, as: SIMD8<Float>.self)
            c += 8
        }
        while c < n {
            var s: Float = 0
            for j in 0..<n { s += x[j] * g[j * n + c] }
            y[c] = s
            c += 1
        }
    }

    /// G += w · x·xᵀ on the lower triangle of a row-major n×n G (columns j ≤ i), which is
    /// the triangle LAPACK reads with `uplo = "U"` (row-major lower = column-major upper).
    @inline(__always)
    static func rankOneLower(_ w: Float, _ x: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { axpy(w * x[i], x, g + i * n, i + 1) }
    }
}
