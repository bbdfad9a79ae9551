/// Why an evaluation cannot run, in words a user can act on.
public indirect enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// The cutoff text is not a `yyyy-MM-dd` date.
    case badCutoff(String)
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
    /// A tuning-grid list is not a comma-separated list of non-negative numbers.
    case badGrid(option: String, text: String)
    /// The validation cutoff is not inside the training period.
    case badValidationCutoff(validation: Int32, cutoff: Int32)
    /// The validation split inside train could not be formed.
    case validationSplit(EvaluationError)
    /// Tuning was asked for factors that were given, not fitted.
    case tuningGivenFactors

    /// The problem in words, naming the option and the value.
    public var description: String {
        switch self {
        case .badCutoff(let text):
            return "--cutoff '\(text)': not a date; write it as yyyy-MM-dd, e.g. 2019-07-01"
        case .noOrders:
            return "the orders hold no usable line"
        case .cutoffBeforeData(let cutoff, let first):
            return "--cutoff \(Days.iso(cutoff)) is on or before the first order date \(Days.iso(first)): "
                + "no orders to train on; choose a date after \(Days.iso(first))"
        case .cutoffAfterData(let cutoff, let last):
            return "--cutoff \(Days.iso(cutoff)) is after the last order date \(Days.iso(last)): "
                + "no orders to test on; choose a date on or before \(Days.iso(last))"
        case .nothingToEvaluate(let cutoff):
            return "no customer bought a product new to them on or after \(Days.iso(cutoff)): "
                + "nothing to evaluate; choose an earlier cutoff"
        case .badK(let k):
            return "--k \(k): must be at least 1"
        case .badGrid(let option, let text):
            return "\(option) '\(text)': expected comma-separated non-negative numbers, e.g. 0.01,0.1,1"
        case .validationSplit(let error):
            return "tuning: the validation split inside the training period failed: "
                + error.description.replacingOccurrences(of: "--cutoff", with: "the validation cutoff")
                + " (set it with --validation-cutoff)"
        case .tuningGivenFactors:
            return "--tune fits factors on a validation split; a given --model cannot be tuned (evaluate it without --tune)"
        case .badValidationCutoff(let validation, let cutoff):
            return "--validation-cutoff \(Days.iso(validation)) must be before --cutoff \(Days.iso(cutoff))"
        }
    }

    /// Parses a `yyyy-MM-dd` cutoff into a day number, or throws ``badCutoff(_:)``.
    public static func parseCutoff(_ text: String) throws -> Int32 {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              Days.isValid(year: y, month: m, day: d)
        else { throw EvaluationError.badCutoff(text) }
        return Days.from(year: y, month: m, day: d)
    }
}
