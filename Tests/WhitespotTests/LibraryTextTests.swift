import Foundation
import Testing
@testable import Whitespot

/// What the command line prints is built by the library, so a Swift caller gets the same.
@Suite("Texts and defaults the CLI takes from the library")
struct LibraryTextTests {
    @Test("the default segment source is the segment column when there is one, else RFM")
    func defaultSegmentSource() {
        #expect(SegmentSource.default(for: sampleLines()) == .column)
        var unsegmented = OrderLines()
        let a = unsegmented.customers.intern("A"), p = unsegmented.products.intern("p")
        unsegmented.append(customer: a, product: p, day: 19_000, quantity: 1, revenue: 1, segment: -1)
        #expect(SegmentSource.default(for: unsegmented) == .rfm)
        #expect(EvaluationOptions(cutoff: 0).segmentBy == nil, "evaluate's default: decided by the lines")
    }

    @Test("the model's data description and the report's profile facts come from the ingest report")
    func ingestTexts() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let path = dir.file("orders.csv", """
            customer_id,order_date,product_id,quantity
            A,2024-01-01,p1,2
            ,2024-01-05,p1,1
            B,2024-01-20,p2,1
            A,2024-02-01,p1,-1

            """)
        let (_, report) = try OrderReader.read(path: path, options: IngestOptions())
        #expect(report.dataDescription(name: "orders.csv") == "orders.csv: 3 lines; 2024-01-01 to 2024-02-01")
        let facts = EvaluationSummary.ProfileFact.facts(of: report)
        #expect(facts.map(\.label) == ["Order lines read", "Order lines kept", "Dates",
                                       "Lines without a customer (dropped)", "Return lines (netted against purchases)"])
        #expect(facts.map(\.value) == [4, 3, nil, 1, 1] && facts[2].text == "2024-01-01 .. 2024-02-01")
    }

    @Test("the training line says what ran, and why fewer iterations than asked")
    func trainingText() throws {
        var asked = smallParameters()
        asked.tolerance = 0.5
        asked.iterations = 30
        let run = try ALSTrainer(parameters: asked).run(lines: syntheticLines(), segmentSource: .column)
        let ran = run.iterationSeconds.count
        #expect(ran < 30, "a tolerance of 50 % stops early")
        let text = run.text(asked: asked)
        #expect(text.hasPrefix("Trained 80 customers × 40 products (\(run.pairs) purchases): 8 factors, \(ran) iterations "
                               + "(stopped early: the last one lowered the loss by less than 50.00 %), "), "\(text)")
        #expect(text.contains(" s/iteration), final loss "))
        var all = asked
        all.iterations = ran
        #expect(!run.text(asked: all).contains("stopped early"))
    }

    @Test("the model table: latest marked, counts and parameters, unreadable files named")
    func modelTable() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let registry = ModelRegistry(directory: dir.url.path)
        let model = try ALSTrainer.train(lines: syntheticLines(), segmentSource: .column, parameters: smallParameters(),
                                         dataDescription: "orders.csv: 900 lines")
        let older = try registry.save(model), latest = try registry.save(model)
        _ = dir.file("broken.safetensors", "not a model")
        let rows = ModelRegistry.table(try registry.entries()).split(separator: "\n").map(String.init)
        #expect(rows.count == 4, "\(rows)")
        #expect(rows[0].contains("file") && rows[0].contains("created (UTC)") && rows[0].hasSuffix("data"))
        let latestRow = try #require(rows.first { $0.hasPrefix("*") })
        #expect(latestRow.contains((latest as NSString).lastPathComponent) && latestRow.hasSuffix("orders.csv: 900 lines"))
        #expect(latestRow.contains(" 80 ") && latestRow.contains(" 40 ") && latestRow.contains("lines/log1p"))
        #expect(rows.contains { $0.hasPrefix(" ") && $0.contains((older as NSString).lastPathComponent) })
        #expect(rows.last?.hasPrefix("  broken.safetensors: unreadable: ") == true, "\(rows)")
    }
}
