import Foundation

extension TrainingParameters {
    /// The confidence c of one purchase pair:
    /// c = 1 + α · f(r) · d, with r the pair's ``Signal`` value (revenue below 0 counts as 0),
    /// f the ``Scaling`` (log1p: f(r) = ln(1 + r); identity: f(r) = r), and
    /// d = 0.5^(ageDays / halfLifeDays) when a half-life is set, else d = 1.
    ///
    /// ```swift
    /// var p = TrainingParameters()          // lines, log1p, α = 1
    /// p.confidence(lines: 3, quantity: 7, revenue: 70, ageDays: 0)   // 1 + ln 4 ≈ 2.386
    /// ```
    /// - Parameter ageDays: days from the pair's last purchase to the reference day
    ///   (the last day in the training data).
    @inlinable
    public func confidence(lines: Int32, quantity: Double, revenue: Double, ageDays: Int32) -> Float {
        let r: Double
        switch signal {
        case .lines: r = Double(lines)
        case .quantity: r = max(0, quantity)
        case .revenue: r = max(0, revenue)
        }
        let f: Double
        switch scaling {
        case .log1p: f = Foundation.log1p(r)
        case .identity: f = r
        }
        var d = 1.0
        if let h = halfLifeDays { d = pow(0.5, Double(max(0, ageDays)) / h) }
        return Float(1 + alpha * f * d)
    }

    /// The confidence of every pair of `matrix`, in CSR pair order (see
    /// ``confidence(lines:quantity:revenue:ageDays:)``). Ages are measured to the last
    /// purchase day of the whole matrix, or to `referenceDay` when given.
    ///
    /// - Complexity: O(pairs).
    public func confidences(for matrix: PurchaseMatrix, referenceDay: Int32? = nil) -> [Float] {
        let today = referenceDay ?? (matrix.lastDay.max() ?? 0)
        var c = [Float](repeating: 0, count: matrix.pairCount)
        for k in 0..<matrix.pairCount {
            c[k] = confidence(
                lines: matrix.lines[k], quantity: matrix.quantity[k], revenue: matrix.revenue[k],
                ageDays: today - matrix.lastDay[k])
        }
        return c
    }
}
