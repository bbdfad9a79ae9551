/// The name of a ranking method in tables, JSON and the report.
///
/// The evaluation's own methods are the static members; a Swift caller evaluating a ranker of
/// its own names it with ``init(rawValue:)``. Encoded as its text.
///
/// ```swift
/// summary.methods.first { $0.method == .deliveredList }
/// ```
public struct MethodName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name as shown and written to JSON.
    public let rawValue: String

    /// A method called `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The name as shown.
    public var description: String { rawValue }

    /// Decodes the name from its text.
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    /// Encodes the name as its text.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// Distinct train buyers per product (``RankingMethod/popularity(_:)``).
    public static let popularity = MethodName(rawValue: "popularity")
    /// The classic whitespot ranking (``RankingMethod/segmentPenetration(_:)``).
    public static let segmentPenetration = MethodName(rawValue: "segment-penetration")
    /// Popularity over the last days before the cutoff (``RankingMethod/recentPopularity(_:days:)``).
    public static let recentPopularity = MethodName(rawValue: "recent popularity")
    /// Segment penetration over the last days before the cutoff.
    public static let recentSegmentPenetration = MethodName(rawValue: "recent segment-penetration")
    /// Raw embedding scores (``RankingMethod/matrixFactorisation(customerFactors:productFactors:factors:parameters:)``).
    public static let matrixFactorisation = MethodName(rawValue: "matrix factorisation")
    /// The item–item model's raw scores (EASE).
    public static let itemItem = MethodName(rawValue: "item-item")
    /// The scorer's plain ranking (``RankingMethod/blend(_:parameters:threads:)``).
    public static let blend = MethodName(rawValue: "blend")
    /// What `score` writes, the figure every evaluation headlines.
    public static let deliveredList = MethodName(rawValue: "delivered list")

    /// The baselines (every other method is the project's own).
    public static let baselines: Set<MethodName> = [.popularity, .segmentPenetration, .recentPopularity, .recentSegmentPenetration]

    /// Whether this is one of the ``baselines``.
    public var isBaseline: Bool { Self.baselines.contains(self) }
}
