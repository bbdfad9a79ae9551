/// A score formula of the selection loop, computed lane-wise (eight products) and for one
/// product with the same IEEE operations in the same order, so both give the same keys as
/// ``Scorer/blended(affinity:product:segment:)``.
///
/// The formulas are values rather than closures so that the selection loop is specialised per
/// formula with its constants in registers.
protocol RankingKey {
    /// Whether ``lanes(_:_:)`` is worth calling (false: the loop goes product by product).
    static var vectorized: Bool { get }
    /// Whether the score depends on the raw score at all (it never falls as either input rises).
    var risesWithRawScore: Bool { get }
    /// The score of a product with raw score `s` and penetration `pen`.
    func callAsFunction(_ s: Float, _ pen: Float) -> Float
    /// ``callAsFunction(_:_:)`` for eight products at once.
    func lanes(_ s: SIMD8<Float>, _ pen: SIMD8<Float>) -> SIMD8<Float>
}

/// Segment-only path: score = penetration.
struct PenetrationKey: RankingKey {
    static var vectorized: Bool { true }
    var risesWithRawScore: Bool { false }
    @inline(__always) func callAsFunction(_ s: Float, _ pen: Float) -> Float { pen }
    @inline(__always) func lanes(_ s: SIMD8<Float>, _ pen: SIMD8<Float>) -> SIMD8<Float> { pen }
}

/// Min–max affinity: score = w · ((s − center) · scale + offset) + (1 − w) · penetration.
struct MinMaxBlendKey: RankingKey {
    let w: Float, oneMinusW: Float, center: Float, scale: Float, offset: Float
    static var vectorized: Bool { true }
    var risesWithRawScore: Bool { w > 0 && scale > 0 }
    @inline(__always) func callAsFunction(_ s: Float, _ pen: Float) -> Float {
        w * ((s - center) * scale + offset) + oneMinusW * pen
    }
    @inline(__always) func lanes(_ s: SIMD8<Float>, _ pen: SIMD8<Float>) -> SIMD8<Float> {
        w * ((s - center) * scale + offset) + oneMinusW * pen
    }
}

/// Logistic affinity: score = w · 1 / (1 + exp(−(s − center) · scale)) + (1 − w) · penetration.
struct LogisticBlendKey: RankingKey {
    let w: Float, oneMinusW: Float, center: Float, scale: Float
    static var vectorized: Bool { false }
    var risesWithRawScore: Bool { w > 0 && scale > 0 }
    @inline(__always) func callAsFunction(_ s: Float, _ pen: Float) -> Float {
        w * AffinityTransform.logistic(s, center, scale) + oneMinusW * pen
    }
    /// Lane by lane (`exp` has no vector form here; the loop does not call this).
    func lanes(_ s: SIMD8<Float>, _ pen: SIMD8<Float>) -> SIMD8<Float> {
        var out = SIMD8<Float>()
        for lane in 0 ..< 8 { out[lane] = self(s[lane], pen[lane]) }
        return out
    }
}
