import Foundation

extension KeyedFactors {
    /// The `format` metadata of a factors file.
    public static let fileFormat = "whitespot-factors"
    /// The newest factors file version this library reads.
    public static let fileFormatVersion = 1

    /// Reads a factors file: the safetensors container `spark/whitespot_spark_train.py` writes
    /// (models/README.md, "Factors files"). Tensors `customer_factors` and `product_factors`
    /// (F32, [rows, k]) and `customer_ids` and `product_ids` (U8, a UTF-8 JSON array of
    /// strings); metadata `format` = `whitespot-factors`, `format_version` = `1`, `factors`,
    /// `parameters` (JSON of ``TrainingParameters``), `pairs` (purchase pairs trained on) and
    /// `trainer` (free text). Every factor must be finite and every id unique.
    /// - Throws: ``ModelFileError`` naming the file and the problem.
    public static func load(from path: String) throws -> KeyedFactors {
        let format = ModelFileReader.Format(
            name: fileFormat, latestVersion: fileFormatVersion, kind: "factors file", title: "Whitespot factors file")
        return try ModelFileReader.reading(path, format: format) { file in
            let k = try file.factors(family: .als)
            let customers = try file.vocabulary("customer_ids"), products = try file.vocabulary("product_ids")
            guard let pairs = Int(try file.metadata("pairs")), pairs >= 0 else {
                throw Safetensors.Problem(message: "malformed metadata pairs")
            }
            return KeyedFactors(
                customers: customers, products: products, factors: k,
                customerFactors: try file.factorMatrix("customer_factors", rows: customers, k: k),
                productFactors: try file.factorMatrix("product_factors", rows: products, k: k),
                parameters: try file.parameters(), pairs: pairs, trainer: try file.metadata("trainer"))
        }
    }
}

extension WhitespotModel {
    /// A model of factors trained elsewhere (`whitespot import-factors`): the factors aligned
    /// to the customers and products of `lines` (``KeyedFactors/aligned(to:_:matrix:)``), and
    /// everything else — vocabularies, product names, segments, penetration, data fingerprint
    /// — computed from `lines` exactly as `train` computes it, so `score`, `evaluate --model`
    /// and `similar` use it like a model `train` wrote. The description starts with the
    /// factors' ``KeyedFactors/trainer``.
    /// - Throws: ``FactorImportError``.
    public init(importing keyed: KeyedFactors, lines: OrderLines, segmentSource: SegmentSource, dataDescription: String) throws {
        let data = TrainingData(lines, segmentSource: segmentSource)
        let pair = try keyed.aligned(to: data.customers, data.products, matrix: data.matrix)
        self.init(
            data: data, factors: pair, parameters: keyed.parameters,
            dataDescription: [keyed.trainer, dataDescription].filter { !$0.isEmpty }.joined(separator: "; "))
    }
}
