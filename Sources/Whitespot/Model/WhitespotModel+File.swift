import Foundation

/// The model file: a safetensors container (see ``Safetensors``), loadable with NumPy.
///
/// Tensors, in file order (all little-endian, row-major):
///
/// | name | dtype | shape | content |
/// |---|---|---|---|
/// | customer_factors | F32 | [customers, k] | customer embeddings |
/// | product_factors | F32 | [products, k] | product embeddings |
/// | customer_segment | I32 | [customers] | segment index of each customer |
/// | segment_size | I32 | [segments] | customers per segment |
/// | segment_buyers | I32 | [segments, products] | buyers per segment and product |
/// | customer_ids, product_ids, segment_names | U8 | [bytes] | UTF-8 JSON array of strings |
/// | product_names | U8 | [bytes] | UTF-8 JSON array of strings or null |
/// | item_neighbour_offsets, item_neighbours, item_neighbour_weights | I32, I32, F32 | [products + 1], [entries], [entries] | EASE weights B kept per product (item–item models only, ``ItemWeights``) |
///
/// `__metadata__` (strings): `format` = "whitespot-model", `format_version` = "2", `factors`,
/// `parameters` (JSON of ``TrainingParameters``), `segment_source`, `blend` (absent when never
/// tuned), `data_fingerprint`, `data_description`, `created_at` (ISO 8601, UTC),
/// `created_at_since_2001` (exact seconds since 2001-01-01 00:00 UTC), and `checksum`
/// ("fnv1a64:" + 16 hex digits of ``FNV1a64`` over the whole data section) and, from version 2 on,
/// `header_checksum` ("fnv1a64:" + hex of ``Safetensors/headerHash(metadata:entries:excluding:)``
/// over every other metadata value and every tensor's dtype, shape and offsets). Version 1 files
/// (without a header checksum) are still read. Item–item models (``ModelFamily/ease``) are
/// written as version 4: `factors` = "0" with empty factor tensors, the item neighbour tensors,
/// and metadata `family` ("ease") and `ease` (JSON of ``EASEParameters``); ensembles too, with
/// the factor tensors as well, `family` = "ensemble" and `ensemble_weight`; ALS models stay
/// version 2 (no `family`: ALS), so older readers keep reading them. A model whose penetration
/// term counts a trailing window has `penetration_window_days` (a whole number ≥ 1 of days).
/// Version 3 item–item files (the dense B as `item_weights`, F32 [products, products]) are still
/// read (ItemWeights+File.swift).
extension WhitespotModel {
    /// The `format` metadata value that marks a Whitespot model.
    public static let fileFormat = "whitespot-model"
    /// The newest format version this code writes and reads.
    public static let fileFormatVersion = 4
    /// The version written for ALS models (readable by whitespot versions that predate version 3).
    static let factorsFormatVersion = 2
    /// The metadata key of the header checksum (format version 2 on).
    static let headerChecksumKey = "header_checksum"

    /// The model as the bytes of a model file.
    public func fileContents() throws -> Data {
        func floats(_ a: [Float]) -> Data { a.withUnsafeBytes { Data($0) } }
        func ints(_ a: [Int32]) -> Data { a.withUnsafeBytes { Data($0) } }
        func json(_ strings: [String?]) throws -> Data {
            try JSONSerialization.data(withJSONObject: strings.map { $0 as Any? ?? NSNull() }, options: [.withoutEscapingSlashes])
        }
        let texts: [(String, [String?])] = [
            ("customer_ids", customers.ids), ("product_ids", products.ids),
            ("segment_names", segments.names.ids), ("product_names", productNames),
        ]
        let tensors: [Safetensors.Tensor] = try [
            .init(name: "customer_factors", dtype: .f32, shape: [customers.count, factors], bytes: floats(customerFactors)),
            .init(name: "product_factors", dtype: .f32, shape: [products.count, factors], bytes: floats(productFactors)),
            .init(name: "customer_segment", dtype: .i32, shape: [segments.ofCustomer.count], bytes: ints(segments.ofCustomer)),
            .init(name: "segment_size", dtype: .i32, shape: [penetration.segmentCount], bytes: ints(penetration.segmentSize)),
            .init(name: "segment_buyers", dtype: .i32, shape: [penetration.segmentCount, penetration.productCount],
                  bytes: ints(penetration.buyers)),
        ] + (family.usesItemWeights ? itemWeights.tensors() : []) + texts.map { name, strings in
            let bytes = try json(strings)
            return Safetensors.Tensor(name: name, dtype: .u8, shape: [bytes.count], bytes: bytes)
        }
        var checksum = FNV1a64()
        for t in tensors { t.bytes.withUnsafeBytes { checksum.update($0) } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata: [String: String] = [
            "format": Self.fileFormat,
            "format_version": String(family == .als ? Self.factorsFormatVersion : Self.fileFormatVersion),
            "factors": String(factors),
            "parameters": String(decoding: try encoder.encode(parameters), as: UTF8.self),
            "segment_source": segmentSource.rawValue,
            "data_fingerprint": dataFingerprint,
            "data_description": dataDescription,
            "created_at": createdAt.formatted(.iso8601),
            "created_at_since_2001": "\(createdAt.timeIntervalSinceReferenceDate)",
            "checksum": "fnv1a64:" + checksum.hex,
        ]
        if let blend { metadata["blend"] = "\(blend)" }
        if family != .als { metadata["family"] = family.rawValue }
        if let ease { metadata["ease"] = String(decoding: try encoder.encode(ease), as: UTF8.self) }
        if let ensembleWeight { metadata["ensemble_weight"] = "\(ensembleWeight)" }
        if let penetrationWindowDays { metadata["penetration_window_days"] = String(penetrationWindowDays) }
        metadata[Self.headerChecksumKey] = "fnv1a64:" + Safetensors.headerHash(
            metadata: metadata, entries: Safetensors.layout(tensors), excluding: Self.headerChecksumKey).hex
        return try Safetensors.encode(tensors: tensors, metadata: metadata)
    }

    /// Writes the model to `path` atomically (temporary file, fsync, rename, fsync of the directory;
    /// see ``AtomicFileWriter`` for symlinks, special files and permissions).
    /// - Throws: ``AtomicFileWriter/WriteError``.
    public func save(to path: String) throws {
        let contents = try fileContents()
        let out = try AtomicFileWriter(path: path)
        try out.write(contents)
        try out.commit()
    }

    /// Reads and validates a model file: container, format and version, tensor sizes,
    /// checksum, and consistency of vocabularies, factors, segments and penetration.
    ///
    /// The file is read into memory (not mapped, so a file truncated meanwhile is an error, not
    /// a crash); it must be a regular file.
    /// - Throws: ``ModelFileError`` naming the file and the problem, e.g.
    ///   "model.safetensors: checksum mismatch, file is damaged".
    public static func load(from path: String) throws -> WhitespotModel {
        try ModelFileReader.reading(path) { try $0.model() }
    }

    /// The metadata of a model file (header only: cheap for listings), validated like
    /// ``load(from:)`` except for the checksum of the tensors (the header checksum is checked).
    /// - Throws: ``ModelFileError``.
    public static func summary(of path: String) throws -> ModelSummary {
        try ModelFileReader.reading(path, whole: false) { try $0.summary() }
    }
}
