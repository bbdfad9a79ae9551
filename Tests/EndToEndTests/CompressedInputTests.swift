import Foundation
import Testing
import TestSupport
import Whitespot

/// `.csv.gz` order files read directly: the same recommendations as the plain file, and clear
/// errors for truncated or damaged archives.
@Suite(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct CompressedInputTests {
    /// `gzip -c` of `source` into `target` (the system's gzip, as users make their files).
    func gzip(_ source: String, to target: URL, extraArguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c \(extraArguments.joined(separator: " ")) \"$0\" > \"$1\"", source, target.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func gzippedOrdersScoreExactlyLikeThePlainFile() throws {
        let dir = try scratchDirectory("gzip-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = WhitespotBinary.root.appendingPathComponent(Superstore.file).path
        let packed = dir.appendingPathComponent("superstore.csv.gz")
        try gzip(plain, to: packed, extraArguments: ["-9"])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: packed.path)[.size] as? Int)
        #expect(size < 1_000_000)  // compressed: the file is 2.3 MB
        let model = try DatabaseFixtures.model.get()
        let fromPlain = try WhitespotBinary.run(["score", plain, "--model", model] + Superstore.mapping)
        let fromPacked = try WhitespotBinary.run(["score", packed.path, "--model", model] + Superstore.mapping)
        #expect(fromPlain.status == 0 && fromPacked.status == 0, "\(fromPacked.err)")
        #expect(fromPlain.out.count > 10_000 && fromPacked.out == fromPlain.out)
        // Standard input too, and two members one after the other (as `cat a.gz b.gz` makes).
        let piped = try WhitespotBinary.run(["inspect", "-"] + Superstore.mapping, stdin: packed.path)
        #expect(piped.status == 0 && piped.out.contains("9,994 lines read, 9,994 kept"), "\(piped.err)")
        let twice = dir.appendingPathComponent("twice.csv.gz")
        let bytes = try Data(contentsOf: packed)
        try (bytes + bytes).write(to: twice)
        let concatenated = try WhitespotBinary.run(["inspect", twice.path] + Superstore.mapping)
        #expect(concatenated.status != 0 && concatenated.err.contains("twice.csv.gz:9996:"), "\(concatenated.err)")

        let truncated = dir.appendingPathComponent("truncated.csv.gz")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let cut = try WhitespotBinary.run(["inspect", truncated.path] + Superstore.mapping)
        #expect(cut.status != 0 && cut.err.contains("truncated.csv.gz:1:1: is gzip-compressed but ends early"), "\(cut.err)")
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0xFF
        damaged[damaged.count / 2 + 1] ^= 0xFF
        let bad = dir.appendingPathComponent("damaged.csv.gz")
        try damaged.write(to: bad)
        let broken = try WhitespotBinary.run(["inspect", bad.path] + Superstore.mapping)
        #expect(broken.status != 0 && broken.err.contains("damaged.csv.gz:1:1: is gzip-compressed but damaged"), "\(broken.err)")
    }
}
