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

    /// Fits the transformation on the finite values of `scores` (−∞ marks non-candidates).
    /// - Complexity: O(n), one pass (two for the logistic).
    public init(fitting scores: UnsafeBufferPointer<Float>, normalization: AffinityNormalization) {
        self.normalization = normalization
        switch normalization {
        case .minMax:
            var lo = Float.infinity, hi = -Float.infinity
            for s in scores where s > -.infinity {
                lo = min(lo, s)
                hi = max(hi, s)
            }
            center = lo.isFinite ? lo : 0
            scale = hi > lo ? 1 / (hi - lo) : 0
        case .logistic:
            var n = 0.0, sum = 0.0
            for s in scores where s > -.infinity { n += 1; sum += Double(s) }
            let mean = n > 0 ? sum / n : 0
            var squares = 0.0
            for s in scores where s > -.infinity { squares += (Double(s) - mean) * (Double(s) - mean) }
            let sd = n > 0 ? (squares / n).squareRoot() : 0
            center = Float(mean)
            scale = sd > 0 ? Float(1 / sd) : 0
        }
    }

    /// The affinity of raw score `s`, clamped to [0, 1].
    @inline(__always) public func callAsFunction(_ s: Float) -> Float {
        switch normalization {
        case .minMax:
            return scale == 0 ? 0.5 : min(1, max(0, (s - center) * scale))
        case .logistic:
            return 1 / (1 + Foundation.exp(-(s - center) * scale))
        }
    }
}
