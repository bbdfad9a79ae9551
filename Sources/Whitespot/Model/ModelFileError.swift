/// A model file could not be read: names the file and the problem.
///
/// ```
/// model.safetensors: checksum mismatch, file is damaged
/// ```
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    /// The file as the user named it.
    public let path: String
    /// What is wrong, in words.
    public let problem: String

    /// An error for `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "path: problem".
    public var description: String { "\(path): \(problem)" }
}
