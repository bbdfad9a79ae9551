import Foundation
import TestSupport
import Testing

/// The library's dependency direction (README, "Layout"): a folder may use the types of its own
/// folder and of folders earlier in the flow, never of a folder later in it. The folders beside
/// the flow may use the whole flow but not each other, and the flow never uses them.
enum LibraryLayers {
    /// The flow, earliest first.
    static let flow = ["Support", "Ingest", "Purchases", "Factorization", "ItemItem", "Model", "Scoring", "Evaluation", "Job"]
    /// The folders beside the flow.
    static let beside = ["Basket", "Profile", "Synthetic", "Database"]

    /// Whether code in folder `user` may use a type declared in folder `owner`.
    static func allows(_ user: String, toUse owner: String) -> Bool {
        if user == owner { return true }
        guard let o = flow.firstIndex(of: owner) else { return false }
        if let u = flow.firstIndex(of: user) { return o <= u }
        return beside.contains(user)
    }

    /// Sources/Whitespot of this checkout.
    static let sources = packageRoot.appendingPathComponent("Sources/Whitespot")

    /// One Swift file: its top folder under Sources/Whitespot, path and code lines.
    struct SourceFile {
        var folder: String
        var path: String
        var lines: [Substring]
    }

    /// Every Swift file of the library.
    static func files() throws -> [SourceFile] {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        return try paths.sorted().map { path in
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            let folder = path.split(separator: "/").count > 1 ? String(path.split(separator: "/")[0]) : ""
            return SourceFile(folder: folder, path: path, lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        }
    }

    /// A line without its string literals' contents and its `//` comment.
    static func code(_ line: Substring) -> String {
        var out = "", inString = false, escaped = false
        var previous: Character = " "
        for c in line {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false; out.append(c) }
                continue
            }
            if c == "/" && previous == "/" { out.removeLast(); break }
            if c == "\"" { inString = true }
            out.append(c)
            previous = c
        }
        return out
    }

    /// The capitalised identifiers of a code line.
    static func typeNames(in code: String) -> Set<Substring> {
        var names = Set<Substring>()
        var start: String.Index?
        for i in code.indices {
            let c = code[i]
            if c.isLetter || c.isNumber || c == "_" {
                if start == nil { start = i }
            } else if let s = start {
                if code[s].isUppercase { names.insert(code[s..<i]) }
                start = nil
            }
        }
        if let s = start, code[s].isUppercase { names.insert(code[s...]) }
        return names
    }

    /// The name a line declares at the top level (struct, class, enum, protocol, actor, typealias).
    static func declaredType(_ line: Substring) -> Substring? {
        let modifiers: Set<Substring> = ["public", "internal", "fileprivate", "private", "final", "indirect", "package"]
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
        guard let first = line.first, !first.isWhitespace else { return nil }  // nested types are reached through their parent
        let words = line.split(separator: " ")
        var i = 0
        while i < words.count, modifiers.contains(words[i]) || words[i].hasPrefix("@") { i += 1 }
        guard i + 1 < words.count, kinds.contains(words[i]) else { return nil }
        return words[i + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Every use of a type from a folder the user may not reach, as "path:line: …".
    static func violations(in files: [SourceFile]) -> [String] {
        var owner: [Substring: String] = [:]
        for file in files {
            for line in file.lines { if let name = declaredType(line) { owner[name] = file.folder } }
        }
        var found: [String] = []
        for file in files {
            for (n, line) in file.lines.enumerated() {
                for name in typeNames(in: code(line)).sorted() {
                    if let o = owner[name], !allows(file.folder, toUse: o) {
                        found.append("Sources/Whitespot/\(file.path):\(n + 1): \(file.folder) uses \(name) from \(o)")
                    }
                }
            }
        }
        return found
    }
}

@Suite("Dependency direction of the library's folders")
struct LayerDirectionTests {
    @Test("no folder uses a type declared later in the flow or beside it")
    func oneWay() throws {
        let files = try LibraryLayers.files()
        #expect(files.count > 100, "the library's sources were not found at \(LibraryLayers.sources.path)")
        let folders = Set(files.map(\.folder))
        #expect(folders == Set(LibraryLayers.flow + LibraryLayers.beside), "a folder is missing from the layer list")
        let violations = LibraryLayers.violations(in: files)
        #expect(violations.isEmpty, "\(violations.count) uses against the flow:\n\(violations.joined(separator: "\n"))")
    }

    @Test("the check finds a later type, ignores comments and strings, and allows the flow")
    func detectsBackwardUse() {
        let files = [
            LibraryLayers.SourceFile(folder: "Scoring", path: "Scoring/A.swift", lines: [
                "public struct Scorer {", "    enum CodingKeys: String, CodingKey { case a }", "}",
            ]),
            LibraryLayers.SourceFile(folder: "Purchases", path: "Purchases/B.swift", lines: [
                "public struct Matrix { var s: Scorer? }",
                "// ``Scorer`` is allowed in a comment",
                "let name = \"Scorer\"",
                "enum CodingKeys: String, CodingKey { case b }",
            ]),
            LibraryLayers.SourceFile(folder: "Evaluation", path: "Evaluation/C.swift", lines: ["let m: Matrix? = nil; let s: Scorer? = nil"]),
            LibraryLayers.SourceFile(folder: "Basket", path: "Basket/D.swift", lines: ["public enum Rule { case a(Matrix) }"]),
            LibraryLayers.SourceFile(folder: "Profile", path: "Profile/E.swift", lines: ["let r: Rule? = nil"]),
        ]
        #expect(LibraryLayers.violations(in: files) == [
            "Sources/Whitespot/Purchases/B.swift:1: Purchases uses Scorer from Scoring",
            "Sources/Whitespot/Profile/E.swift:1: Profile uses Rule from Basket",
        ])
    }
}
