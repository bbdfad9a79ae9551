// C's `stderr` is a mutable global, which Swift 6 refuses to read unless the C library is
// imported with @preconcurrency (before another module re-exports it); messages go to it from
// the main thread and from progress callbacks, as fputs allows.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Whitespot

/// A one-line training progress bar on standard error, drawn only when it is a terminal.
///
/// ```
/// iteration  6/15 [##########--------------]  loss 0.01234  1.2 s/it  ETA 11 s
/// ```
struct ProgressBar {
    /// Whether standard error is a terminal.
    let enabled = isatty(2) == 1

    /// Redraws the bar for `p`; ends the line after the last iteration.
    func update(_ p: TrainingProgress) {
        guard enabled else { return }
        let width = 24
        let done = p.iterations == 0 ? width : width * p.iteration / p.iterations
        let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
        let digits = String(p.iterations).count
        var line = "iteration \(TextFormat.pad(String(p.iteration), digits, right: true))/\(p.iterations) [\(bar)]"
        if let loss = p.loss { line += "  loss \(TextFormat.amount(loss, decimals: 5))" }
        line += "  \(TextFormat.amount(p.seconds, decimals: 2)) s/it  ETA \(TextFormat.amount(p.etaSeconds, decimals: 0)) s"
        fputs("\r\u{1B}[K" + line + (p.iteration == p.iterations ? "\n" : ""), stderr)
    }
}
