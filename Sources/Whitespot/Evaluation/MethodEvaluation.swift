/// Every figure of one method on one split: metrics at K, the curves for K = 1...20,
/// coverage, per-segment figures, the split's counts and the method's hyper-parameters.
///
/// Encoded as one JSON object per method (`whitespot evaluate --json`):
/// ```json
/// {"method": "popularity", "parameters": {}, "k": 10, "precision": 0.031, "recall": 0.12,
///  "hit": 0.25, "ndcg": 0.08, "map": 0.05, "coverage": 0.004,
///  "counts": {"customers": 793, ...}, "curve": [{"k": 1, "precision": ...}, ...],
///  "segments": [{"segment": "Consumer", "customers": 180, "precision": ...}, ...]}
/// ```
public struct MethodEvaluation: Sendable, Equatable, Encodable {
    /// The method's name.
    public var method: MethodName
    /// Its hyper-parameters.
    public var parameters: [MethodParameter]
    /// The K of the headline figures.
    public var k: Int
    /// Figures at K, averaged over evaluated customers.
    public var metrics: RankingMetrics
    /// coverage@K: distinct products in all lists / catalogue size.
    public var coverage: Double
    /// Figures at K = 1...curve.count (entry K−1 for K).
    public var curve: [RankingMetrics]
    /// coverage@K for K = 1...coverageCurve.count.
    public var coverageCurve: [Double]
    /// Figures at K per segment of the evaluated customers, in segment vocabulary order
    /// (segments without evaluated customers are left out).
    public var segments: [SegmentFigures]
    /// The split's sizes.
    public var counts: TemporalSplit.Counts
    /// Evaluated customers whose list holds fewer than K products.
    public var shortLists: Int
    /// ndcg@K of every evaluated customer, in the split's evaluated order (not encoded: for
    /// paired comparisons of two methods on the same customers).
    public var customerNDCG: [Double] = []

    /// Figures at K for the evaluated customers of one segment.
    public struct SegmentFigures: Sendable, Equatable, Encodable {
        /// Segment name.
        public var segment: String
        /// Evaluated customers in the segment.
        public var customers: Int
        /// Their averaged figures at K.
        public var metrics: RankingMetrics

        /// JSON: segment, customers and the figures at K in one flat object.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: DynamicKey.self)
            try c.encode(segment, forKey: DynamicKey("segment"))
            try c.encode(customers, forKey: DynamicKey("customers"))
            try metrics.encodeFlat(into: &c)
        }
    }

    /// JSON: method, parameters, k, figures at K, coverage, counts, curve and segments, flat where possible.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.encode(method, forKey: DynamicKey("method"))
        try c.encodeParameters(parameters)
        try c.encode(k, forKey: DynamicKey("k"))
        try metrics.encodeFlat(into: &c)
        try c.encode(coverage, forKey: DynamicKey("coverage"))
        try c.encode(counts, forKey: DynamicKey("counts"))
        try c.encode(shortLists, forKey: DynamicKey("shortLists"))
        var curveContainer = c.nestedUnkeyedContainer(forKey: DynamicKey("curve"))
        for (i, m) in curve.enumerated() {
            var point = curveContainer.nestedContainer(keyedBy: DynamicKey.self)
            try point.encode(i + 1, forKey: DynamicKey("k"))
            try m.encodeFlat(into: &point)
            try point.encode(coverageCurve[i], forKey: DynamicKey("coverage"))
        }
        try c.encode(segments, forKey: DynamicKey("segments"))
    }

    /// The figures at K in display order, each with its JSON key: the five metrics, then coverage.
    public var figures: [(key: String, value: Double)] {
        RankingMetrics.Metric.allCases.map { ($0.rawValue, metrics[$0]) } + [("coverage", coverage)]
    }
}

/// A JSON key chosen at run time.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension RankingMetrics {
    /// Writes the five figures as keys of an enclosing object.
    func encodeFlat(into c: inout KeyedEncodingContainer<DynamicKey>) throws {
        for metric in Metric.allCases { try c.encode(self[metric], forKey: DynamicKey(metric.rawValue)) }
    }
}

extension KeyedEncodingContainer where K == DynamicKey {
    /// Writes hyper-parameters as a nested "parameters" object (name → value).
    mutating func encodeParameters(_ parameters: [MethodParameter]) throws {
        var p = nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("parameters"))
        for parameter in parameters { try p.encode(parameter.value, forKey: DynamicKey(parameter.name)) }
    }
}
