import Foundation

/// The hyper-parameter grid `whitespot evaluate --tune` searches on the validation split.
///
/// Families are searched in stages, every fit scored at every ``blend`` weight (a blend needs
/// no refit), and the best trial of all stages wins:
/// 1. ALS: every combination of ``factors`` × ``regularization`` × ``alpha`` at the half-life
///    given on the command line (2 × 4 × 2 = 16 fits by default);
/// 2. ALS recency: the best ALS fit of stage 1 again at every other ``halfLife`` (3 fits);
/// 3. EASE: every ``easeRegularization`` × ``halfLife`` (4 × 4 = 16 fits, each one Gram
///    matrix and one inverse: seconds on the real datasets).
/// Other training settings (iterations, signal, scaling, solver, ...) stay as given.
public struct TuningGrid: Sendable, Equatable {
    /// Families tried.
    public var families: [ModelFamily] = [.als, .ease]
    /// Embedding sizes tried (ALS).
    public var factors: [Int] = [32, 64]
    /// λ values tried (ALS).
    public var regularization: [Double] = [0.01, 1, 10, 100]
    /// α values tried (ALS).
    public var alpha: [Double] = [1, 10]
    /// λ values tried (EASE).
    public var easeRegularization: [Double] = [20, 100, 300, 1000]
    /// Recency half-lives tried, in days (nil: no decay).
    public var halfLife: [Double?] = [nil, 60, 180, 365]
    /// Blend weights w tried (w = 1: affinity only; w = 0: segment penetration only).
    public var blend: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]

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

    /// The half-lives of stage 2 for an ALS setting trained at `given`: every other one.
    public func recencySettings(of p: TrainingParameters) -> [TrainingParameters] {
        guard families.contains(.als) else { return [] }
        return halfLife.filter { $0 != p.halfLifeDays }.map { h in
            var q = p
            q.halfLifeDays = h
            return q
        }
    }

    /// The EASE settings of stage 3 (λ outermost), each starting from `base`.
    public func easeSettings(from base: EASEParameters) -> [EASEParameters] {
        guard families.contains(.ease) else { return [] }
        return easeRegularization.flatMap { r in
            halfLife.map { h in
                var p = base
                p.regularization = r; p.halfLifeDays = h
                return p
            }
        }
    }

    /// Number of model fits the grid needs (stage 2 counted for the half-life given in `base`).
    public func fits(from base: TrainingParameters) -> Int {
        trainingSettings(from: base).count + recencySettings(of: base).count + easeSettings(from: EASEParameters()).count
    }

    /// Parses a comma-separated list of numbers for a grid axis (e.g. "0.01,0.1,1").
    ///
    /// - Throws: ``EvaluationError/badGrid(option:text:)`` naming the option and the value.
    public static func parseList(_ text: String, option: String) throws -> [Double] {
        let values = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = values.compactMap(Double.init)
        guard !values.isEmpty, numbers.count == values.count, numbers.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw EvaluationError.badGrid(option: option, text: text)
        }
        return numbers
    }
}
