/// Which model gives a customer's affinities to the products (`train --algorithm`).
public enum ModelFamily: String, Codable, Sendable, CaseIterable {
    /// Implicit-feedback ALS embeddings: a_ui = x_uᵀ y_i (``ALSTrainer``).
    case als
    /// The item–item model EASE: a_ui = (x_u · B)_i over the customer's purchases (``EASETrainer``).
    case ease
    /// Both, each standardised per customer and combined with the weight v of
    /// ``WhitespotModel/ensembleWeight``: a_ui = v · z(x_uᵀ y)_i + (1 − v) · z(x_u · B)_i, where
    /// z(s)_i = (s_i − mean(s)) / sd(s) over all the model's products (0 when sd(s) = 0).
    case ensemble

    /// Whether the family scores with the customer and product factors.
    public var usesFactors: Bool { self != .ease }
    /// Whether the family scores with the item–item weights B.
    public var usesItemWeights: Bool { self != .als }
}
