/// A setting a caller chooses, as error messages name it.
///
/// The library's messages name a setting in words (``phrase``); a front end that exposes the
/// setting under another name (the command line's `--cutoff`, say) renders the same error with
/// its own names through the errors' `message(naming:)`:
///
/// ```swift
/// error.message(naming: { $0.phrase })          // "cutoff 2019-07-01 is after ..."
/// ```
///
/// The raw value is the setting's one name in data: the ``TrainingParameters`` property, the
/// key of the evaluation's JSON parameters (`halfLifeDays`, `cgSteps`).
public enum Setting: String, Sendable, CaseIterable {
    /// The first day of the test period of an evaluation.
    case cutoff
    /// The first day of the validation period inside the training period.
    case validationCutoff
    /// The list length the evaluation measures.
    case k
    /// The number of recommendations per customer.
    case top
    /// Ranking by expected value instead of probability.
    case rankByValue
    /// The column the products are rolled up to.
    case productLevel
    /// The mapping of file columns to order fields.
    case columns
    /// The field delimiter of the order file.
    case delimiter
    /// The embedding dimension k.
    case factors
    /// The number of ALS iterations.
    case iterations
    /// The regularisation λ.
    case regularization
    /// The confidence weight α.
    case alpha
    /// Conjugate-gradient steps per row.
    case cgSteps
    /// Worker threads.
    case threads
    /// The half-life of the recency decay, in days.
    case halfLifeDays
    /// The relative loss improvement below which training stops early.
    case tolerance
    /// The least support of a frequent itemset.
    case minSupport
    /// The least confidence of an association rule.
    case minConfidence
    /// The model family: ALS, the item-item model (EASE) or both (ensemble).
    case algorithm
    /// The item-item model's regularisation λ.
    case easeRegularization
    /// The weights the item-item model keeps per product.
    case easeNeighbours
    /// The ensemble's weight of the ALS scores.
    case ensembleWeight
    /// The trailing window of the penetration term, in days.
    case penetrationWindowDays
    /// The pattern order dates are read with.
    case dateFormat
    /// Numbers written with a decimal comma.
    case decimalComma

    /// The setting in words, as the library's own messages name it (written to read well in
    /// every message that names it: "give a delimiter", "cutoff 2019-07-01 is after ...").
    public var phrase: String {
        switch self {
        case .cutoff: return "cutoff"
        case .validationCutoff: return "validation cutoff"
        case .k: return "K"
        case .top: return "top"
        case .rankByValue: return "ranking by value"
        case .productLevel: return "product level"
        case .columns: return "a column mapping"
        case .delimiter: return "a delimiter"
        case .factors: return "factors"
        case .iterations: return "iterations"
        case .regularization: return "regularization"
        case .alpha: return "alpha"
        case .cgSteps: return "CG steps"
        case .threads: return "threads"
        case .halfLifeDays: return "half-life in days"
        case .tolerance: return "tolerance"
        case .minSupport: return "the minimum support"
        case .minConfidence: return "the minimum confidence"
        case .algorithm: return "algorithm"
        case .easeRegularization: return "EASE regularization"
        case .easeNeighbours: return "EASE neighbours per product"
        case .ensembleWeight: return "ensemble weight"
        case .penetrationWindowDays: return "penetration window in days"
        case .dateFormat: return "the date format"
        case .decimalComma: return "the decimal-comma option"
        }
    }
}
