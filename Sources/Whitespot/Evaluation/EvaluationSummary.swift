import Foundation

/// Everything one `whitespot evaluate` run found: the split, every method's figures, the
/// tuning grid, the data profile and the whitespot map. The JSON output and the HTML report
/// are both rendered from this value, so their numbers agree by construction.
public struct EvaluationSummary: Sendable, Encodable {
    /// The orders file evaluated.
    public var orders: String
    /// The cutoff T (`yyyy-MM-dd`).
    public var cutoff: String
    /// K of the headline figures.
    public var k: Int
    /// How segments were formed.
    public var segmentSource: SegmentSource
    /// Sizes of the split.
    public var counts: TemporalSplit.Counts
    /// One entry per method: baselines first, then the project's methods.
    public var methods: [MethodEvaluation]
    /// The comparison the report leads with.
    public var headline: Headline?
    /// The tuning grid, when `--tune` ran.
    public var tuning: TuningReport?
    /// Facts about the input data (ingest and split), in display order.
    public var profile: [ProfileFact]
    /// The segment × product-group penetration map of the train period.
    public var whitespotMap: WhitespotMap
    /// Relevant pairs the delivered list may never offer (inactive products, variants).
    public var notOffered: NotOffered?
    /// Deep-sell suggestions judged by their own measure, beside a naive rule.
    public var deepSells: DeepSellEvaluation?

    /// A summary from its parts; ``headline`` compares `headlineMethod` with the strongest
    /// baseline (``MethodName/baselines``) on recall@K when both are present.
    public init(
        orders: String, split: TemporalSplit, k: Int, methods: [MethodEvaluation],
        headlineMethod: MethodName?, tuning: TuningReport? = nil, profile: [ProfileFact] = []
    ) {
        self.orders = orders
        self.cutoff = Days.iso(split.cutoff)
        self.k = k
        self.segmentSource = split.segmentSource
        self.counts = split.counts
        self.methods = methods
        self.tuning = tuning
        self.profile = profile
        self.whitespotMap = WhitespotMap(split)
        let baselines = methods.filter { $0.method.isBaseline }
        if let name = headlineMethod,
           let model = methods.first(where: { $0.method == name }),
           let baseline = baselines.max(by: { $0.metrics.recall < $1.metrics.recall }) {
            self.headline = Headline(method: name, baseline: baseline.method, metric: .recall,
                                     methodValue: model.metrics.recall, baselineValue: baseline.metrics.recall)
        }
    }

    /// The report's lead comparison: how much more of the next purchases a method finds than a baseline.
    public struct Headline: Sendable, Encodable, Equatable {
        /// The method compared (the delivered list).
        public var method: MethodName
        /// The strongest baseline on the metric.
        public var baseline: MethodName
        /// The metric compared (recall: the share of next purchases found in the top K).
        public var metric: RankingMetrics.Metric
        /// The method's figure.
        public var methodValue: Double
        /// The baseline's figure.
        public var baselineValue: Double
        /// Relative gain in percent: (method / baseline − 1) · 100; nil when the baseline is 0.
        public var gainPercent: Double?

        /// A headline from the two figures.
        public init(method: MethodName, baseline: MethodName, metric: RankingMetrics.Metric, methodValue: Double, baselineValue: Double) {
            self.method = method; self.baseline = baseline; self.metric = metric
            self.methodValue = methodValue; self.baselineValue = baselineValue
            self.gainPercent = baselineValue > 0 ? (methodValue / baselineValue - 1) * 100 : nil
        }
    }

    /// One labelled fact of the data profile, e.g. ("Order lines read", 9994).
    public struct ProfileFact: Sendable, Encodable, Equatable {
        /// What the number is.
        public var label: String
        /// The number, when the fact is numeric.
        public var value: Double?
        /// The text, when the fact is not a number (e.g. a date range).
        public var text: String?

        /// A numeric fact.
        public init(_ label: String, _ value: Double) { self.label = label; self.value = value }
        /// A textual fact.
        public init(_ label: String, text: String) { self.label = label; self.text = text }
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The figures as a plain-text table for a terminal, followed by the relative gains of
    /// every non-baseline method over the two baselines.
    public func table() -> String {
        let figures = RankingMetrics.Metric.allCases
        let header = ["method"] + figures.map { "\($0.rawValue)@\(k)" } + ["coverage@\(k)", "parameters"]
        var rows = [header]
        for m in methods {
            rows.append([m.method == headline?.method ? "* \(m.method)" : m.method.rawValue]
                        + figures.map { String(format: "%.4f", m.metrics[$0]) }
                        + [String(format: "%.4f", m.coverage),
                           MethodParameter.text(m.parameters)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.map { row in
            row.enumerated().map { c, cell in
                TextFormat.pad(cell, widths[c], right: c != 0 && c != row.count - 1)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        out.insert(out[0].map { _ in "-" }.joined(), at: 1)
        let c = counts
        out.append("")
        out.append("cutoff \(cutoff): \(c.customers) customers, \(c.products) products, \(c.trainPairs) train pairs; "
                   + "\(c.evaluatedCustomers) evaluated customers, \(c.testPairs) test pairs")
        if let h = headline, let m = methods.first(where: { $0.method == h.method }),
           let b = methods.first(where: { $0.method == h.baseline }) {
            out.append("* \(h.method) (what `score` writes) vs the strongest baseline, \(b.method): "
                       + "ndcg \(Self.gain(m.metrics.ndcg, b.metrics.ndcg)), recall \(Self.gain(m.metrics.recall, b.metrics.recall))")
            if let plain = methods.first(where: { $0.method == .blend }), plain.metrics.ndcg > 0 {
                out.append("  \(h.method) keeps " + String(format: "%.1f %%", m.metrics.ndcg / plain.metrics.ndcg * 100)
                           + " of the plain ranking's ndcg (blend)")
            }
            if m.shortLists > 0 {
                out.append("  \(m.shortLists) evaluated customers got fewer than \(k) products in it")
            }
        }
        if let n = notOffered, n.inactive + n.variants > 0 {
            out.append("  relevant pairs it may never offer (kept in R, counted as misses): \(n.inactive) inactive products, "
                       + "\(n.variants) variants of a product bought before")
        }
        if let d = deepSells {
            out.append("")
            out.append("deep-sells, judged apart: fulfilled when the customer bought more per year in the \(d.testDays) test days than before")
            for r in d.rules {
                out.append("  \(TextFormat.pad(r.name, 20, right: false))  \(r.offered) offered to \(r.customers) customers, "
                           + "\(r.fulfilled) fulfilled, precision " + String(format: "%.4f", r.precision))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// "+12.3 %" style relative difference of a over b ("n/a" when b is 0).
    static func gain(_ a: Double, _ b: Double) -> String {
        b > 0 ? String(format: "%+.1f %%", (a / b - 1) * 100) : "n/a"
    }
}

/// What `--tune` tried on the validation split and what it chose.
public struct TuningReport: Sendable, Encodable, Equatable {
    /// The validation cutoff inside train (`yyyy-MM-dd`).
    public var validationCutoff: String
    /// The selection criterion, e.g. "ndcg@10".
    public var criterion: String
    /// Evaluated customers of the validation split.
    public var validationCustomers: Int
    /// Every setting tried, in grid order.
    public var trials: [Trial]
    /// Index of the chosen trial in ``trials``: ``highest`` when it beats ``simplest`` beyond
    /// one standard error (``TuningGrid/gainsBeyondNoise(_:over:)``), else ``simplest``.
    public var chosen: Int
    /// Index of the trial with the highest validation figure (window trials within noise
    /// excluded; ties: the first in grid order).
    public var highest: Int
    /// Index of the simplest setting's trial, popularity (w = 0, one segment of all customers,
    /// every purchase); nil when the grid does not hold it or fitted nothing.
    public var simplest: Int?
    /// The paired per-customer gain of ``highest`` over ``simplest`` (nil without a simplest
    /// trial, or with fewer than two validation customers): what the one-standard-error rule read.
    public var gainOverSimplest: PairedGain?

    /// Whether the simplest setting was kept because the highest beat it within noise only.
    public var keptSimplest: Bool { chosen != highest }

    /// One setting and its validation figures at K.
    public struct Trial: Sendable, Encodable, Equatable {
        /// The hyper-parameters of this setting.
        public var parameters: [MethodParameter]
        /// Validation figures at K.
        public var metrics: RankingMetrics
        /// Validation coverage at K.
        public var coverage: Double
        /// A penetration-window trial whose gain over the setting it varies is within one standard
        /// error (``TuningGrid``, stage 7): recorded, never chosen.
        public var withinNoise = false

        /// JSON: the parameters and figures flat in one object, then `coverage` (and
        /// `withinNoise: true` for such a trial).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: DynamicKey.self)
            try c.encodeParameters(parameters)
            try metrics.encodeFlat(into: &c)
            try c.encode(coverage, forKey: DynamicKey("coverage"))
            if withinNoise { try c.encode(true, forKey: DynamicKey("withinNoise")) }
        }
    }
}
