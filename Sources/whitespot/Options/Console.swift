#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for the person at the terminal.
enum Console {
    /// Writes `whitespot: message` to standard error.
    static func warn(_ message: String) {
        fputs("whitespot: \(message)\n", stderr)
    }

    /// Writes a progress message to standard error, only when it is a terminal (quiet in pipes and logs).
    static func status(_ message: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        fputs("whitespot: \(message)…\n", stderr)
    }
}
