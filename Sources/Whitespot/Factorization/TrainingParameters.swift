/// Hyper-parameters of implicit-feedback ALS (Hu, Koren & Volinsky 2008).
///
/// The trainer minimises
/// Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
/// with p_ui = 1 for a purchase pair and 0 otherwise, and confidence
/// c_ui = 1 + α · f(r_ui) · d_ui, where r_ui is the ``Signal`` of the pair, f the ``Scaling``,
/// and d_ui = 0.5^(age_ui / halfLife) the optional recency decay (age = days from the pair's
/// last purchase to the last day in the data; d = 1 without a half-life).
public struct TrainingParameters: Codable, Sendable, Equatable {
    /// Which per-pair aggregate drives confidence.
    public enum Signal: String, Codable, Sendable, CaseIterable {
        /// Number of order lines behind the pair.
        case lines
        /// Net quantity bought.
        case quantity
        /// Net revenue (negative or zero revenue counts as 0).
        case revenue
    }

    /// The transformation f applied to the signal.
    public enum Scaling: String, Codable, Sendable, CaseIterable {
        /// f(r) = log(1 + r).
        case log1p
        /// f(r) = r.
        case identity
    }

    /// How each half-step's least-squares problems are solved.
    public enum Solver: String, Codable, Sendable, CaseIterable {
        /// Conjugate gradient, warm-started from the previous iteration's factors.
        case cg
        /// Exact solve by Cholesky factorisation.
        case cholesky
    }

    /// Embedding dimension k.
    public var factors: Int = 64
    /// Number of alternating iterations (each updates customers, then products).
    public var iterations: Int = 15
    /// λ in the objective.
    public var regularization: Double = 0.01
    /// α in the confidence.
    public var alpha: Double = 1.0
    /// r in the confidence.
    public var signal: Signal = .lines
    /// f in the confidence.
    public var scaling: Scaling = .log1p
    /// Half-life of the recency decay in days; nil disables decay.
    public var halfLifeDays: Double? = nil
    /// Solver for each half-step.
    public var solver: Solver = .cg
    /// Conjugate-gradient steps per solve.
    public var cgSteps: Int = 3
    /// Worker threads (Dispatch) for the per-customer and per-product solves.
    public var threads: Int = 2
    /// Seed of the factor initialisation.
    public var seed: UInt64 = 42
    /// Early stopping: training ends after the first iteration that lowers the training loss
    /// (``ALSTrainer/loss(of:matrix:confidences:)``) by less than this fraction of the previous
    /// iteration's loss; the loss is then computed after every iteration. nil: always run
    /// ``iterations``.
    public var tolerance: Double? = nil

    /// Defaults as documented on each property.
    public init() {}
}
