import Foundation
import Testing

/// Every adversarial input of the hardening issue and what `whitespot` must do with it: the
/// single list of those cases, each run against the built binary by ``AdversarialTests``.
///
/// A case gets a fresh copy of a small workspace (`orders.csv`, a model `model.safetensors`
/// trained on it, a model directory `models/` with `latest`), may add its own files, and names
/// the command. Unless it says it writes, the run must leave the workspace exactly as it was:
/// no output file, no model, no moved `latest`, no temporary file.
struct AdversarialCase: Sendable, CustomTestStringConvertible {
    /// What the run must do.
    enum Outcome: Sendable {
        /// Exit 1 or 64 (never a signal), standard error containing the text.
        case fails(String)
        /// Exit 0, standard error containing the text.
        case warns(String)
        /// Exit 0, standard output containing the text.
        case prints(String)
    }

    let name: String
    let outcome: Outcome
    /// Whether the run may change the workspace (it writes an output that the case checks).
    var writes = false
    /// Prepares files in the workspace and returns the command's arguments.
    let arguments: @Sendable (Workspace) throws -> [String]

    var testDescription: String { name }
}

extension AdversarialCase {
    /// The cases, in the order of the issue.
    static let all: [AdversarialCase] = [
        // Crashes.
        .init(name: "model header whose shape overflows when multiplied", outcome: .fails("larger than the file")) { w in
            try w.rewriteModelHeader { header, _ in header["customer_factors"] = ["dtype": "F32", "shape": [1 << 32, 1 << 32], "data_offsets": [0, 16]] }
            return ["similar", "--model", w.model, "P1"]
        },
        .init(name: "model listing with created_at inf", outcome: .prints("unreadable: malformed metadata created_at_since_2001 (inf)")) { w in
            try w.rewriteModelHeader(at: w.latestModel) { _, meta in meta["created_at_since_2001"] = "inf" }
            return ["models", "--model-dir", w.models]
        },
        .init(name: "model listing with created_at 1e300", outcome: .prints("is not a date between 1970 and 9999")) { w in
            try w.rewriteModelHeader(at: w.latestModel) { _, meta in meta["created_at_since_2001"] = "1e300" }
            return ["models", "--model-dir", w.models]
        },
        .init(name: "score --reactivate-after 99999999999", outcome: .fails("--reactivate-after must be 1 to 1,200 months")) { w in
            ["score", w.orders, "--model", w.model, "--reactivate-after", "99999999999", "--out", w.path("out.csv")]
        },
        .init(name: "train --factors 100000", outcome: .fails("use fewer --factors")) { w in
            ["train", w.orders, "--model", w.path("new.safetensors"), "--factors", "100000"]
        },
        .init(name: "evaluate --tune --grid-factors 100000", outcome: .fails("use fewer --factors")) { w in
            ["evaluate", w.orders, "--cutoff", "2024-05-01", "--tune", "--grid-factors", "100000", "--save-model", w.path("t.safetensors")]
        },
        .init(name: "evaluate --k 1000000000", outcome: .fails("--k 1000000000 is more than the 12 products")) { w in
            ["evaluate", w.orders, "--cutoff", "2024-05-01", "--k", "1000000000"]
        },
        .init(name: "generate --customers 9223372036854775807", outcome: .fails("at most 2147483647 customers")) { w in
            ["generate", "--customers", "9223372036854775807", "--out", w.path("gen.csv")]
        },
        .init(name: "basket on one order of 5,000 products", outcome: .warns("1 baskets with more than 500 products left out")) { w in
            var text = "customer_id,order_date,product_id,order_id\n"
            for p in 0 ..< 5_000 { text += "C1,2024-01-01,P\(p),O1\n" }
            try w.write("big.csv", text)
            return ["basket", w.path("big.csv"), "--max-length", "3"]
        },
        // Destroyed or silently wrong.
        .init(name: "train --alpha 1e30 into a model directory", outcome: .fails("training diverged")) { w in
            ["train", w.orders, "--model-dir", w.models, "--alpha", "1e30", "--factors", "4", "--iterations", "3"]
        },
        .init(name: "train --alpha 1e9 on Groceries into a model directory", outcome: .fails("training diverged")) { w in
            ["train", Groceries.file] + Groceries.mapping + ["--model-dir", w.models, "--alpha", "1e9", "--factors", "8", "--iterations", "2"]
        },
        .init(name: "train --regularization 1e38", outcome: .fails("training diverged")) { w in
            ["train", w.orders, "--model", w.path("new.safetensors"), "--regularization", "1e38", "--factors", "4", "--iterations", "3"]
        },
        .init(name: "evaluate --tune with a diverging grid", outcome: .fails("training diverged")) { w in
            ["evaluate", w.orders, "--cutoff", "2024-05-01", "--tune", "--grid-factors", "4", "--grid-alpha", "1e30",
             "--grid-regularization", "0.01", "--iterations", "3", "--save-model", w.path("t.safetensors")]
        },
        .init(name: "--out to a named pipe (a special file is not replaced)", outcome: .fails("is not a regular file")) { w in
            guard mkfifo(w.path("fifo"), 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
            return ["score", w.orders, "--model", w.model, "--out", w.path("fifo")]
        },
        .init(name: "--out to a directory", outcome: .fails("is a directory")) { w in
            try FileManager.default.createDirectory(atPath: w.path("outdir"), withIntermediateDirectories: true)
            return ["score", w.orders, "--model", w.model, "--out", w.path("outdir")]
        },
        .init(name: "a flipped byte in the header's fingerprint", outcome: .fails("header checksum mismatch")) { w in
            try w.flipHeaderByte(after: "\"data_fingerprint\":\"")
            return ["score", w.orders, "--model", w.model]
        },
        .init(name: "a flipped byte in the header's parameters", outcome: .fails("header checksum mismatch")) { w in
            try w.flipHeaderByte(after: "\\\"alpha\\\":")
            return ["similar", "--model", w.model, "P1"]
        },
        .init(name: "a flipped byte in the creation time", outcome: .fails("header checksum mismatch")) { w in
            try w.flipHeaderByte(after: "\"created_at_since_2001\":\"")
            return ["score", w.orders, "--model", w.model]
        },
        .init(name: "format version 2 flipped to 1 (the header checksum stays checked)", outcome: .fails("header checksum mismatch")) { w in
            try w.flipHeaderByte(after: "\"format_version\":\"", to: UInt8(ascii: "1"))
            return ["score", w.orders, "--model", w.model]
        },
        .init(name: "score with a model trained on other data", outcome: .fails("the model knows none of the 3 products")) { w in
            try w.write("other.csv", "customer_id,order_date,product_id\nX1,2024-01-01,Q1\nX2,2024-01-02,Q2\nX1,2024-01-03,Q3\n")
            return ["score", w.path("other.csv"), "--model", w.model, "--out", w.path("out.csv")]
        },
        .init(name: "score with a model that knows only some of the customers", outcome: .warns("the model does not know 50 % of the 60 customers")) { w in
            var text = try String(contentsOfFile: w.orders, encoding: .utf8)
            for u in 0 ..< 30 { text += "N\(u),2024-06-01,P\(u % 12),1,10\n" }
            try w.write("more.csv", text)
            return ["score", w.path("more.csv"), "--model", w.model, "--top", "1"]
        },
        .init(name: "--exclude-products typo.txt", outcome: .fails("typo.txt:1:1: no such file")) { w in
            ["inspect", w.orders, "--exclude-products", w.path("typo.txt")]
        },
        .init(name: "a line dated 9999-12-31", outcome: .fails("orders.csv:62:4: date in column 'order_date' is outside 1900-01-01 ..")) { w in
            try w.append("C1,9999-12-31,P1,1,10\n")
            return ["train", w.orders, "--model", w.path("new.safetensors"), "--factors", "4"]
        },
        .init(name: "a line dated 0001-01-01, skipped and counted", outcome: .prints("\"implausible date\"")) { w in
            try w.append("C1,0001-01-01,P1,1,10\n")
            return ["inspect", w.orders, "--skip-bad-lines", "--json"]
        },
        .init(name: "duplicate header names", outcome: .fails("the header has 2 columns named 'product_id' (columns 3, 4)")) { w in
            try w.write("dup.csv", "customer_id,order_date,product_id,product_id\nC1,2024-01-01,P1,P2\n")
            return ["inspect", w.path("dup.csv")]
        },
        .init(name: "--columns customer=product_id", outcome: .fails("customer and product both read column 3 'product_id'")) { w in
            ["inspect", w.orders, "--columns", "customer=product_id"]
        },
        .init(name: "ids with surrounding spaces are the same ids", outcome: .prints("\"customers\" : 1,")) { w in
            try w.write("spaces.csv", "customer_id,order_date,product_id\n\" C1 \",2024-01-01,P1\nC1,2024-01-02,\tP1\n")
            return ["inspect", w.path("spaces.csv"), "--json"]
        },
        // Unclear answers.
        .init(name: "CR-only line ends", outcome: .fails("lines end with a carriage return alone")) { w in
            try w.write("cr.csv", "customer_id,order_date,product_id\rC1,2024-01-01,P1\r")
            return ["inspect", w.path("cr.csv")]
        },
        .init(name: "a UTF-16 file", outcome: .fails("file is UTF-16LE, not UTF-8; convert it with: iconv -f UTF-16LE -t UTF-8")) { w in
            var data = Data([0xFF, 0xFE])
            data.append("customer_id,order_date,product_id\nC1,2024-01-01,P1\n".data(using: .utf16LittleEndian) ?? Data())
            try data.write(to: URL(fileURLWithPath: w.path("utf16.csv")))
            return ["inspect", w.path("utf16.csv")]
        },
        .init(name: "a UTF-16 file without byte-order mark", outcome: .fails("file is UTF-16LE")) { w in
            let data = "customer_id,order_date,product_id\nC1,2024-01-01,P1\n".data(using: .utf16LittleEndian) ?? Data()
            try data.write(to: URL(fileURLWithPath: w.path("utf16.csv")))
            return ["inspect", w.path("utf16.csv")]
        },
        .init(name: "a directory as --model", outcome: .fails("is a directory, not a model file")) { w in
            ["similar", "--model", w.models, "P1"]
        },
        .init(name: "/dev/null as --model", outcome: .fails("/dev/null: is not a regular file")) { _ in
            ["similar", "--model", "/dev/null", "P1"]
        },
        .init(name: "a model directory that is a file", outcome: .fails("is a file, not a model directory")) { w in
            ["train", w.orders, "--model-dir", w.orders, "--factors", "4"]
        },
        .init(name: "--alpha -5", outcome: .fails("invalid --alpha -5.0: must be a finite number ≥ 0")) { w in
            ["train", w.orders, "--model", w.path("new.safetensors"), "--alpha", "-5"]
        },
        .init(name: "no line has a customer", outcome: .fails("no order line left to use: of 2 lines, 2 without a customer (column 'customer_id')")) { w in
            try w.write("nocust.csv", "customer_id,order_date,product_id\n,2024-01-01,P1\n ,2024-01-02,P2\n")
            return ["train", w.path("nocust.csv"), "--model", w.path("new.safetensors")]
        },
        .init(name: "--iterations 0", outcome: .fails("invalid --iterations 0: must be at least 1")) { w in
            ["train", w.orders, "--model", w.path("new.safetensors"), "--iterations", "0"]
        },
    ]
}

/// A scratch copy of the small workspace the adversarial cases run in.
struct Workspace: Sendable {
    let dir: String
    var orders: String { path("orders.csv") }
    var model: String { path("model.safetensors") }
    var models: String { path("models") }
    /// The model `models/latest` names.
    var latestModel: String {
        let name = (try? String(contentsOfFile: path("models/latest"), encoding: .utf8)) ?? ""
        return path("models/" + name.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: false, encoding: .utf8)
    }

    func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: orders))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Rewrites the JSON header of a model file (as a version 1 file without header checksum,
    /// so that the checks behind it are reached), keeping the tensors.
    func rewriteModelHeader(
        at file: String? = nil, _ change: (inout [String: Any], inout [String: String]) -> Void
    ) throws {
        let url = URL(fileURLWithPath: file ?? model)
        let bytes = try Data(contentsOf: url)
        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8 ..< 8 + n)) as? [String: Any])
        var meta = try #require(header["__metadata__"] as? [String: String])
        meta["header_checksum"] = nil
        meta["format_version"] = "1"
        change(&header, &meta)
        header["__metadata__"] = meta
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(bytes.subdata(in: 8 + n ..< bytes.count))
        try out.write(to: url)
    }

    /// Changes the byte right after `marker` in the model's header (to `to`, or flips a bit).
    func flipHeaderByte(after marker: String, to: UInt8? = nil) throws {
        let url = URL(fileURLWithPath: model)
        var bytes = try Data(contentsOf: url)
        let range = try #require(bytes.range(of: Data(marker.utf8)))
        bytes[range.upperBound] = to ?? (bytes[range.upperBound] ^ 0x01)
        try bytes.write(to: url)
    }
}

/// What a directory holds, recursively (hidden files included): path → type, mode and content.
func snapshot(_ dir: String) -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    guard let names = try? fm.subpathsOfDirectory(atPath: dir) else { return out }
    for name in names {
        let path = dir + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        var entry = "mode \(String(info.st_mode, radix: 8)) size \(info.st_size)"
        if (info.st_mode & S_IFMT) == S_IFREG, let data = fm.contents(atPath: path) {
            entry += " hash \(data.hashValue)"
        }
        out[name] = entry
    }
    return out
}
