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
}
