import Foundation
import Testing
@testable import Whitespot

@Suite("Model file and registry")
struct ModelFileTests {
    /// A small trained model with every optional part filled in.
    static func model() throws -> WhitespotModel {
        var lines = syntheticLines()
        lines.catalog.resize(to: lines.products.count)
        lines.catalog.name[3] = "Paper, A4 \"premium\""
        var p = smallParameters()
        p.halfLifeDays = 90
        var m = try ALSTrainer.train(lines: lines, segmentSource: .columnAndRFM, parameters: p, dataDescription: "synthetic")
        m.blend = 0.35
        return m
    }

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("save then load round-trips bit-exactly")
    func roundTrip() throws {
        let dir = try temporaryDirectory()
        let model = try Self.model()
        let path = dir + "/model.safetensors"
        try model.save(to: path)
        let loaded = try WhitespotModel.load(from: path)
        #expect(loaded == model)
        #expect(loaded.productNames[3] == "Paper, A4 \"premium\"" && loaded.blend == 0.35)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.safetensors"])
        let summary = try WhitespotModel.summary(of: path)
        #expect(summary.customers == model.customers.count && summary.factors == 8)
        #expect(summary.parameters == model.parameters && summary.createdAt == model.createdAt)
    }

    @Test("the file is a safetensors container with the documented header")
    func layout() throws {
        let bytes = try Self.model().fileContents()
        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8 ..< 8 + n)) as? [String: Any])
        let meta = try #require(header["__metadata__"] as? [String: String])
        #expect(meta["format"] == "whitespot-model" && meta["format_version"] == "2")
        let factors = try #require(header["customer_factors"] as? [String: Any])
        #expect(factors["dtype"] as? String == "F32" && factors["shape"] as? [Int] == [80, 8])
    }

    func expectRejected(_ bytes: Data, saying problem: String) throws {
        let path = try temporaryDirectory() + "/model.safetensors"
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try WhitespotModel.load(from: path)
            Issue.record("loaded a bad file")
        } catch let e as ModelFileError {
            #expect(e.description.hasPrefix(path + ": "))
            #expect(e.problem.contains(problem), "\(e.problem)")
        }
    }

    @Test("a flipped byte in the tensors is reported as damage")
    func damaged() throws {
        var bytes = try Self.model().fileContents()
        bytes[bytes.count - 2000] ^= 0x10
        try expectRejected(bytes, saying: "checksum mismatch, file is damaged")
    }

    @Test("a factor that is not finite is rejected, naming tensor, row and id (it would poison every score)")
    func nonFiniteFactor() throws {
        var model = try Self.model()
        model.productFactors[3 * model.factors + 5] = .nan
        try expectRejected(try model.fileContents(),
                           saying: "tensor product_factors holds nan in row 3 (\(model.products[3])), column 5")
        model = try Self.model()
        model.customerFactors[0] = -.infinity
        try expectRejected(try model.fileContents(), saying: "tensor customer_factors holds -inf in row 0")
    }

    @Test("truncated files are rejected", arguments: [0.5, 0.999])
    func truncated(keep: Double) throws {
        let bytes = try Self.model().fileContents()
        try expectRejected(bytes.prefix(Int(Double(bytes.count) * keep)), saying: "truncated")
    }

    @Test("other files are not taken for models")
    func wrongMagic() throws {
        try expectRejected(Data("customer_id,order_date,product_id\nA,2024-01-01,P\n".utf8), saying: "not a model file")
        try expectRejected(Data([1, 2, 3]), saying: "not a model file")
        let foreign = try Safetensors.encode(tensors: [], metadata: ["format": "pt"])
        try expectRejected(foreign, saying: "not a Whitespot model")
    }

    @Test("a newer format version asks for an upgrade")
    func newerVersion() throws {
        var bytes = try Self.model().fileContents()
        let range = try #require(bytes.range(of: Data("\"format_version\":\"2\"".utf8)))
        bytes[range.upperBound - 2] = UInt8(ascii: "9")
        try expectRejected(bytes, saying: "format version 9 is newer")
    }

    @Test("a missing file names the path")
    func missing() {
        #expect(throws: ModelFileError.self) { try WhitespotModel.load(from: "/nonexistent/model.safetensors") }
    }

    @Test("saving into a missing or read-only directory fails and leaves nothing behind")
    func atomicFailure() throws {
        let dir = try temporaryDirectory()
        #expect(throws: AtomicFileWriter.WriteError.self) { try Self.model().save(to: dir + "/no/such/model.safetensors") }
        let readOnly = dir + "/ro"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o500])
        if getuid() != 0 {
            #expect(throws: AtomicFileWriter.WriteError.self) { try Self.model().save(to: readOnly + "/model.safetensors") }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: readOnly).isEmpty)
    }

    @Test("the registry writes timestamped files and moves latest")
    func registry() throws {
        let dir = try temporaryDirectory() + "/models"
        let registry = ModelRegistry(directory: dir)
        #expect(throws: ModelFileError.self) { try registry.latestPath() }
        let model = try Self.model()
        let first = try registry.save(model)
        var second = model
        second.blend = nil
        let path = try registry.save(second)
        #expect(path != first && path.hasSuffix("-2.safetensors"))
        #expect(try registry.latestPath() == path)
        #expect(try WhitespotModel.load(from: registry.latestPath()) == second)
        let entries = try registry.entries()
        #expect(entries.map(\.isLatest) == [true, false])
        #expect(try entries[1].summary.get().blend == 0.35)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted().count == 3)
    }
}
