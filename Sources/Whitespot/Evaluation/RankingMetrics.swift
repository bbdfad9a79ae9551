import Foundation

/// The per-customer accuracy figures of shared/EVALUATION.md at one K, or their averages.
///
/// For a ranked list L (the first K candidates) and relevant set R, with rel_j = 1 when the
/// j-th product of L is in R:
/// - precision@K = |L ∩ R| / K
/// - recall@K = |L ∩ R| / |R|
/// - hit@K = 1 if L ∩ R is not empty, else 0
/// - ndcg@K = DCG / IDCG, DCG = Σ_{j=1..K} rel_j / log2(j+1), IDCG = Σ_{j=1..min(K,|R|)} 1 / log2(j+1)
/// - map@K = (1 / min(K, |R|)) · Σ_{j ≤ K, rel_j = 1} precision@j
///
/// A list shorter than K (fewer candidates than K) still divides precision by K.
public struct RankingMetrics: Codable, Sendable, Equatable {
    /// |L ∩ R| / K.
    public var precision: Double = 0
    /// |L ∩ R| / |R|.
    public var recall: Double = 0
    /// 1 when L ∩ R is not empty.
    public var hit: Double = 0
    /// Normalised discounted cumulative gain.
    public var ndcg: Double = 0
    /// (Truncated) average precision.
    public var map: Double = 0

    /// All zero.
    public init() {}

    /// Explicit figures.
    public init(precision: Double, recall: Double, hit: Double, ndcg: Double, map: Double) {
        self.precision = precision; self.recall = recall; self.hit = hit; self.ndcg = ndcg; self.map = map
    }

    /// One of the five figures; its raw value is its JSON key and report tag.
    public enum Metric: String, CaseIterable, Sendable, Codable {
        /// precision@K.
        case precision
        /// recall@K.
        case recall
        /// hit@K.
        case hit
        /// ndcg@K.
        case ndcg
        /// map@K.
        case map
    }

    /// The figure of `metric`.
    public subscript(metric: Metric) -> Double {
        switch metric {
        case .precision: return precision
        case .recall: return recall
        case .hit: return hit
        case .ndcg: return ndcg
        case .map: return map
        }
    }

    /// Figures of one customer for every K = 1...maxK.
    ///
    /// - Parameters:
    ///   - isRelevant: rel_j for the ranked list (j = 1 first), at most `maxK` long.
    ///   - relevantCount: |R| (≥ 1).
    ///   - maxK: the largest K; the result has `maxK` entries, entry K−1 for K.
    public static func curve(isRelevant: [Bool], relevantCount: Int, maxK: Int) -> [RankingMetrics] {
        var out = [RankingMetrics](repeating: RankingMetrics(), count: maxK)
        var hits = 0, dcg = 0.0, idcg = 0.0, apSum = 0.0
        for k in 1...maxK {
            let discount = 1 / log2(Double(k + 1))
            if k <= relevantCount { idcg += discount }
            if k <= isRelevant.count, isRelevant[k - 1] {
                hits += 1
                dcg += discount
                apSum += Double(hits) / Double(k)
            }
            out[k - 1] = RankingMetrics(
                precision: Double(hits) / Double(k),
                recall: Double(hits) / Double(relevantCount),
                hit: hits > 0 ? 1 : 0,
                ndcg: dcg / idcg,
                map: apSum / Double(min(k, relevantCount)))
        }
        return out
    }

    /// Component-wise sum.
    public static func + (a: RankingMetrics, b: RankingMetrics) -> RankingMetrics {
        RankingMetrics(precision: a.precision + b.precision, recall: a.recall + b.recall,
                       hit: a.hit + b.hit, ndcg: a.ndcg + b.ndcg, map: a.map + b.map)
    }

    /// Component-wise division (for averages).
    public static func / (a: RankingMetrics, n: Double) -> RankingMetrics {
        RankingMetrics(precision: a.precision / n, recall: a.recall / n, hit: a.hit / n,
                       ndcg: a.ndcg / n, map: a.map / n)
    }
}
