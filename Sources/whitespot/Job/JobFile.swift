import Foundation
import TOMLKit
import Whitespot

/// A job file for `whitespot run` (docs/job-file.md), read into the flags of the commands it
/// runs: every key is the long flag of the same name (`date-format = "M/d/yyyy"` is
/// `--date-format M/d/yyyy`), so keys mean what the flags mean and are checked by the same code.
///
/// ```toml
/// name = "weekly"
/// [orders]
/// file = "orders.csv.gz"
/// columns = "customer=Customer ID,date=Order Date,product=Product ID"
/// [model]
/// dir = "models"
/// keep = 5
/// [output]
/// db = "postgresql://crm@db/sales"
/// ```
struct JobFile {
    /// The job name: the run id is `name/run-date`.
    var name: String
    /// The run log (JSON lines).
    var log: String
    /// Flags of the order source (OrderOptions).
    var orders: [String] = []
    /// Hyper-parameter flags (TrainingOptions).
    var training: [String] = []
    /// List flags, as score and evaluate take them (ListOptions).
    var list: [String] = []
    /// score's own flags: top, threads, customers, and where to write.
    var score: [String] = []
    /// evaluate's tuning-grid flags.
    var grid: [String] = []
    /// evaluate's other flags: k, recent-days, report.
    var evaluation: [String] = []
    /// The model directory.
    var modelDirectory = "models"
    /// How many model files to keep (nil: all).
    var keep: Int?
    /// When to re-tune.
    var retune = RetunePolicy()
    /// Days at the end of the data held out to evaluate (and tune) on.
    var testDays = 28
    /// The output database, when there is one (for the job-runs and evaluations tables).
    var outputDatabase: (location: DatabaseLocation, table: SQLName)?

    /// A problem in the job file: `file:line: message`.
    struct Problem: Error, CustomStringConvertible {
        /// The job file.
        var path: String
        /// The 1-based line, when known.
        var line: Int?
        /// What is wrong.
        var message: String
        /// `file:line: message`.
        var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    /// How a key becomes flags: an option with a value, a switch, or the job's own setting.
    enum Key {
        case option(String), flag(String), own
    }

    /// The keys of each section; `""` is the top level.
    static let sections: [String: [String: Key]] = {
        func options(_ names: [String]) -> [String: Key] { Dictionary(uniqueKeysWithValues: names.map { ($0, .option("--" + $0)) }) }
        func flags(_ names: [String]) -> [String: Key] { Dictionary(uniqueKeysWithValues: names.map { ($0, .flag("--" + $0)) }) }
        let list = options(["blend", "affinity", "rank-by", "penetration-shrinkage", "active-within", "reactivate-after", "categories", "deep-sell",
                            "deep-sell-count", "deep-sell-min-buyers", "cross-sell-fraction", "up-sell-max"])
            .merging(flags(["keep-variants", "no-rules", "no-up-sell"])) { a, _ in a }
        return [
            "": ["name": .own, "log": .own],
            "orders": options(["columns", "delimiter", "date-format", "exclude-products", "catalog", "catalog-columns", "customers-file", "customers-columns",
                               "product-level", "segment-by"])
                .merging(flags(["decimal-comma", "skip-bad-lines"])) { a, _ in a }
                .merging(["file": .own, "db": .option("--orders-db"), "table": .option("--orders-table"), "query": .option("--orders-query")]) { a, _ in a },
            "model": ["dir": .own, "keep": .own],
            "training": options(["factors", "iterations", "regularization", "alpha", "signal", "scaling", "half-life", "solver",
                                 "cg-steps", "threads", "seed", "tolerance"]),
            "tune": options(["grid-factors", "grid-regularization", "grid-alpha", "grid-blend", "grid-families",
                             "grid-ease-regularization", "grid-half-life", "grid-ensemble-weight", "grid-segments",
                             "grid-penetration-window"])
                .merging(["every-runs": .own, "data-change": .own]) { a, _ in a },
            "evaluation": options(["k", "recent-days", "report"]).merging(["test-days": .own]) { a, _ in a },
            "score": list.merging(options(["top", "threads", "customers"])) { a, _ in a },
            "output": ["file": .option("--out"), "format": .option("--format"), "db": .option("--out-db"), "table": .option("--out-table")],
        ]
    }()

    /// Reads and checks a job file.
    /// - Throws: ``Problem`` naming the line of a syntax error, an unknown section or key, or a
    ///   value of the wrong kind.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path: path, line: nil, message: "cannot read the job file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw Problem(path: path, line: e.source.begin.line, message: e.description)
        }
        func problem(_ section: String, _ key: String?, _ message: String) -> Problem {
            Problem(path: path, line: Self.line(of: key, in: section, text: text), message: message)
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        name = stem
        log = stem + ".runs.jsonl"
        var ordersFile: String?
        var sectionValues: [String: [(String, String)]] = [:]
        func append(_ args: [String], section: String, key: String) {
            switch section {
            case "orders": orders += args
            case "training": training += args
            case "tune": grid += args
            case "evaluation": evaluation += args
            case "score" where !["top", "threads", "customers"].contains(key): list += args
            default: score += args
            }
        }
        for section in root.keys {
            let value = root[section]!
            if let table = value.table {
                guard let keys = Self.sections[section], !section.isEmpty else {
                    throw problem("", section, "unknown section [\(section)]; sections: \(Self.sections.keys.filter { !$0.isEmpty }.sorted().joined(separator: ", "))")
                }
                for key in table.keys {
                    guard let kind = keys[key] else {
                        throw problem(section, key, "unknown key '\(key)' in [\(section)]; keys: \(keys.keys.sorted().joined(separator: ", "))")
                    }
                    let item = table[key]!
                    let context = "[\(section)] \(key)"
                    switch kind {
                    case .option(let flag):
                        let text = try Self.text(item, context: context) { problem(section, key, $0) }
                        append([flag, text], section: section, key: key)
                    case .flag(let flag):
                        guard let on = item.bool else { throw problem(section, key, "\(context) must be true or false") }
                        if on { append([flag], section: section, key: key) }
                    case .own:
                        sectionValues[section, default: []].append((key, try Self.text(item, context: context) { problem(section, key, $0) }))
                    }
                }
            } else {
                guard case .own? = Self.sections[""]?[section] else {
                    throw problem("", section, "unknown key '\(section)' at the top level; keys: name, log, and the sections "
                        + Self.sections.keys.filter { !$0.isEmpty }.sorted().map { "[\($0)]" }.joined(separator: ", "))
                }
                sectionValues["", default: []].append((section, try Self.text(value, context: section) { problem("", section, $0) }))
            }
        }
        func number<T: LosslessStringConvertible>(_ section: String, _ key: String, _ text: String, _ check: (T) -> Bool, _ need: String) throws -> T {
            guard let v = T(text), check(v) else { throw problem(section, key, "[\(section)] \(key) must be \(need), got \(text)") }
            return v
        }
        for (section, values) in sectionValues {
            for (key, text) in values {
                switch (section, key) {
                case ("", "name"):
                    guard !text.isEmpty, !text.contains("/") else { throw problem("", key, "name must be non-empty and without '/'") }
                    name = text
                case ("", "log"): log = text
                case ("orders", "file"): ordersFile = text
                case ("model", "dir"): modelDirectory = text
                case ("model", "keep"): keep = try number(section, key, text, { (v: Int) in v >= 1 }, "a whole number of at least 1")
                case ("tune", "every-runs"): retune.everyRuns = try number(section, key, text, { (v: Int) in v >= 1 }, "a whole number of at least 1")
                case ("tune", "data-change"): retune.dataChange = try number(section, key, text, { (v: Double) in v >= 0 }, "a fraction such as 0.2")
                case ("evaluation", "test-days"): testDays = try number(section, key, text, { (v: Int) in v >= 1 }, "a whole number of days, at least 1")
                default: break
                }
            }
        }
        if let ordersFile { orders.insert(ordersFile, at: 0) }
        if orders.isEmpty { throw problem("orders", nil, "the job needs [orders] with file = \"orders.csv\", or db and table or query") }
        outputDatabase = try Self.database(score, path: path, text: text)

    }

    /// The output database and table the `[output]` flags name, checked.
    private static func database(_ score: [String], path: String, text: String) throws -> (location: DatabaseLocation, table: SQLName)? {
        func value(_ flag: String) -> String? { score.firstIndex(of: flag).map { score[$0 + 1] } }
        guard let uri = value("--out-db") else { return nil }
        do {
            return (try DatabaseLocation(uri), try SQLName(value("--out-table") ?? "recommendations"))
        } catch let e as DatabaseError {
            throw Problem(path: path, line: line(of: "db", in: "output", text: text), message: "[output] db: \(e)")
        }
    }

    /// A scalar or a list of scalars as flag text: lists are comma-separated.
    private static func text(_ item: TOMLValueConvertible, context: String, problem: (String) -> Problem) throws -> String {
        if let array = item.array {
            return try array.map { try text($0, context: context, problem: problem) }.joined(separator: ",")
        }
        if let s = item.string { return s }
        if let i = item.int { return String(i) }
        if let d = item.double { return "\(d)" }
        if let b = item.bool { return b ? "true" : "false" }
        throw problem("\(context) must be a string, a number or a list of them")
    }

    /// The line of `key` in `section` (`""`: the top level, where a section name finds its
    /// `[header]`), found by reading the text as TOML lays it out; nil when not found.
    static func line(of key: String?, in section: String, text: String) -> Int? {
        var current = ""
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                if section.isEmpty, current == key { return i + 1 }
                if key == nil, current == section { return i + 1 }
                continue
            }
            guard let key, current == section else { continue }
            let name = line.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
            if line.contains("="), name == key || name == "\"\(key)\"" { return i + 1 }
        }
        return nil
    }
}
