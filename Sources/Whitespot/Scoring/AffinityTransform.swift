import Foundation

/// The affinity transformation fitted on one customer's candidate scores (see
/// ``AffinityNormalization`` for the formulas).
public struct AffinityTransform: Sendable, Equatable {
    /// Which formula applies.
    public let normalization: AffinityNormalization
    /// min_C s (min–max) or μ_C (logistic).
    public let center: Float
    /// 1 / (max_C s − min_C s) (min–max) or 1 / σ_C (logistic); 0 when the spread is 0.
    public let scale: Float
    /// Added after scaling (min–max): 0, or 0.5 when all candidate scores are equal.
    public let offset: Float

    /// Fits the transformation on the finite values of `scores` (−∞ marks non-candidates).
    /// - Complexity: O(n), one pass (two for the logistic).
    public init(fitting scores: UnsafeBufferPointer<Float>, normalization: AffinityNormalization) {
        switch normalization {
        case .minMax:
            let (lo, hi) = AffinityTransform.extremes(scores, skippingNegativeInfinity: true)
            self.init(low: lo, high: hi)
        case .logistic:
            var n = 0.0, sum = 0.0
            for s in scores where s > -.infinity { n += 1; sum += Double(s) }
            let mean = n > 0 ? sum / n : 0
            var squares = 0.0
            for s in scores where s > -.infinity { squares += (Double(s) - mean) * (Double(s) - mean) }
            let sd = n > 0 ? (squares / n).squareRoot() : 0
            self.init(normalization: .logistic, center: Float(mean), scale: sd > 0 ? Float(1 / sd) : 0, offset: 0)
        }
    }

    /// The min–max transformation of candidates whose raw scores span [`low`, `high`]
    /// (+∞ and −∞ when there is no candidate).
    public init(low lo: Float, high hi: Float) {
        self.init(normalization: .minMax, center: lo.isFinite ? lo : 0,
                  scale: hi > lo ? 1 / (hi - lo) : 0, offset: hi > lo ? 0 : 0.5)
    }

    private init(normalization: AffinityNormalization, center: Float, scale: Float, offset: Float) {
        self.normalization = normalization
        self.center = center
        self.scale = scale
        self.offset = offset
    }

    /// The smallest and largest value of `scores` (none may be NaN), eight lanes at a time;
    /// with `skippingNegativeInfinity`, the smallest is taken over the values other than −∞
    /// (+∞ when there is none), as for a row whose bought products were masked.
    @inline(__always)
    static func extremes(_ scores: UnsafeBufferPointer<Float>, skippingNegativeInfinity skip: Bool) -> (Float, Float) {
        let n = scores.count
        guard let base = scores.baseAddress else { return (.infinity, -.infinity) }
        let raw = UnsafeRawPointer(base)
        let inf = SIMD8<Float>(repeating: .infinity), negInf = SIMD8<Float>(repeating: -.infinity)
        var lo = inf, hi = negInf
        var i = 0
        while i + 8 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let forLow = skip ? v.replacing(with: inf, where: v .== negInf) : v
            lo.replace(with: forLow, where: forLow .< lo)
            hi.replace(with: v, where: v .> hi)
            i += 8
        }
        var low = lo.smallestLane, high = hi.largestLane
        while i < n {
            let s = base[i]
            if !skip || s > -.infinity { low = Swift.min(low, s) }
            high = Swift.max(high, s)
            i += 1
        }
        return (low, high)
    }

    /// The affinity of raw score `s`, clamped to [0, 1] (for scores outside the candidates' range).
    @inline(__always) public func callAsFunction(_ s: Float) -> Float {
        min(1, max(0, candidate(s)))
    }

    /// The affinity of a candidate's raw score (within the fitted range, so already in [0, 1]):
    /// min–max (s − center) · scale + offset, logistic 1 / (1 + exp(−(s − center) · scale)).
    @inline(__always) public func candidate(_ s: Float) -> Float {
        switch normalization {
        case .minMax: return (s - center) * scale + offset
        case .logistic: return AffinityTransform.logistic(s, center, scale)
        }
    }

    /// 1 / (1 + exp(−(s − center) · scale)).
    @inline(__always) static func logistic(_ s: Float, _ center: Float, _ scale: Float) -> Float {
        1 / (1 + Foundation.exp(-(s - center) * scale))
    }
}
