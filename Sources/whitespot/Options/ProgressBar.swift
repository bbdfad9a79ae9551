// C's `stderr` is a mutable global, which Swift 6 refuses to read unless the C library is
// imported with @preconcurrency (before another module re-exports it); messages go to it from
// the main thread and from progress callbacks, as fputs allows.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Whitespot

/// A one-line training or tuning progress bar on standard error, drawn only when it is a
/// terminal (quiet in pipes and logs).
///
/// ```
/// iteration  6/15 [##########--------------]  loss 0.01234  1.2 s/it  ETA 11 s
/// tuning fit  9/35 [######------------------]  41 s  ETA 2 min 38 s
/// ```
struct ProgressBar {
    /// Whether standard error is a terminal.
    let enabled = isatty(2) == 1

    /// Redraws the bar for `p`; ends the line after the last iteration.
    func update(_ p: TrainingProgress) {
        guard enabled else { return }
        var line = "iteration " + Self.counter(p.iteration, of: p.iterations)
        if let loss = p.loss { line += "  loss \(TextFormat.amount(loss, decimals: 5))" }
        line += "  \(TextFormat.amount(p.seconds, decimals: 2)) s/it  ETA \(TextFormat.amount(p.etaSeconds, decimals: 0)) s"
        fputs("\r\u{1B}[K" + line + (p.iteration == p.iterations ? "\n" : ""), stderr)
    }

    /// Redraws the bar for tuning progress `p`; ends the line after the last fit.
    func update(_ p: TuningProgress) {
        guard enabled else { return }
        let line = "tuning fit " + Self.counter(p.done, of: p.fits)
            + "  \(Self.duration(p.elapsedSeconds))  ETA \(Self.duration(p.etaSeconds))"
        fputs("\r\u{1B}[K" + line + (p.done == p.fits ? "\n" : ""), stderr)
    }

    /// "6/15 [##########--------------]".
    static func counter(_ done: Int, of total: Int) -> String {
        let width = 24
        let filled = total == 0 ? width : width * min(done, total) / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\(TextFormat.pad(String(done), String(total).count, right: true))/\(total) [\(bar)]"
    }

    /// "41 s", "2 min 38 s".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }
}
