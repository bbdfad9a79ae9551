import Testing
@testable import Whitespot

@Suite("The ranking pipeline: blocks handed on in order while later ones are ranked")
struct RankingPipelineTests {
    struct Stop: Error, Equatable { let block: Int }

    static func scorer() throws -> Scorer {
        let (lines, model) = ScoringFixture.random(customers: 300, products: 40)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        configuration.blend = 0.6
        return try Scorer(model: model, lines: lines, configuration: configuration)
    }

    @Test("every block arrives once, in order, with the lists of one whole-list pass", arguments: [1, 2, 3])
    func order(threads: Int) throws {
        let scorer = try Self.scorer()
        // Customers out of index order, so blocks cut across the aligned chunks.
        let customers = (0 ..< scorer.data.customers.count).map { ($0 * 7) % scorer.data.customers.count }
        let whole = scorer.rankings(forCustomers: customers, top: 5, threads: 1)
        var blocks: [[Int]] = [], lists: [[RankedProduct]] = []
        scorer.streamRanked(customers: customers, blockSize: 13, capacity: 5, threads: threads, { $0.ranking }) { block, rows in
            blocks.append(block)
            lists += rows
        }
        #expect(blocks.count == (customers.count + 12) / 13)
        #expect(blocks.dropLast().allSatisfy { $0.count == 13 })
        #expect(Array(blocks.joined()) == customers)
        #expect(lists == whole)
    }

    @Test("a failure in the consumer stops the pipeline: its error comes back and no later block is handed on", arguments: [1, 2])
    func failure(threads: Int) throws {
        let scorer = try Self.scorer()
        let customers = Array(0 ..< scorer.data.customers.count)
        var handed = 0
        #expect(throws: Stop(block: 3)) {
            try scorer.streamRanked(customers: customers, blockSize: 10, capacity: 5, threads: threads, { $0.ranking }) { (_, _) throws(Stop) in
                if handed == 3 { throw Stop(block: handed) }
                handed += 1
            }
        }
        #expect(handed == 3)
    }
}
