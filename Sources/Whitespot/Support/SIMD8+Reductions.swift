/// Horizontal minimum and maximum of eight lanes by a fixed tree of comparisons.
///
/// The standard library's generic `min()`/`max()` reductions are not always inlined into hot
/// loops, and an out-of-line call per vector costs more than the loop body itself.
extension SIMD8 where Scalar == Float {
    /// The smallest lane (NaN lanes are not expected).
    @inline(__always) var smallestLane: Float {
        Swift.min(Swift.min(Swift.min(self[0], self[1]), Swift.min(self[2], self[3])),
                  Swift.min(Swift.min(self[4], self[5]), Swift.min(self[6], self[7])))
    }

    /// The largest lane (NaN lanes are not expected).
    @inline(__always) var largestLane: Float {
        Swift.max(Swift.max(Swift.max(self[0], self[1]), Swift.max(self[2], self[3])),
                  Swift.max(Swift.max(self[4], self[5]), Swift.max(self[6], self[7])))
    }
}
