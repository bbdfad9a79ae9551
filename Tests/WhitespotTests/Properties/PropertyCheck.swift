import Foundation
import PropertyBased
import Testing

/// Deterministic property checks on the PropertyBased generators.
///
/// `PropertyBased.propertyCheck` draws a fresh random seed on every run, and its `.fixedSeed`
/// trait checks one case only (and reports an issue even when it passes), so the suite runs
/// the same generators from a fixed xoshiro256** seed instead: every run checks the same cases.
/// A failure names the case, its input and the `.fixedSeed` that reproduces it. With
/// `WHITESPOT_PROPERTY_EXPLORE=1` in the environment the checks run through `propertyCheck`
/// itself (new random cases each run, shrinking of a failing input): add the `.fixedSeed` of a
/// failure to the test to shrink that case.
enum Property {
    /// Whether to explore with random seeds and shrinking instead of the fixed cases.
    static let explore = ProcessInfo.processInfo.environment["WHITESPOT_PROPERTY_EXPLORE"] != nil

    /// Checks `property` on `count` inputs from `input`, drawn from a generator seeded with
    /// `seed`; `property` returns nil when it holds, else what differs. Stops at the first failure.
    static func check<Value>(
        count: Int, seed: UInt64, input: Generator<Value, some SendableSequenceType>,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ property: (Value) -> String?
    ) async {
        if explore {
            await propertyCheck(count: count, input: input, perform: { value in
                if let problem = property(value) { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
            }, sourceLocation: sourceLocation)
            return
        }
        var rng = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, ~seed, 0xD1B5_4A32_D192_ED03))
        for index in 0..<count {
            let caseSeed = rng.currentSeed
            let value = input.run(using: &rng)
            if let problem = property(value) {
                Issue.record(
                    Comment(rawValue: """
                        case \(index + 1) of \(count) (seed \(seed)): \(problem)
                        input: \(value)
                        shrink it: WHITESPOT_PROPERTY_EXPLORE=1 and .fixedSeed("\(caseSeed)") on the test
                        """),
                    sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// nil when `actual == expected`, else a line naming `what` with both values.
    static func same<T: Equatable>(_ what: String, _ actual: T, _ expected: T) -> String? {
        actual == expected ? nil : "\(what): got \(actual), expected \(expected)"
    }
}
