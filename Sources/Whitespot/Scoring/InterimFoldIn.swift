import Foundation

// Interim copy of the trainer's fold-in and confidence API (same signatures), so the scorer
// builds before the trainer lands; deleted when `train` is merged.

/// Factors for a customer the model has not seen: x = (YᵀY + λI + Σ (c_i − 1) y_i y_iᵀ)⁻¹ Σ c_i y_i.
public struct FoldIn: Sendable {
    private let k: Int
    private let productFactors: [Float]
    private let gram: [Float]

    /// Prepares fold-in against a trained model's product factors and regularisation.
    public init(model: WhitespotModel) {
        k = model.factors
        productFactors = model.productFactors
        var g = [Float](repeating: 0, count: k * k)
        if model.products.count > 0 { BLAS.gram(model.productFactors, rows: model.products.count, cols: k, into: &g) }
        for d in 0..<k { g[d * k + d] += Float(model.parameters.regularization) }
        gram = g
    }

    /// The customer factors for purchases of the given products with the given confidences.
    public func foldIn(productIndices: [Int32], confidences: [Float]) -> [Float] {
        var a = gram
        var b = [Float](repeating: 0, count: k)
        for (n, i) in productIndices.enumerated() {
            let y = productFactors[Int(i) * k ..< (Int(i) + 1) * k].map { $0 }
            let c = confidences[n]
            for r in 0..<k {
                b[r] += c * y[r]
                for s in 0..<k { a[r * k + s] += (c - 1) * y[r] * y[s] }
            }
        }
        return (try? BLAS.solveSPD(n: k, a: &a, b: &b)) != nil ? b : [Float](repeating: 0, count: k)
    }
}

extension TrainingParameters {
    /// c = 1 + α · f(r) · d (see the trainer).
    public func confidence(lines: Int32, quantity: Double, revenue: Double, ageDays: Int32) -> Float {
        let r: Double
        switch signal {
        case .lines: r = Double(lines)
        case .quantity: r = max(0, quantity)
        case .revenue: r = max(0, revenue)
        }
        let f = scaling == .log1p ? Foundation.log1p(r) : r
        var d = 1.0
        if let h = halfLifeDays { d = pow(0.5, Double(max(0, ageDays)) / h) }
        return Float(1 + alpha * f * d)
    }
}
