/// The hyper-parameter grid `whitespot evaluate --tune` searches on the validation split.
///
/// Every combination of ``factors`` × ``regularization`` × ``alpha`` is trained once on the
/// validation split's train period; each fit is then scored at every ``blend`` weight (a blend
/// needs no refit). The default grid (2 × 4 × 2 = 16 fits, 6 weights) runs in seconds to a few
/// minutes on the real datasets with 2 cores. Other training settings (iterations, signal,
/// scaling, solver, ...) stay as given on the command line.
public struct TuningGrid: Sendable, Equatable {
    /// Embedding sizes tried.
    public var factors: [Int] = [32, 64]
    /// λ values tried.
    public var regularization: [Double] = [0.01, 1, 10, 100]
    /// α values tried.
    public var alpha: [Double] = [1, 10]
    /// Blend weights w tried (w = 1: affinity only; w = 0: segment penetration only).
    public var blend: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]

    /// The default grid.
    public init() {}

    /// Number of model fits the grid needs.
    public var fits: Int { factors.count * regularization.count * alpha.count }

    /// The training settings of every fit, in grid order (factors outermost, alpha innermost),
    /// each starting from `base`.
    public func trainingSettings(from base: TrainingParameters) -> [TrainingParameters] {
        var out: [TrainingParameters] = []
        for f in factors {
            for r in regularization {
                for a in alpha {
                    var p = base
                    p.factors = f; p.regularization = r; p.alpha = a
                    out.append(p)
                }
            }
        }
        return out
    }
}
