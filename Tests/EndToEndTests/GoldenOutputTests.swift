import Foundation
import Testing
import TestSupport

/// Golden outputs: fixed commands on fixed data write exactly the bytes recorded here, so that a
/// change meant to keep behaviour (a refactoring, a speed-up) is checked byte for byte by the
/// tests themselves, as `scripts/compare-outputs.sh` checks it against another binary.
///
/// Floating point depends on OpenBLAS's kernels and thread count, so every command runs with
/// `OPENBLAS_CORETYPE=Prescott` (the generic SSE3 kernels every x86-64 CPU runs, which also
/// stops `whitespot` from restarting itself with faster ones) and an explicit `--threads 2`.
/// The values were recorded with Debian 12's OpenBLAS 0.3.21; the tests run only on x86-64.
///
/// **When an output change is intended**, run
/// `swift test --skip-build --filter GoldenOutputTests`: each failure names the output that
/// changed, and the last one prints the whole table of actual values as Swift source to paste
/// over ``GoldenOutputTests/generatedDigests`` (or ``GoldenOutputTests/groceriesDigests``). Check
/// the new outputs by hand first, and say in the commit message which outputs change and why:
/// an updated digest is a behaviour change, never a refactoring.
@Suite("golden outputs: fixed commands write the recorded bytes", .enabled(if: PrescottKernels.available, "Prescott kernels are x86-64 only"))
struct GoldenOutputTests {
    /// SHA-256 of each output on the generated dataset (see ``generatedDataset()``).
    static let generatedDigests: [String: String] = [
        "basket": "5afe18f7a6f495f4022640654cac7fe45926b069f130054f4039bb679a0f411a",
        "evaluate --json": "162698a55914ba8e04792c5dc57ed7dcfe0e6a5e713f9a1ddf3ef235db383c3f",
        "generate": "1e8dd265ff5055838b88316221213a930a6bf3a3f77dd3b2c22f59c2bfba11d5",
        "score": "dc40e417d4a5e05ded1bafcecf012d982cff40535a6e93503da34226bc330c5b",
        "score --ranking-only": "39ab3d9219b8a548940fb445ad70ca12c0ae92a00b87b8d727da07d1fe115d5f",
        "train (tensors)": "f0fe3876766a5f4cecee0e6b1b90f73422480c705aa954692c74cc964391e5b9",
    ]

    /// SHA-256 of each output on the shared Groceries export (see ``groceries()``).
    static let groceriesDigests: [String: String] = [
        "score --ranking-only": "216a911de8641585b5590325c17f95f5ef346d73df0db5db2986c3b4eac47e2d",
        "similar --json": "ed5055668ab85bfcb7d0b9ef5b984f9edc900934fbb76c32aa4c6a75871d9b5c",
        "train (tensors)": "b4ba590965d06a17a97f3c1baeb732971eb8349574382c202da536183ea8b546",
    ]

    /// `similar` on the generated dataset's model, in full.
    static let generatedSimilar = """
           #  product  cosine
           1  P31       0.980
           2  P61       0.972
           3  P46       0.934
           4  P27       0.854
           5  P69       0.826
        """

    /// A fresh directory for one test's files.
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the binary with the fixed kernels; returns standard output (the command must succeed).
    func run(_ arguments: [String]) throws -> String {
        let r = try WhitespotBinary.run(arguments, environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.err)")
        return r.out
    }

    /// The digest of a file's bytes.
    func digest(_ file: URL) throws -> String { SHA256.hex([UInt8](try Data(contentsOf: file))) }

    /// The digest of a model file's tensors: the bytes after the safetensors header (whose JSON
    /// holds the creation time).
    func tensorDigest(_ file: URL) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: file))
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        return SHA256.hex(Array(bytes.dropFirst(8 + headerLength)))
    }

    /// Expects `actual` to equal `expected`, output by output; on any difference, prints the
    /// actual table as Swift source.
    func check(_ actual: [String: String], against expected: [String: String], named name: String) {
        for (output, value) in actual.sorted(by: { $0.key < $1.key }) {
            #expect(value == expected[output], "\(output) differs from the recorded output")
        }
        #expect(Set(actual.keys) == Set(expected.keys))
        if actual != expected {
            let rows = actual.sorted { $0.key < $1.key }.map { "        \"\($0.key)\": \"\($0.value)\"," }
            Issue.record("actual values, to paste over \(name) if the change is intended:\n[\n\(rows.joined(separator: "\n"))\n]")
        }
    }

    @Test("a generated dataset: generate, train, score (default job and ranking-only), evaluate, similar, basket")
    func generatedDataset() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let orders = dir.appendingPathComponent("orders.csv"), model = dir.appendingPathComponent("model.safetensors")
        let scores = dir.appendingPathComponent("scores.csv"), ranking = dir.appendingPathComponent("ranking.csv")
        _ = try run(["generate", "--customers", "400", "--products", "80", "--lines", "8000", "--seed", "13", "--out", orders.path])
        _ = try run(["train", orders.path, "--model", model.path, "--factors", "8", "--iterations", "5", "--threads", "2"])
        _ = try run(["score", orders.path, "--model", model.path, "--top", "5", "--threads", "2", "--out", scores.path])
        _ = try run(["score", orders.path, "--model", model.path, "--ranking-only", "--top", "10", "--threads", "2",
                     "--out", ranking.path])
        let evaluation = try run(["evaluate", orders.path, "--cutoff", "2024-07-01", "--factors", "8", "--iterations", "5",
                                  "--threads", "2", "--json"])
        let rules = try run(["basket", orders.path, "--min-support", "0.005", "--top", "10"])
        let similar = try run(["similar", "--model", model.path, "P35", "--top", "5"])
        check([
            "generate": try digest(orders),
            "train (tensors)": try tensorDigest(model),
            "score": try digest(scores),
            "score --ranking-only": try digest(ranking),
            // The JSON names the order file: as the recorded run named it.
            "evaluate --json": SHA256.hex(Array(evaluation.replacingOccurrences(of: orders.path, with: "orders.csv").utf8)),
            "basket": SHA256.hex(Array(rules.utf8)),
        ], against: Self.generatedDigests, named: "generatedDigests")
        #expect(similar == Self.generatedSimilar + "\n")
    }

    @Test("the shared Groceries export: train, score ranking-only, similar",
          .enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceries() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors"), ranking = dir.appendingPathComponent("ranking.csv")
        _ = try run(["train", Groceries.file] + Groceries.mapping + ["--model", model.path, "--factors", "16", "--iterations", "4",
                                                                    "--threads", "2"])
        _ = try run(["score", Groceries.file] + Groceries.mapping + ["--model", model.path, "--ranking-only", "--top", "10",
                                                                    "--threads", "2", "--out", ranking.path])
        let similar = try run(["similar", "--model", model.path, "whole milk", "--top", "10", "--json"])
        check([
            "train (tensors)": try tensorDigest(model),
            "score --ranking-only": try digest(ranking),
            "similar --json": SHA256.hex(Array(similar.utf8)),
        ], against: Self.groceriesDigests, named: "groceriesDigests")
    }
}

/// OpenBLAS's generic x86-64 kernels, which the golden outputs are recorded with.
enum PrescottKernels {
    /// Whether this machine can run them (an x86-64 build).
    static var available: Bool {
        #if arch(x86_64)
        true
        #else
        false
        #endif
    }
}

@Suite("SHA-256 of the golden-output test")
struct SHA256Tests {
    @Test("digests equal FIPS 180-4's examples and sha256sum's, across block boundaries")
    func knownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // 56 bytes: the length no longer fits the first block.
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "x"), count: 200))
            == "aa20c23e3201834050679e1d88941b9a6fed0557c9a705cb2c315e2e63fd486d")
    }
}
