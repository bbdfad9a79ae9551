import Foundation

/// Helpers shared by the unit and end-to-end test targets.

/// The package root of this checkout (two levels above this file).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `whitespot` binary, run as a user would.
public enum WhitespotBinary {
    /// The package root.
    public static let root = packageRoot

    /// `.build/debug/whitespot` (or the release build when only that exists).
    public static var path: String {
        let candidates = [".build/debug/whitespot", ".build/release/whitespot"].map { root.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs the binary (or another `executable`) in the package root, with standard input read
    /// from the file `stdin` when given and `environment` added to the inherited one; returns
    /// (exit status, stdout, stderr).
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                           executable: String = path) throws -> (status: Int32, out: String, err: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin)) }
        process.currentDirectoryURL = root
        // Standard error goes to a file so that a chatty child never blocks on a full pipe.
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = (try? Data(contentsOf: errFile)) ?? Data()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Deterministic pseudo-random numbers for test data: the 64-bit linear congruential generator
/// state ← state · 6364136223846793005 + 1442695040888963407 (Knuth's MMIX constants).
public struct TestRandom {
    /// The generator's state; the next draw steps it first.
    public var state: UInt64

    /// A generator starting from `state`.
    public init(state: UInt64) { self.state = state }

    /// Steps the state and returns it.
    public mutating func step() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// A whole number in 0 ..< n from the state's high bits.
    public mutating func below(_ n: Int) -> Int { Int((step() >> 33) % UInt64(n)) }

    /// A number in [−1, 1) in steps of 10⁻⁶.
    public mutating func signedUnit() -> Float {
        Float(Int64(bitPattern: step() >> 11) % 2_000_000) / 1_000_000 - 1
    }
}
