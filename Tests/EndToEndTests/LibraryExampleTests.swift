import Foundation
import Testing
import Whitespot
import TestSupport

/// The README's "Using it from Swift" example, run as written on the real Groceries data.
@Suite("README library example")
struct LibraryExampleTests {
    @Test("read, train, save, load and score from Swift on Groceries", .enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func readmeExample() throws {
        let file = WhitespotBinary.root.appendingPathComponent(Groceries.file).path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-readme-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelPath = directory.appendingPathComponent("groceries.safetensors").path

        var options = IngestOptions()
        options.mapping = try ColumnMapping(parsing: "customer=Member_number,date=Date,product=itemDescription")
        options.dateFormat = try DateFormat("dd-MM-yyyy")
        let (lines, report) = try OrderReader.read(path: file, options: options)

        var parameters = TrainingParameters()
        parameters.factors = 32
        parameters.iterations = 5
        let model = try ALSTrainer.train(lines: lines, segmentSource: .rfm, parameters: parameters)
        try model.save(to: modelPath)

        let scorer = try Scorer(model: try WhitespotModel.load(from: modelPath), lines: lines)
        let recommendations = scorer.recommendations(forCustomer: 0)

        #expect(report.linesKept == 38_765)
        #expect(model.customers.count == 3_898 && model.products.count == 167)
        #expect(recommendations.count == 3)
        #expect(recommendations.allSatisfy { !$0.reason.isEmpty })
        let matrix = PurchaseMatrix(lines)
        let bought = Set(matrix.pairs(ofCustomer: 0).map { Int(matrix.product[$0]) })
        #expect(recommendations.filter { $0.kind == .crossSell }.allSatisfy { !bought.contains($0.product) })
    }
}
