/// The hyper-parameter grid `whitespot evaluate --tune` searches on the validation split.
///
/// Families are searched in stages, every fit scored at every ``blend`` weight (a blend needs
/// no refit), and the best trial of all stages wins:
/// 1. ALS: every combination of ``factors`` × ``regularization`` × ``alpha`` at the half-life
///    given on the command line (2 × 4 × 2 = 16 fits by default);
/// 2. ALS recency: the best ALS fit of stage 1 again at every other ``halfLife`` (3 fits);
/// 3. EASE recency: the middle ``easeRegularization`` at every ``halfLife`` (4 fits, each one
///    Gram matrix and one inverse: seconds on the real datasets);
/// 4. EASE: the best half-life of stage 3 at every other ``easeRegularization`` (2 fits);
/// 5. ensemble: the best ALS fit and the best EASE fit combined at every ``ensembleWeight``
///    (no fit: both are kept from the stages before);
/// 6. segments: the best setting of stages 1–5 again at every blend weight below 1 (where the
///    penetration term counts) with each other ``segments`` source as the penetration term (no
///    fit: one scorer per source and weight);
/// 7. penetration window: the best setting of stage 6 again at every blend weight below 1 with
///    each other ``penetrationWindow`` (no fit: the penetration term counted over the trailing
///    window, ``SegmentPenetration/recent(matrix:segments:windowDays:referenceDay:)``). A
///    window trial may be chosen only when it beats the best trial of stages 1–6 beyond noise
///    (``gainsBeyondNoise(_:over:)``, the one-standard-error rule): otherwise the simpler
///    all-time term, which the reasons quote, stays.
/// Last, the **one-standard-error rule on the whole choice** (Breiman et al. 1984): the trial
/// with the highest validation figure is chosen only when it beats the simplest setting,
/// popularity (w = 0, one segment of all customers, every purchase: stage 6's `all` trial at
/// w = 0), beyond noise (``gainsBeyondNoise(_:over:)``); otherwise popularity is kept. It takes
/// part when the grid holds it (``blend`` has 0, ``segments`` has `all` or the evaluation's own
/// segments are `all`). ``TuningReport`` records both trials and the paired gain.
/// The half-life is searched around one setting of each family rather than crossed with every
/// setting: it keeps tuning both families within twice the ALS-only grid's time.
/// Other training settings (iterations, signal, scaling, solver, ...) stay as given.
public struct TuningGrid: Sendable, Equatable {
    /// Families tried (the ensemble needs both others).
    public var families: [ModelFamily] = [.als, .ease, .ensemble]
    /// Embedding sizes tried (ALS).
    public var factors: [Int] = [32, 64]
    /// λ values tried (ALS).
    public var regularization: [Double] = [0.01, 1, 10, 100]
    /// α values tried (ALS).
    public var alpha: [Double] = [1, 10]
    /// λ values tried (EASE).
    public var easeRegularization: [Double] = [100, 300, 1000]
    /// Recency half-lives tried, in days (nil: no decay).
    public var halfLife: [Double?] = [nil, 60, 180, 365]
    /// Blend weights w tried (w = 1: affinity only; w = 0: segment penetration only).
    public var blend: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]
    /// Ensemble weights v tried in stage 5 (v = 1 would be ALS alone, v = 0 EASE alone).
    public var ensembleWeight: [Double] = [0.25, 0.5, 0.75]
    /// Segment sources of the penetration term tried in stage 6, beside the evaluation's own
    /// (sources that need a segment column are skipped when the data has none).
    public var segments: [SegmentSource] = [.column, .rfm, .all]
    /// Trailing windows of the penetration term tried in stage 7, in days before the
    /// validation cutoff (nil: every purchase), beside the evaluation's own.
    public var penetrationWindow: [Int?] = [nil, 90, 365]

    /// The default grid.
    public init() {}

    /// The ALS settings of stage 1, in grid order (factors outermost, alpha innermost), each
    /// starting from `base` (empty when ALS is not among the families).
    public func trainingSettings(from base: TrainingParameters) -> [TrainingParameters] {
        guard families.contains(.als) else { return [] }
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

    /// The half-lives of stage 2 for an ALS setting trained at `p`'s half-life: every other one.
    public func recencySettings(of p: TrainingParameters) -> [TrainingParameters] {
        families.contains(.als) ? otherHalfLives(of: p, \.halfLifeDays) : []
    }

    /// The EASE settings of stage 3: `base` at the middle ``easeRegularization`` and every ``halfLife``.
    public func easeSettings(from base: EASEParameters) -> [EASEParameters] {
        guard families.contains(.ease), !easeRegularization.isEmpty else { return [] }
        var p = base
        p.regularization = easeRegularization[easeRegularization.count / 2]
        return halfLife.map { h in
            var q = p
            q.halfLifeDays = h
            return q
        }
    }

    /// The EASE settings of stage 4: the best of stage 3, `p`, at every other ``easeRegularization``.
    public func regularizationSettings(of p: EASEParameters) -> [EASEParameters] {
        guard families.contains(.ease) else { return [] }
        return easeRegularization.filter { $0 != p.regularization }.map { r in
            var q = p
            q.regularization = r
            return q
        }
    }

    /// The ensemble weights of stage 5: ``ensembleWeight`` when the ensemble and both the
    /// families it combines are tried, else none.
    public var ensembleSettings: [Double] {
        families.contains(.ensemble) && families.contains(.als) && families.contains(.ease) ? ensembleWeight : []
    }

    /// The segment sources of stage 6 for an evaluation segmented by `given`: every other one
    /// of ``segments``, in grid order, those reading the segment column only when `hasColumn`.
    public func segmentSettings(given: SegmentSource, hasColumn: Bool) -> [SegmentSource] {
        segments.filter { s in
            s != given && (hasColumn || (s != .column && s != .columnAndRFM))
        }
    }

    /// The penetration windows of stage 7 for an evaluation whose own window is `given`: every
    /// other one of ``penetrationWindow``, in grid order.
    public func windowSettings(given: Int?) -> [Int?] {
        penetrationWindow.filter { $0 != given }
    }

    /// Whether per-customer figures `a` beat `b` (same customers, same order) by more than one
    /// standard error of the paired difference: mean(d) > sd(d) / √n with d = a − b and the
    /// sample standard deviation (n − 1). False for fewer than two customers.
    public static func gainsBeyondNoise(_ a: [Double], over b: [Double]) -> Bool {
        PairedGain(a, over: b).map { $0.mean > $0.standardError } ?? false
    }

    /// `p` at every ``halfLife`` other than its own.
    private func otherHalfLives<Setting>(of p: Setting, _ key: WritableKeyPath<Setting, Double?>) -> [Setting] {
        halfLife.filter { $0 != p[keyPath: key] }.map { h in
            var q = p
            q[keyPath: key] = h
            return q
        }
    }

    /// Number of model fits the grid needs from the settings given on the command line.
    public func fits(from base: TrainingParameters, ease: EASEParameters) -> Int {
        let stage3 = easeSettings(from: ease)
        return trainingSettings(from: base).count + recencySettings(of: base).count
            + stage3.count + (stage3.first.map { regularizationSettings(of: $0).count } ?? 0)
    }
}

/// The paired per-customer difference of two trials' figures: its mean and the standard error
/// of that mean, sd(d) / √n (sample sd, n − 1).
public struct PairedGain: Sendable, Encodable, Equatable {
    /// mean(d), d = a − b per customer.
    public var mean: Double
    /// sd(d) / √n.
    public var standardError: Double

    /// The gain of `a` over `b` (same customers, same order); nil for fewer than two customers.
    public init?(_ a: [Double], over b: [Double]) {
        precondition(a.count == b.count)
        guard a.count >= 2 else { return nil }
        let n = Double(a.count)
        let d = zip(a, b).map { $0 - $1 }
        let mean = d.reduce(0, +) / n
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        self.mean = mean
        self.standardError = (variance / n).squareRoot()
    }
}
