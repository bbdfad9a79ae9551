import Foundation
@testable import Whitespot

// libFuzzer target: the model loader on fuzzed bytes. Each input is loaded as it is (whole
// file and header-only summary, as `WhitespotModel.load(from:)` and `summary(of:)` do), and —
// when its safetensors header parses — once more with both checksums recomputed, so that
// mutations get past the checksums into the checks of vocabularies, factors, segments and
// penetration. A model that loads must survive a save and load unchanged.
// With WHITESPOT_FUZZ_WRITE_SEEDS=DIR the binary writes its seed models into DIR and exits.

/// Loads `file` like ``WhitespotModel/load(from:)`` and ``WhitespotModel/summary(of:)`` do,
/// minus the file system; returns the model when it loads.
func load(_ file: Data) -> WhitespotModel? {
    if let length = try? Safetensors.headerLength(file.prefix(9), fileSize: file.count), length <= file.count {
        _ = try? ModelFileReader(file: file.prefix(length), fileSize: file.count).summary()
    }
    return try? ModelFileReader(file: file, fileSize: file.count).model()
}

/// `file` with its data checksum and header checksum recomputed, or nil when its header does
/// not parse.
func resealed(_ file: Data) -> Data? {
    guard let header = try? Safetensors.decodeHeader(file, fileSize: file.count),
          var json = (try? JSONSerialization.jsonObject(with: file.subdata(in: 8 ..< header.length))) as? [String: Any]
    else { return nil }
    let section = file.subdata(in: header.length ..< file.count)
    var checksum = FNV1a64()
    section.withUnsafeBytes { checksum.update($0) }
    var metadata = header.metadata
    metadata["checksum"] = "fnv1a64:" + checksum.hex
    let key = WhitespotModel.headerChecksumKey
    metadata[key] = "fnv1a64:" + Safetensors.headerHash(metadata: metadata, entries: header.entries, excluding: key).hex
    json["__metadata__"] = metadata
    guard var text = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) else { return nil }
    text.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8))
    var out = Data()
    withUnsafeBytes(of: UInt64(text.count).littleEndian) { out.append(contentsOf: $0) }
    return out + text + section
}

/// Small valid models: two segments with names and a tuned blend, a one-by-one model, and one
/// with a product nobody bought and an empty segment.
func seedModels() -> [(String, WhitespotModel)] {
    var parameters = TrainingParameters()
    parameters.factors = 2
    let created = Date(timeIntervalSinceReferenceDate: 800_000_000)
    let two = WhitespotModel(
        customers: Vocabulary(["C1", "C2", "C3"]), products: Vocabulary(["P1", "P2", "P3", "P4"]), factors: 2,
        customerFactors: [0.5, -1, 0.25, 2, -0.75, 0.125],
        productFactors: [1, 0, 0.5, 0.5, -1, 0.25, 0, 3],
        productNames: ["Blue mug", nil, "Tea, green", "Ünïcode"],
        segments: CustomerSegments(names: Vocabulary(["Corporate", "Consumer"]), ofCustomer: [0, 1, 0]),
        segmentSource: .column,
        penetration: SegmentPenetration(segmentCount: 2, productCount: 4, segmentSize: [2, 1], buyers: [2, 1, 0, 1, 0, 1, 1, 0]),
        parameters: parameters, blend: 0.7, dataFingerprint: "0123456789abcdef", dataDescription: "seed", createdAt: created)
    parameters.factors = 1
    let one = WhitespotModel(
        customers: Vocabulary(["only"]), products: Vocabulary(["thing"]), factors: 1,
        customerFactors: [1], productFactors: [-2],
        segments: CustomerSegments(names: Vocabulary(["all"]), ofCustomer: [0]), segmentSource: .rfm,
        penetration: SegmentPenetration(segmentCount: 1, productCount: 1, segmentSize: [1], buyers: [1]),
        parameters: parameters, dataFingerprint: "f", createdAt: created)
    let sparse = WhitespotModel(
        customers: Vocabulary(["a", "b"]), products: Vocabulary(["x", "y", "z"]), factors: 1,
        customerFactors: [0.5, 1.5], productFactors: [1, 2, 0],
        segments: CustomerSegments(names: Vocabulary(["s", "empty"]), ofCustomer: [0, 0]), segmentSource: .column,
        penetration: SegmentPenetration(segmentCount: 2, productCount: 3, segmentSize: [2, 0], buyers: [1, 2, 0, 0, 0, 0]),
        parameters: parameters, blend: 0, dataFingerprint: "e", createdAt: created)
    return [("two-segments", two), ("one-by-one", one), ("sparse", sparse)]
}

@_cdecl("LLVMFuzzerInitialize")
public func initializeModelFuzzer(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["WHITESPOT_FUZZ_WRITE_SEEDS"] else { return 0 }
    do {
        for (name, model) in seedModels() {
            let contents = try model.fileContents()
            // A seed that does not load is a broken harness, not a finding.
            guard load(contents) == model, let sealed = resealed(contents), load(sealed) == model else {
                fatalError("seed model \(name) does not load back, as it is or resealed")
            }
            try contents.write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).safetensors"))
        }
    } catch {
        fatalError("cannot write the seed models: \(error)")
    }
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = Data(bytes: data, count: size)
    for candidate in [file, resealed(file)] {
        guard let candidate, let model = load(candidate) else { continue }
        // Whatever loads must save and load back unchanged.
        guard let again = try? model.fileContents(), load(again) == model else {
            fatalError("a model that loads does not survive a save and load")
        }
    }
    return 0
}
