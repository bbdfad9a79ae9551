extension ModelRegistry {
    /// The entries of a model directory as a table for people: one row per readable model
    /// (`*` marks the latest) with its creation time (UTC), size, counts and hyper-parameters
    /// and the data it was trained on, then one line per unreadable file with the problem.
    ///
    /// ```swift
    /// print(ModelRegistry.table(try ModelRegistry(directory: "models").entries()))
    /// ```
    public static func table(_ entries: [Entry]) -> String {
        var rows = [["", "file", "created (UTC)", "size", "customers", "products", "k", "iter", "λ", "α", "signal", "data"]]
        var problems: [String] = []
        for e in entries {
            let mark = e.isLatest ? "*" : ""
            switch e.summary {
            case let .success(s):
                let p = s.parameters
                let stamp = stamp(s.createdAt)
                let created = "\(Days.iso(Int32((s.createdAt.timeIntervalSince1970 / 86_400).rounded(.down)))) "
                    + "\(stamp.dropFirst(9).prefix(2)):\(stamp.dropFirst(11).prefix(2))"
                rows.append([
                    mark, e.fileName, created, TextFormat.amount(Double(s.fileSize) / 1_000_000, decimals: 1) + " MB",
                    TextFormat.count(s.customers), TextFormat.count(s.products),
                    s.family == .als ? String(s.factors) : s.family == .ease ? s.family.rawValue : "\(s.factors)+ease",
                    String(p.iterations), lambda(s), "\(p.alpha)",
                    "\(p.signal.rawValue)/\(p.scaling.rawValue)" + (p.halfLifeDays.map { ", half-life \($0) d" } ?? ""),
                    s.dataDescription,
                ])
            case let .failure(f):
                problems.append("\(mark.isEmpty ? " " : mark) \(e.fileName): unreadable: \(f.problem)")
            }
        }
        let widths = (0 ..< rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        let numeric: Set<Int> = [3, 4, 5, 6, 7]
        let lines = rows.map { row in
            row.enumerated().map { c, text in
                c == row.count - 1 ? text : TextFormat.pad(text, widths[c], right: numeric.contains(c))
            }.joined(separator: "  ")
        }
        return (lines + problems).joined(separator: "\n")
    }

    /// The λ column: ALS's, EASE's, or both for an ensemble ("10/300").
    private static func lambda(_ s: ModelSummary) -> String {
        switch s.family {
        case .als: return "\(s.parameters.regularization)"
        case .ease: return "\(s.ease?.regularization ?? s.parameters.regularization)"
        case .ensemble: return "\(s.parameters.regularization)/\(s.ease?.regularization ?? 0)"
        }
    }
}
