/// Which model gives a customer's affinities to the products (`train --algorithm`).
public enum ModelFamily: String, Codable, Sendable, CaseIterable {
    /// Implicit-feedback ALS embeddings: a_ui = x_uᵀ y_i (``ALSTrainer``).
    case als
    /// The item–item model EASE: a_ui = (x_u · B)_i over the customer's purchases (``EASETrainer``).
    case ease

    /// Whether the family scores with the customer and product factors.
    public var usesFactors: Bool { self == .als }
    /// Whether the family scores with the item–item weights B.
    public var usesItemWeights: Bool { self == .ease }
}
