import Testing
@testable import Whitespot

@Suite("OpenBLAS wrapper")
struct BLASTests {
    @Test("sgemm multiplies row-major matrices")
    func gemm() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]         // 2×3
        let b: [Float] = [7, 8, 9, 10, 11, 12]      // 3×2
        var c = [Float](repeating: 0, count: 4)     // 2×2
        BLAS.gemm(m: 2, n: 2, k: 3, a: a, b: b, c: &c)
        #expect(c == [58, 64, 139, 154])
        // Aᵀ·A via transposeA (3×3)
        var g = [Float](repeating: 0, count: 9)
        BLAS.gemm(transposeA: true, m: 3, n: 3, k: 2, a: a, b: a, c: &g)
        #expect(g == [17, 22, 27, 22, 29, 36, 27, 36, 45])
    }

    @Test("gram fills both triangles of AᵀA")
    func gram() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
        var g = [Float](repeating: -1, count: 9)
        BLAS.gram(a, rows: 2, cols: 3, into: &g)
        #expect(g == [17, 22, 27, 22, 29, 36, 27, 36, 45])
    }

    @Test("LAPACK Cholesky solve matches the known solution")
    func choleskySolve() throws {
        // A = [[4,2,0],[2,5,3],[0,3,6]], x = [1,-1,2] → b = A x = [2, 3, 9]
        var a: [Float] = [4, 2, 0, 2, 5, 3, 0, 3, 6]
        var b: [Float] = [2, 3, 9]
        try BLAS.solveSPD(n: 3, a: &a, b: &b)
        for (got, want) in zip(b, [Float(1), -1, 2]) { #expect(abs(got - want) < 1e-5) }
        var a2: [Float] = [4, 2, 0, 2, 5, 3, 0, 3, 6]
        var rhs: [Float] = [2, 3, 9, 4, 2, 0]   // two right-hand sides: x1 = [1,-1,2], x2 = e1
        try BLAS.solveSPD(n: 3, nrhs: 2, a: &a2, b: &rhs)
        for (got, want) in zip(rhs, [Float(1), -1, 2, 1, 0, 0]) { #expect(abs(got - want) < 1e-5) }
    }

    @Test("a matrix that is not positive definite is reported, not solved")
    func notPositiveDefinite() {
        var a: [Float] = [1, 2, 2, 1]
        var b: [Float] = [1, 1]
        #expect(throws: BLAS.NotPositiveDefinite.self) { try BLAS.solveSPD(n: 2, a: &a, b: &b) }
    }
}

@Suite("OpenBLAS kernel choice")
struct BLASCoreTests {
    static let avx512: Set<Substring> = ["fpu", "sse2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test("the generic fallback is replaced by what the CPU's flags allow, a recognised CPU keeps its kernels")
    func preferred() {
        #expect(BLASCore.preferredCore(current: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLASCore.preferredCore(current: "Prescott", cpuFlags: Self.avx512.subtracting(["avx512vl"])) == "Haswell")
        #expect(BLASCore.preferredCore(current: "Prescott", cpuFlags: ["sse2", "avx", "avx2"]) == nil)  // no FMA
        #expect(BLASCore.preferredCore(current: "Haswell", cpuFlags: Self.avx512) == nil)
        #expect(BLASCore.preferredCore(current: "Zen", cpuFlags: Self.avx512) == nil)
    }

    @Test("CPU flags come from the first flags line of /proc/cpuinfo")
    func flags() {
        let text = "processor\t: 0\nmodel\t\t: 207\nflags\t\t: fpu sse2 avx2 fma\nbugs\t\t: spectre\nflags\t\t: other\n"
        #expect(BLASCore.cpuFlags(cpuinfo: text) == ["fpu", "sse2", "avx2", "fma"])
        #expect(BLASCore.cpuFlags(cpuinfo: "model\t: 1\n").isEmpty)
        #expect(!BLASCore.current.isEmpty)
    }
}
