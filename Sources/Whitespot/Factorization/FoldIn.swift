/// Factors for a customer the model has not seen, from their purchases, without retraining.
///
/// Solves exactly what the Cholesky half-step solves for a customer row:
/// x = (YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ)⁻¹ Σ_i c_i y_i, with Y the model's product factors.
/// YᵀY + λI is computed once at construction.
///
/// ```swift
/// let folding = FoldIn(productFactors: y, factors: 16, regularization: 0.1)  // or FoldIn(model:)
/// let x = folding.foldIn(productIndices: [3, 17], confidences: [2.1, 1.7])
/// ```
public struct FoldIn: Sendable {
    /// Embedding dimension k.
    public let factors: Int
    /// λ used in the solve.
    public let regularization: Double
    private let productFactors: [Float]
    private let gram: [Float]

    /// Prepares fold-in against row-major product factors (products × k); YᵀY is computed
    /// with `threads` OpenBLAS threads (as the trainer does with its thread count).
    public init(productFactors: [Float], factors: Int, regularization: Double, threads: Int = 1) {
        self.factors = factors
        self.regularization = regularization
        self.productFactors = productFactors
        self.gram = ALSTrainer.regularizedGram(
            productFactors, k: factors, lambda: Float(regularization), threads: threads)
    }

    /// The customer factors (k floats) for purchases of the given products with the given
    /// confidences (c ≥ 1, e.g. from ``TrainingParameters/confidence(lines:quantity:revenue:ageDays:)``).
    ///
    /// Returns zeros for no purchases, and when the system is singular (only possible with λ = 0).
    /// - Complexity: O(n · k² + k³) for n purchases.
    public func foldIn(productIndices: [Int32], confidences: [Float]) -> [Float] {
        precondition(productIndices.count == confidences.count)
        let k = factors
        var x = [Float](repeating: 0, count: k)
        guard !productIndices.isEmpty else { return x }
        var a = [Float](repeating: 0, count: k * k)
        let solved: Bool = withBases(productIndices, confidences) { items, conf in
            withBases(productFactors, gram) { y, g in
                a.withMutableBase { a in
                    x.withMutableBase { x in
                        (try? RowSolvers.cholesky(
                            items: items, confidences: conf, count: productIndices.count,
                            fixed: y, gram: g, k: k, a: a, x: x)) != nil
                    }
                }
            }
        }
        return solved ? x : [Float](repeating: 0, count: k)
    }
}
