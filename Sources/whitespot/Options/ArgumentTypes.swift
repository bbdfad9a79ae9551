import ArgumentParser
import Foundation
import Whitespot

/// A calendar date written `yyyy-MM-dd` (`--cutoff 2019-07-01`), as a day number.
struct ISODate: ExpressibleByArgument {
    /// The day number (``Days``).
    let day: Int32

    /// Parses `yyyy-MM-dd`; nil for any other text or a date that does not exist.
    init?(argument: String) {
        guard let day = Days.parseISO(argument) else { return nil }
        self.day = day
    }
}

/// A comma-separated list of finite non-negative numbers (`--grid-alpha 0.01,0.1,1`).
struct NumberList: ExpressibleByArgument {
    /// The numbers, in the order written.
    let values: [Double]

    /// Parses the list; nil when it is empty or an entry is not a finite number ≥ 0.
    init?(argument: String) {
        let entries = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = entries.compactMap(Double.init)
        guard !entries.isEmpty, numbers.count == entries.count, numbers.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            return nil
        }
        values = numbers
    }

    /// The list as written on the command line: "0.01,1,10".
    static func text(_ values: [Double]) -> String {
        values.map { MethodParameter.Value.number($0).description }.joined(separator: ",")
    }
}

/// A comma-separated list of embedding sizes, whole numbers from 1 to 1,000,000 (`--grid-factors 32,64`).
struct FactorList: ExpressibleByArgument {
    /// The sizes, in the order written.
    let values: [Int]

    /// Parses the list; nil unless every entry is a whole number from 1 to 1,000,000.
    init?(argument: String) {
        guard let list = NumberList(argument: argument),
              list.values.allSatisfy({ $0 >= 1 && $0 <= 1_000_000 && $0.rounded() == $0 })
        else { return nil }
        values = list.values.map { Int($0) }
    }
}

/// A comma-separated list of names, blanks around each left out (`--categories "Paper, Binders"`).
struct NameList: ExpressibleByArgument {
    /// The names.
    let names: Set<String>

    /// Splits the text at commas.
    init?(argument: String) {
        names = Set(argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}

extension Shard: ExpressibleByArgument {
    /// Parses `i/n` with 1 ≤ i ≤ n.
    public init?(argument: String) { self.init(argument) }
}

/// A comma-separated list of names of `Value`s (`--grid-families als,ease`).
struct ChoiceList<Value: RawRepresentable>: ExpressibleByArgument where Value.RawValue == String {
    /// The values, in the order written.
    let values: [Value]

    /// Parses the list; nil unless every entry names a value.
    init?(argument: String) {
        let names = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let parsed = names.compactMap(Value.init(rawValue:))
        guard !names.isEmpty, parsed.count == names.count else { return nil }
        values = parsed
    }
}

/// Comma-separated model family names (`--grid-families als,ease`).
typealias FamilyList = ChoiceList<ModelFamily>
/// Comma-separated segment sources (`--grid-segments column,rfm,all`).
typealias SegmentSourceList = ChoiceList<SegmentSource>
