import Whitespot

extension Setting {
    /// The command-line flag that sets it, as error messages name it.
    var flag: String {
        switch self {
        case .cutoff: return "--cutoff"
        case .validationCutoff: return "--validation-cutoff"
        case .k: return "--k"
        case .top: return "--top"
        case .rankByValue: return "--rank-by value"
        case .productLevel: return "--product-level"
        case .columns: return "--columns"
        case .delimiter: return "--delimiter"
        case .factors: return "--factors"
        case .iterations: return "--iterations"
        case .regularization: return "--regularization"
        case .alpha: return "--alpha"
        case .cgSteps: return "--cg-steps"
        case .threads: return "--threads"
        case .halfLifeDays: return "--half-life"
        case .tolerance: return "--tolerance"
        case .minSupport: return "--min-support"
        case .minConfidence: return "--min-confidence"
        case .algorithm: return "--algorithm"
        case .easeRegularization: return "--ease-regularization"
        case .easeNeighbours: return "--ease-neighbours"
        case .ensembleWeight: return "--ensemble-weight"
        case .penetrationWindowDays: return "--penetration-window"
        case .dateFormat: return "--date-format"
        case .decimalComma: return "--decimal-comma"
        }
    }
}

/// A library error in the words of the command line: settings named by their flags.
enum FlagNames {
    /// The error's message with every setting it names written as its flag.
    static func message(_ error: Error) -> String {
        switch error {
        case let e as IngestError: return e.description(naming: \.flag)
        case let e as TrainingError: return e.message(naming: \.flag)
        case let e as ScoringError: return e.message(naming: \.flag)
        case let e as EvaluationError: return e.message(naming: \.flag)
        default: return "\(error)"
        }
    }
}
