/// When a scheduled job re-tunes its hyper-parameters instead of reusing the tuned ones.
///
/// Tuning trains a grid of models and takes minutes; the tuned setting stays good while the
/// data looks like the data it was tuned on. A run re-tunes when there is no tuned model yet,
/// when `everyRuns` successful runs have passed since the last tuning, or when the data
/// changed by more than `dataChange`, measured as
///
///     change = max(unknown customers / customers, unknown products / products,
///                  |lines − lines at the last tuning| / lines at the last tuning)
///
/// where "unknown" means absent from the latest model (``DataMatch``) and the line counts are the
/// order lines kept.
///
/// ```swift
/// let policy = RetunePolicy(everyRuns: 4, dataChange: 0.2)
/// let decision = policy.decide(job: "weekly", history: try log.runs(), model: latest, match: match, lines: 1_000)
/// decision.retune   // true on the fourth run after tuning
/// ```
public struct RetunePolicy: Sendable, Equatable {
    /// Re-tune after this many successful runs without tuning (nil: never by count).
    public var everyRuns: Int?
    /// Re-tune when the data changed by more than this fraction (nil: never by change).
    public var dataChange: Double?

    /// A policy.
    public init(everyRuns: Int? = nil, dataChange: Double? = nil) {
        self.everyRuns = everyRuns
        self.dataChange = dataChange
    }

    /// The outcome: whether to re-tune, why (or why not), and the measured change.
    public struct Decision: Sendable, Equatable {
        /// Whether to re-tune.
        public var retune: Bool
        /// The reason, in words.
        public var reason: String
        /// The measured change, nil without a model to compare with.
        public var change: Double?
    }

    /// Decides for a run of `job` over `lines` order lines, given the job's earlier runs
    /// (oldest first), the latest model (nil when there is none) and its match with the orders.
    public func decide(job: String, history: [JobRun], model: WhitespotModel?, match: DataMatch?, lines: Int) -> Decision {
        guard let model, let match else { return Decision(retune: true, reason: "no model yet", change: nil) }
        let done = history.filter { $0.job == job && $0.status == "ok" }
        let lastTuning = done.lastIndex { $0.tuned }
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        var change = max(share(match.unknownCustomers, match.customers), share(match.unknownProducts, match.products))
        if let lastTuning, let tunedLines = done[lastTuning].linesKept, tunedLines > 0 {
            change = max(change, Double(abs(lines - tunedLines)) / Double(tunedLines))
        }
        let percent = "\(TextFormat.amount(change * 100, decimals: 1)) %"
        guard model.blend != nil else { return Decision(retune: true, reason: "the latest model was never tuned", change: change) }
        if let dataChange, change > dataChange {
            return Decision(retune: true, reason: "the data changed by \(percent) (more than \(TextFormat.amount(dataChange * 100, decimals: 1)) %)", change: change)
        }
        let since = lastTuning.map { done.count - 1 - $0 } ?? done.count
        if let everyRuns, since + 1 >= everyRuns {
            return Decision(retune: true, reason: "\(since) runs since the last tuning (re-tune every \(everyRuns))", change: change)
        }
        return Decision(retune: false, reason: "reusing the tuned setting: \(since) runs since the last tuning, data changed by \(percent)", change: change)
    }
}
