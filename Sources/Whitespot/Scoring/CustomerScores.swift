/// One customer's numbers for every product of the model: what the ranking is built from.
///
/// Non-candidates (bought and not re-activated, excluded, outside the chosen categories) have
/// `score` and `key` −∞; their `affinity` and `penetration` are still filled.
public struct CustomerScores: Sendable {
    /// Customer index in ``ScoringData/customers``.
    public let customer: Int
    /// How the affinities were obtained.
    public let path: ScoringPath
    /// The affinity transformation fitted on the customer's candidates (nil: segment-only).
    public let transform: AffinityTransform?
    /// Raw embedding scores x_uᵀ y_i (empty on the segment-only path).
    public let raw: [Float]
    /// Normalised affinities (empty on the segment-only path).
    public let affinity: [Float]
    /// The penetration term of every product: the segment's share, shrunk (``Scorer/shrinkageStrength``).
    public let penetration: [Float]
    /// Blended score of every product (−∞ for non-candidates).
    public let score: [Float]
    /// Ranking key of every product: the score, or score × expected revenue (−∞ for non-candidates).
    public let key: [Float]
}
