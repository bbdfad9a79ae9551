/// Why an evaluation cannot run, in words a user can act on.
public indirect enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// The orders hold no line at all.
    case noOrders
    /// The cutoff is on or before the first order day: nothing to train on.
    case cutoffBeforeData(cutoff: Int32, firstDay: Int32)
    /// The cutoff is after the last order day: nothing to test on.
    case cutoffAfterData(cutoff: Int32, lastDay: Int32)
    /// No customer bought a new catalogue product on or after the cutoff.
    case nothingToEvaluate(cutoff: Int32)
    /// K is not positive.
    case badK(Int)
    /// The validation cutoff is not inside the training period.
    case badValidationCutoff(validation: Int32, cutoff: Int32)
    /// The validation split inside train could not be formed.
    case validationSplit(EvaluationError)
    /// Tuning was asked for factors that were given, not fitted.
    case tuningGivenFactors

    /// The problem in words, naming the settings in words (``Setting/phrase``).
    public var description: String { message(naming: \.phrase) }

    /// The problem in words, naming each setting as `name` does (a command line names them by
    /// their flags).
    public func message(naming name: (Setting) -> String) -> String {
        switch self {
        case .noOrders:
            return "the orders hold no usable line"
        case .cutoffBeforeData(let cutoff, let first):
            return "\(name(.cutoff)) \(Days.iso(cutoff)) is on or before the first order date \(Days.iso(first)): "
                + "no orders to train on; choose a date after \(Days.iso(first))"
        case .cutoffAfterData(let cutoff, let last):
            return "\(name(.cutoff)) \(Days.iso(cutoff)) is after the last order date \(Days.iso(last)): "
                + "no orders to test on; choose a date on or before \(Days.iso(last))"
        case .nothingToEvaluate(let cutoff):
            return "no customer bought a product new to them on or after \(Days.iso(cutoff)): "
                + "nothing to evaluate; choose an earlier cutoff"
        case .badK(let k):
            return "\(name(.k)) \(k): must be at least 1"
        case .validationSplit(let error):
            // Inside the validation split, the split's cutoff is the validation cutoff.
            let inner = error.message { $0 == .cutoff ? "the validation cutoff" : name($0) }
            return "tuning: the validation split inside the training period failed: \(inner) "
                + "(set it with \(name(.validationCutoff)))"
        case .tuningGivenFactors:
            return "tuning fits factors on a validation split; a given model cannot be tuned (evaluate it without tuning)"
        case .badValidationCutoff(let validation, let cutoff):
            return "\(name(.validationCutoff)) \(Days.iso(validation)) must be before \(name(.cutoff)) \(Days.iso(cutoff))"
        }
    }
}
