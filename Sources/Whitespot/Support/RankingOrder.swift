/// The one ranking order of Whitespot (EVALUATION.md, "Ranking"): higher score first; equal
/// scores by product id in UTF-8 byte order, given as the id's byte-order rank
/// (``Vocabulary/byteOrderRanks()``), lower first. Every top-K selection, ranked list,
/// evaluation ranking and delivered-list merge orders (score, product) pairs with it, so that
/// every deterministic method's output is exactly reproducible.
///
/// ```swift
/// RankingOrder.precedes(0.9, rank: 5, 0.3, rank: 0)   // true: higher score
/// RankingOrder.precedes(0.3, rank: 1, 0.3, rank: 4)   // true: same score, earlier id
/// RankingOrder.precedes(0.3, rank: 4, 0.3, rank: 4)   // false: the same entry
/// ```
public enum RankingOrder {
    /// Whether (`a`, `rankA`) comes before (`b`, `rankB`): `a > b`, or `a == b` and
    /// `rankA < rankB`. NaN neither precedes nor follows anything; callers that can see NaN
    /// map it to −∞ first.
    @inline(__always)
    public static func precedes<Score: Comparable>(_ a: Score, rank rankA: Int32, _ b: Score, rank rankB: Int32) -> Bool {
        a > b || (a == b && rankA < rankB)
    }
}
