import Foundation
import Testing
@testable import Whitespot

@Suite("Factors trained elsewhere: factors files and import")
struct KeyedFactorsTests {
    /// A model trained here and the synthetic lines it was trained on.
    static func trained() throws -> (WhitespotModel, OrderLines) {
        let lines = syntheticLines()
        return (try ALSTrainer.train(lines: lines, segmentSource: .column, parameters: smallParameters()), lines)
    }

    /// The factors of `model` with their rows in reverse id order, as another trainer might number them.
    static func reversed(_ model: WhitespotModel, pairs: Int? = nil) -> KeyedFactors {
        let k = model.factors
        func flip(_ v: [Float], _ n: Int) -> [Float] { (0..<n).reversed().flatMap { v[$0 * k ..< ($0 + 1) * k] } }
        return KeyedFactors(
            customers: Vocabulary(model.customers.ids.reversed()), products: Vocabulary(model.products.ids.reversed()),
            factors: k, customerFactors: flip(model.customerFactors, model.customers.count),
            productFactors: flip(model.productFactors, model.products.count),
            parameters: model.parameters, pairs: pairs, trainer: "test trainer")
    }

    @Test("imported factors, whatever their row order, give the model train writes: fingerprint, segments, penetration")
    func importMatchesTrain() throws {
        let (model, lines) = try Self.trained()
        let pairs = PurchaseMatrix(lines).pairCount
        let imported = try WhitespotModel(
            importing: Self.reversed(model, pairs: pairs), lines: lines, segmentSource: .column, dataDescription: "synthetic")
        #expect(imported.customerFactors == model.customerFactors && imported.productFactors == model.productFactors)
        #expect(imported.dataFingerprint == model.dataFingerprint && imported.penetration == model.penetration)
        #expect(imported.segments == model.segments && imported.parameters == model.parameters)
        #expect(imported.dataDescription == "test trainer; synthetic")
    }

    @Test("ids the orders do not know, buyers without factors and another pair count are refused by name")
    func refusals() throws {
        let (model, lines) = try Self.trained()
        let matrix = PurchaseMatrix(lines)
        var keyed = KeyedFactors(model)
        keyed.customers = Vocabulary(["X9"] + model.customers.ids.dropFirst())
        #expect(throws: FactorImportError.unknownId(.customer, id: "X9", known: lines.customers.count)) {
            try keyed.aligned(to: lines.customers, lines.products, matrix: matrix)
        }
        // Without its first product's row: that product has buyers, so it is missing.
        let k = model.factors
        let withoutFirst = KeyedFactors(
            customers: model.customers, products: Vocabulary(model.products.ids.dropFirst()), factors: k,
            customerFactors: model.customerFactors, productFactors: Array(model.productFactors.dropFirst(k)),
            parameters: model.parameters, trainer: "t")
        let buyers = matrix.buyerCount(ofProduct: 0)
        #expect(buyers > 0)
        #expect(throws: FactorImportError.missingFactors(.product, id: "P0", purchases: buyers, count: 1)) {
            try withoutFirst.aligned(to: lines.customers, lines.products, matrix: matrix)
        }
        keyed = KeyedFactors(model)
        keyed.pairs = matrix.pairCount + 1
        #expect(throws: FactorImportError.pairCountMismatch(factors: matrix.pairCount + 1, orders: matrix.pairCount)) {
            try keyed.aligned(to: lines.customers, lines.products, matrix: matrix)
        }
        #expect(FactorImportError.pairCountMismatch(factors: 2, orders: 1).description.contains("netted"))
    }

    @Test("a customer whose purchases were all returned needs no factors and gets zeros")
    func returnedOnly() throws {
        var lines = OrderLines()
        for id in ["C1", "C2"] { _ = lines.customers.intern(id) }
        for id in ["P1", "P2"] { _ = lines.products.intern(id) }
        lines.append(customer: 0, product: 0, day: 19_000, quantity: 2, revenue: 10)
        lines.append(customer: 0, product: 1, day: 19_001, quantity: 1, revenue: 5)
        lines.append(customer: 1, product: 1, day: 19_002, quantity: 3, revenue: 15)
        lines.append(customer: 1, product: 1, day: 19_003, quantity: -3, revenue: -15)
        let keyed = KeyedFactors(
            customers: Vocabulary(["C1"]), products: Vocabulary(["P2", "P1"]), factors: 2,
            customerFactors: [1, 2], productFactors: [3, 4, 5, 6], parameters: TrainingParameters(), pairs: 2, trainer: "t")
        let pair = try keyed.aligned(to: lines.customers, lines.products, matrix: PurchaseMatrix(lines))
        #expect(pair.customerFactors == [1, 2, 0, 0] && pair.productFactors == [5, 6, 3, 4])
    }

    /// The bytes of a factors file as spark/whitespot_factors.py writes it.
    static func factorsFile(_ keyed: KeyedFactors, format: String = KeyedFactors.fileFormat, poison: Bool = false) throws -> Data {
        func floats(_ a: [Float]) -> Data { a.withUnsafeBytes { Data($0) } }
        let ids = { (v: Vocabulary) in try JSONSerialization.data(withJSONObject: v.ids) }
        var customerFactors = keyed.customerFactors
        if poison { customerFactors[5] = .nan }
        let parameters = String(decoding: try JSONEncoder().encode(keyed.parameters), as: UTF8.self)
        return try Safetensors.encode(
            tensors: [
                .init(name: "customer_factors", dtype: .f32, shape: [keyed.customers.count, keyed.factors], bytes: floats(customerFactors)),
                .init(name: "product_factors", dtype: .f32, shape: [keyed.products.count, keyed.factors], bytes: floats(keyed.productFactors)),
                .init(name: "customer_ids", dtype: .u8, shape: [try ids(keyed.customers).count], bytes: try ids(keyed.customers)),
                .init(name: "product_ids", dtype: .u8, shape: [try ids(keyed.products).count], bytes: try ids(keyed.products)),
            ],
            metadata: ["format": format, "format_version": "1", "factors": "\(keyed.factors)", "parameters": parameters,
                       "pairs": "\(keyed.pairs ?? 0)", "trainer": keyed.trainer])
    }

    @Test("a factors file loads bit-exactly; a model file, a newer version or a NaN factor is refused by name")
    func factorsFiles() throws {
        let (model, lines) = try Self.trained()
        let keyed = Self.reversed(model, pairs: PurchaseMatrix(lines).pairCount)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-factors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spark.factors").path
        try Self.factorsFile(keyed).write(to: URL(fileURLWithPath: path))
        #expect(try KeyedFactors.load(from: path) == keyed)

        func problem(_ bytes: Data) throws -> String {
            try bytes.write(to: URL(fileURLWithPath: path))
            do { _ = try KeyedFactors.load(from: path); return "loaded" } catch let e as ModelFileError { return e.problem }
        }
        #expect(try problem(try model.fileContents()).contains("not a Whitespot factors file"))
        #expect(try problem(try Self.factorsFile(keyed, poison: true)).contains("tensor customer_factors holds nan in row 0"))
        let newer = try Self.factorsFile(keyed).replacingFirst(#""format_version":"1""#, with: #""format_version":"2""#)
        #expect(try problem(newer).contains("format version 2 is newer"))
    }
}

extension Data {
    /// This data with the first occurrence of `text` replaced by `replacement` (same length).
    func replacingFirst(_ text: String, with replacement: String) throws -> Data {
        let range = try #require(self.range(of: Data(text.utf8)))
        var out = self
        out.replaceSubrange(range, with: Data(replacement.utf8))
        return out
    }
}
