import Foundation

/// What a model file says about itself, read from its header alone.
public struct ModelSummary: Sendable, Equatable, Codable {
    /// Model file format version.
    public var formatVersion: Int
    /// Number of customers, products and segments.
    public var customers: Int, products: Int, segments: Int
    /// Embedding dimension.
    public var factors: Int
    /// Training hyper-parameters.
    public var parameters: TrainingParameters
    /// How segments were formed.
    public var segmentSource: SegmentSource
    /// Tuned blend weight, if any.
    public var blend: Double?
    /// Which affinity the model scores with.
    public var family: ModelFamily
    /// The item–item model's hyper-parameters (nil for ALS).
    public var ease: EASEParameters?
    /// The ensemble's weight of the ALS scores (nil unless the family is ``ModelFamily/ensemble``).
    public var ensembleWeight: Double?
    /// The trailing window in days of the penetration term (nil: every purchase).
    public var penetrationWindowDays: Int?
    /// Fingerprint of the training data.
    public var dataFingerprint: String
    /// Description of the training data.
    public var dataDescription: String
    /// When the model was trained.
    public var createdAt: Date
    /// Size of the file in bytes.
    public var fileSize: Int
}

/// Reads a model file's container and metadata, and on request the whole model.
struct ModelFileReader {
    let contents: Safetensors.Contents
    /// Size of the whole file in bytes.
    let fileSize: Int

    /// The container format a reader expects: the `format` metadata, the newest
    /// `format_version` understood, and what the file is called in messages.
    struct Format {
        let name: String, latestVersion: Int, kind: String, title: String
        /// A Whitespot model file.
        static let model = Format(
            name: WhitespotModel.fileFormat, latestVersion: WhitespotModel.fileFormatVersion,
            kind: "model file", title: "Whitespot model")
    }

    /// Reads `path` (only its header unless `whole`) and runs `body` on its reader; every
    /// problem becomes a ``ModelFileError`` naming the path. The file must be a regular file;
    /// it is read, not mapped, so one truncated meanwhile is an error, not a crash.
    static func reading<R>(
        _ path: String, format: Format = .model, whole: Bool = true, _ body: (ModelFileReader) throws -> R
    ) throws -> R {
        do {
            let file = try ReadableFile(path: path, kind: format.kind)
            let bytes: Data
            if whole {
                bytes = try file.readAll()
            } else {
                let length = try Safetensors.headerLength(try file.read(count: min(file.size, 9), at: 0), fileSize: file.size)
                bytes = try file.read(count: length, at: 0)
            }
            return try body(try ModelFileReader(file: bytes, fileSize: file.size, format: format))
        } catch let p as Safetensors.Problem {
            throw ModelFileError(path: path, problem: p.message)
        } catch let p as ReadableFile.Problem {
            throw ModelFileError(path: path, problem: p.message)
        }
    }

    /// Parses the container (`file` holds at least its header) and checks format, version and
    /// the header checksum.
    init(file: Data, fileSize: Int, format: Format = .model) throws {
        let header = try Safetensors.decodeHeader(file, fileSize: fileSize)
        contents = Safetensors.Contents(
            entries: header.entries, metadata: header.metadata,
            data: file.count == fileSize ? file[(file.startIndex + header.length)...] : Data())
        self.fileSize = fileSize
        guard contents.metadata["format"] == format.name else {
            throw Safetensors.Problem(message: "not a \(format.title) (safetensors without format \"\(format.name)\")")
        }
        guard let v = contents.metadata["format_version"].flatMap(Int.init), v >= 1 else {
            throw Safetensors.Problem(message: "missing or malformed format_version")
        }
        guard v <= format.latestVersion else {
            throw Safetensors.Problem(
                message: "format version \(v) is newer than this whitespot reads (\(format.latestVersion)); upgrade whitespot")
        }
        // Version 1 had no header checksum; from version 2 on it is required, and wherever it is
        // present it is checked (a flipped version digit cannot switch the check off).
        let key = WhitespotModel.headerChecksumKey
        if let stored = contents.metadata[key] {
            let h = Safetensors.headerHash(metadata: contents.metadata, entries: contents.entries, excluding: key)
            guard stored == "fnv1a64:" + h.hex else { throw Safetensors.Problem(message: "header checksum mismatch, file is damaged") }
        } else if v >= 2 {
            throw Safetensors.Problem(message: "missing metadata \(key), file is damaged")
        }
    }

    func metadata(_ key: String) throws -> String {
        guard let v = contents.metadata[key] else { throw Safetensors.Problem(message: "missing metadata \(key)") }
        return v
    }

    func entry(_ name: String, _ dtype: Safetensors.DType, rank: Int) throws -> Safetensors.Entry {
        guard let e = contents.entries[name] else { throw Safetensors.Problem(message: "missing tensor \(name)") }
        guard e.dtype == dtype, e.shape.count == rank else {
            throw Safetensors.Problem(message: "tensor \(name) is \(e.dtype.rawValue) \(e.shape), expected \(dtype.rawValue) of rank \(rank)")
        }
        return e
    }

    func array<T>(_ name: String, _ dtype: Safetensors.DType, shape: [Int], as: T.Type) throws -> [T] {
        let e = try entry(name, dtype, rank: shape.count)
        guard e.shape == shape else {
            throw Safetensors.Problem(message: "tensor \(name) has shape \(e.shape), expected \(shape)")
        }
        let bytes = contents.bytes(of: e)
        let count = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }

    /// A factor tensor of one row per id in `rows`; every value must be finite (a NaN or an
    /// infinity would poison every score computed with it).
    func factorMatrix(_ name: String, rows: Vocabulary, k: Int) throws -> [Float] {
        let values = try array(name, .f32, shape: [rows.count, k], as: Float.self)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw Safetensors.Problem(
                message: "tensor \(name) holds \(values[bad]) in row \(bad / k) (\(rows[bad / k])), column \(bad % k)")
        }
        return values
    }

    func strings(_ name: String) throws -> [String?] {
        let bytes = contents.bytes(of: try entry(name, .u8, rank: 1))
        guard let list = (try? JSONSerialization.jsonObject(with: bytes)) as? [Any] else {
            throw Safetensors.Problem(message: "tensor \(name) is not a JSON array of strings")
        }
        return try list.map {
            if $0 is NSNull { return nil }
            guard let s = $0 as? String else { throw Safetensors.Problem(message: "tensor \(name) holds a non-string") }
            return s
        }
    }

    func vocabulary(_ name: String) throws -> Vocabulary {
        let ids = try strings(name)
        let strings = ids.compactMap { $0 }
        let vocabulary = Vocabulary(strings)
        guard strings.count == ids.count, vocabulary.count == ids.count else {
            throw Safetensors.Problem(message: "tensor \(name) holds missing or repeated ids")
        }
        return vocabulary
    }

    func parameters() throws -> TrainingParameters {
        guard let p = try? JSONDecoder().decode(TrainingParameters.self, from: Data(try metadata("parameters").utf8)) else {
            throw Safetensors.Problem(message: "malformed metadata parameters")
        }
        return p
    }

    /// The creation time; it must lie between 1970-01-01 and 9999-12-31 (UTC).
    func createdAt() throws -> Date {
        let raw = try metadata("created_at_since_2001")
        guard let t = Double(raw), t.isFinite else {
            throw Safetensors.Problem(message: "malformed metadata created_at_since_2001 (\(raw))")
        }
        let date = Date(timeIntervalSinceReferenceDate: t)
        guard (0 ... 253_402_300_799).contains(date.timeIntervalSince1970) else {
            throw Safetensors.Problem(message: "metadata created_at_since_2001 (\(raw)) is not a date between 1970 and 9999")
        }
        return date
    }

    func segmentSource() throws -> SegmentSource {
        let raw = try metadata("segment_source")
        guard let s = SegmentSource(rawValue: raw) else { throw Safetensors.Problem(message: "unknown segment_source \(raw)") }
        return s
    }

    func blend() throws -> Double? {
        guard let raw = contents.metadata["blend"] else { return nil }
        guard let b = Double(raw), (0 ... 1).contains(b) else { throw Safetensors.Problem(message: "malformed metadata blend \(raw)") }
        return b
    }

    /// The family; files without a `family` key are ALS models.
    func family() throws -> ModelFamily {
        guard let raw = contents.metadata["family"] else { return .als }
        guard let f = ModelFamily(rawValue: raw) else { throw Safetensors.Problem(message: "unknown family \(raw)") }
        return f
    }

    /// The item–item hyper-parameters, required exactly when the family uses B.
    func ease(family: ModelFamily) throws -> EASEParameters? {
        guard family.usesItemWeights else { return nil }
        guard let p = try? JSONDecoder().decode(EASEParameters.self, from: Data(try metadata("ease").utf8)) else {
            throw Safetensors.Problem(message: "malformed metadata ease")
        }
        return p
    }

    /// The ensemble weight, required exactly for an ensemble, in [0, 1].
    func ensembleWeight(family: ModelFamily) throws -> Double? {
        guard family == .ensemble else { return nil }
        let raw = try metadata("ensemble_weight")
        guard let v = Double(raw), (0 ... 1).contains(v) else {
            throw Safetensors.Problem(message: "malformed metadata ensemble_weight \(raw)")
        }
        return v
    }

    /// The penetration term's trailing window, absent for one counting every purchase; at least 1 day.
    func penetrationWindowDays() throws -> Int? {
        guard let raw = contents.metadata["penetration_window_days"] else { return nil }
        guard let d = Int(raw), d >= 1 else { throw Safetensors.Problem(message: "malformed metadata penetration_window_days \(raw)") }
        return d
    }

    /// The embedding dimension: at least 1 for ALS, 0 for a model without factors.
    func factors(family: ModelFamily) throws -> Int {
        guard let k = Int(try metadata("factors")), family.usesFactors ? k >= 1 : k == 0 else {
            throw Safetensors.Problem(message: "malformed metadata factors")
        }
        return k
    }

    /// The header's description of the model.
    func summary() throws -> ModelSummary {
        let family = try family()
        let k = try factors(family: family)
        let customers = try entry("customer_factors", .f32, rank: 2).shape[0]
        let products = try entry("product_factors", .f32, rank: 2).shape[0]
        let segments = try entry("segment_size", .i32, rank: 1).shape[0]
        return ModelSummary(
            formatVersion: Int(try metadata("format_version")) ?? 0, customers: customers, products: products,
            segments: segments, factors: k, parameters: try parameters(), segmentSource: try segmentSource(),
            blend: try blend(), family: family, ease: try ease(family: family),
            ensembleWeight: try ensembleWeight(family: family), penetrationWindowDays: try penetrationWindowDays(),
            dataFingerprint: try metadata("data_fingerprint"),
            dataDescription: try metadata("data_description"), createdAt: try createdAt(), fileSize: fileSize)
    }

    /// The whole model, after verifying the checksum and the consistency of every tensor.
    func model() throws -> WhitespotModel {
        var checksum = FNV1a64()
        contents.data.withUnsafeBytes { checksum.update($0) }
        guard try metadata("checksum") == "fnv1a64:" + checksum.hex else {
            throw Safetensors.Problem(message: "checksum mismatch, file is damaged")
        }
        let family = try family()
        let k = try factors(family: family)
        let customers = try vocabulary("customer_ids"), products = try vocabulary("product_ids")
        let segmentNames = try vocabulary("segment_names")
        let names = try strings("product_names")
        guard names.isEmpty || names.count == products.count else {
            throw Safetensors.Problem(message: "product_names has \(names.count) entries for \(products.count) products")
        }
        let s = segmentNames.count
        let ofCustomer = try array("customer_segment", .i32, shape: [customers.count], as: Int32.self)
        if let bad = ofCustomer.first(where: { $0 < 0 || Int($0) >= s }) {
            throw Safetensors.Problem(message: "customer_segment holds \(bad), outside 0..<\(s)")
        }
        var model = WhitespotModel(
            customers: customers, products: products, factors: k,
            customerFactors: try factorMatrix("customer_factors", rows: customers, k: k),
            productFactors: try factorMatrix("product_factors", rows: products, k: k),
            productNames: names,
            segments: CustomerSegments(names: segmentNames, ofCustomer: ofCustomer),
            segmentSource: try segmentSource(),
            penetration: SegmentPenetration(
                segmentCount: s, productCount: products.count,
                segmentSize: try array("segment_size", .i32, shape: [s], as: Int32.self),
                buyers: try array("segment_buyers", .i32, shape: [s, products.count], as: Int32.self)),
            parameters: try parameters(), blend: try blend(),
            family: family,
            itemWeights: try itemWeights(family: family, products: products, formatVersion: Int(try metadata("format_version")) ?? 0),
            ease: try ease(family: family), ensembleWeight: try ensembleWeight(family: family),
            dataFingerprint: try metadata("data_fingerprint"), dataDescription: try metadata("data_description"),
            createdAt: try createdAt())
        model.penetrationWindowDays = try penetrationWindowDays()
        return model
    }
}
