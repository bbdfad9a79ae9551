/// A scoring request that cannot be carried out as asked.
public struct ScoringError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and what to do about it.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
