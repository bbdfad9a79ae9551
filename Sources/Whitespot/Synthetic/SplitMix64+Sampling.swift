#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SplitMix64 {
    /// A uniform double in [0, 1) from the top 53 bits.
    @inline(__always)
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform integer in `0 ..< n` (0 < n < 2³²) by Lemire's multiply-shift on 32 random bits.
    @inline(__always)
    mutating func nextInt(_ n: Int) -> Int {
        Int((UInt64(UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(n)) >> 32)
    }

    /// A standard normal deviate (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u = 1 - nextDouble(), v = nextDouble()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
