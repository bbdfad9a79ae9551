import Foundation
import Whitespot

/// Checks that every tagged number of a report page equals the number the JSON holds.
enum ReportCheck {
    /// One tagged element of the page.
    struct Tag {
        var element: String
        var pointer: String
        var value: String
        var format: String
        var text: String
    }

    /// The tagged elements of an HTML document (as written, or as Chromium's `--dump-dom` prints it).
    static func tags(in html: String) throws -> [Tag] {
        let regex = try NSRegularExpression(
            pattern: #"<(\w+)[^>]*?data-json="([^"]*)"[^>]*?data-value="([^"]*)"[^>]*?data-format="([^"]*)"[^>]*>([^<]*)"#)
        let ns = html as NSString
        return regex.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
            Tag(element: ns.substring(with: m.range(at: 1)), pointer: unescape(ns.substring(with: m.range(at: 2))),
                value: ns.substring(with: m.range(at: 3)), format: ns.substring(with: m.range(at: 4)),
                text: unescape(ns.substring(with: m.range(at: 5))))
        }
    }

    /// A parsed JSON document (decoded with `JSONDecoder`, whose numbers round-trip exactly).
    enum JSONValue: Decodable {
        case number(Double), text(String), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let x = try? c.decode(Double.self) { self = .number(x) }
            else if let s = try? c.decode(String.self) { self = .text(s) }
            else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSONValue].self)) }
        }

        /// The value at a JSON pointer (RFC 6901), or nil.
        func resolve(_ pointer: String) -> JSONValue? {
            var node = self
            for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
                let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                switch node {
                case .object(let o): guard let next = o[token] else { return nil }; node = next
                case .array(let a): guard let i = Int(token), a.indices.contains(i) else { return nil }; node = a[i]
                default: return nil
                }
            }
            return node
        }
    }

    /// Problems found: tags whose pointer is missing in the JSON, whose value differs from the
    /// JSON's, or whose text is not the value in its format. Empty when the page agrees.
    static func mismatches(html: String, json: Data) throws -> (checked: Int, problems: [String]) {
        let root = try JSONDecoder().decode(JSONValue.self, from: json)
        let tags = try tags(in: html)
        var problems: [String] = []
        for tag in tags {
            guard case .number(let number) = root.resolve(tag.pointer) else {
                problems.append("\(tag.pointer): not a number in the JSON"); continue
            }
            guard let shown = Double(tag.value), shown == number else {
                problems.append("\(tag.pointer): page has \(tag.value), JSON has \(number)"); continue
            }
            guard let format = ReportNumber(rawValue: tag.format) else {
                problems.append("\(tag.pointer): unknown format \(tag.format)"); continue
            }
            // Chart points carry their number in a tooltip, not as text.
            if tag.element != "circle" && tag.text != format.text(number) {
                problems.append("\(tag.pointer): shows '\(tag.text)', expected '\(format.text(number))'")
            }
        }
        return (tags.count, problems)
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Headless Chromium, when installed (Debian package `chromium`).
enum Chromium {
    /// The browser executable, or nil when none is installed.
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the browser headless on `file` with extra arguments; returns standard output.
    ///
    /// Each run gets a profile directory of its own: tests run in parallel, and a second
    /// browser on a profile in use hands its work to the first and exits without output.
    static func run(_ arguments: [String], file: URL) throws -> String {
        guard let executable else { return "" }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)"]
            + arguments + [file.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
