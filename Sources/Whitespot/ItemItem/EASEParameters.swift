import Foundation

/// Hyper-parameters of the item–item model EASE (Steck 2019, "Embarrassingly Shallow
/// Autoencoders for Sparse Data").
///
/// The model is the closed-form solution of
/// min_B ‖X − X·B‖²_F + λ‖B‖²_F subject to diag(B) = 0:
/// B = I − P · diag(1 / diag P), P = (XᵀX + λI)⁻¹, and a customer's scores are x_u · B.
/// Row x_u holds, for each product the customer bought, x_ui = g(r_ui) · d_ui with g the
/// ``Rows`` weighting and d_ui = 0.5^(age_ui / halfLife) the recency decay (age = days from the
/// pair's last purchase to the last day in the data; d = 1 without a half-life), 0 elsewhere.
/// The model keeps the ``neighbours`` largest-magnitude weights of each row of B (``ItemWeights``).
public struct EASEParameters: Codable, Sendable, Equatable {
    /// The weighting g of a purchase in a customer's row.
    public enum Rows: String, Codable, Sendable, CaseIterable {
        /// g = 1: bought or not (the paper's setting).
        case binary
        /// g = ln(1 + order lines behind the pair).
        case lines
    }

    /// λ: the ridge on B (larger: smoother, more popularity-like scores).
    public var regularization: Double = 500
    /// Half-life of the recency decay in days; nil disables decay.
    public var halfLifeDays: Double? = nil
    /// The weighting of a purchase.
    public var rows: Rows = .binary
    /// How many weights of each row of B the model keeps (``ItemWeights``: the largest in
    /// magnitude); nil keeps them all (the dense B of models written before the neighbour
    /// model, whose parameters lack this value).
    public var neighbours: Int? = EASEParameters.defaultNeighbours

    /// Defaults as documented on each property.
    public init() {}

    /// The most products B is fitted for: the fit computes the dense B in one products² float
    /// buffer (the Gram matrix, then its inverse; 2.5 GB at the limit) in products³ flops (see
    /// Benchmarks/EASE.md for measured times); the model then keeps ``neighbours`` weights per
    /// product. Above it, `train` refuses before allocating and names ALS.
    public static let productLimit = 25_000

    /// The weights kept per product by default (Benchmarks/EASE.md: accuracy against the dense
    /// B and scoring time).
    public static let defaultNeighbours = 512

    /// The value x_ui of a purchase with `lines` order lines whose last purchase is `ageDays`
    /// before the reference day: g(lines) · 0.5^(ageDays / halfLife).
    @inlinable
    public func rowValue(lines: Int32, ageDays: Int32) -> Float {
        var d = 1.0
        if let h = halfLifeDays { d = pow(0.5, Double(max(0, ageDays)) / h) }
        switch rows {
        case .binary: return Float(d)
        case .lines: return Float(Foundation.log1p(Double(lines)) * d)
        }
    }

    /// Throws ``TrainingError/invalidParameter(_:value:requirement:)`` for λ ≤ 0 (B would not
    /// exist for a product nobody bought) or a half-life that is not a positive number of days.
    public func validate() throws {
        if !(regularization > 0) || !regularization.isFinite {
            throw TrainingError.invalidParameter(.easeRegularization, value: "\(regularization)", requirement: "a finite number > 0")
        }
        if let h = halfLifeDays, !(h > 0) || !h.isFinite {
            throw TrainingError.invalidParameter(.halfLifeDays, value: "\(h)", requirement: "a finite number of days > 0")
        }
        if let k = neighbours, k < 1 {
            throw TrainingError.invalidParameter(.easeNeighbours, value: "\(k)", requirement: "a whole number ≥ 1")
        }
    }

    /// Throws ``TrainingError/tooManyProducts(products:limit:)`` above ``productLimit``, before
    /// anything is allocated.
    public static func checkSize(products: Int) throws {
        guard products <= productLimit else { throw TrainingError.tooManyProducts(products: products, limit: productLimit) }
    }
}
