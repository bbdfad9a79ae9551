// C's `stderr` is a mutable global, which Swift 6 refuses to read unless the C library is
// imported with @preconcurrency (before another module re-exports it); messages go to it from
// the main thread and from progress callbacks, as fputs allows.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import ArgumentParser

/// Messages for the person at the terminal.
enum Console {
    /// Writes `whitespot: message` to standard error.
    static func warn(_ message: String) {
        fputs("whitespot: \(message)\n", stderr)
    }

    /// Runs `body`; an error it throws goes to standard error as `whitespot: context: error`
    /// (`whitespot: error` without a context) and ends the command with exit code 1.
    static func exitOnError<T>(_ context: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            let message = FlagNames.message(error)
            warn(context.map { "\($0): \(message)" } ?? message)
            throw ExitCode.failure
        }
    }

    /// Writes a progress message to standard error, only when it is a terminal (quiet in pipes and logs).
    static func status(_ message: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        fputs("whitespot: \(message)…\n", stderr)
    }
}
