import Foundation
import Testing
@testable import Whitespot

/// Everything the delivered list uses inside a split comes from the split's train lines: a file
/// whose test-period prices are changed gives exactly the same evaluation.
@Suite("No future in the past")
struct NoFutureTests {
    @Test("test-period prices change nothing the evaluation measures, even where prices rank (value, mixed deep-sells)")
    func testPricesDoNotLeak() throws {
        let dir = ScratchDirectory()
        defer { dir.cleanup() }
        let data = SyntheticOrders(.init(customers: 600, products: 80, lines: 15000, seed: 9))
        let path = dir.url.appendingPathComponent("orders.csv").path
        try data.writeOrders(to: path)
        let cutoff = data.parameters.firstDay + 550
        // The same file with every revenue (so every unit price) × 10 on the days `where` picks.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func tenfold(_ name: String, where picked: (Int32) -> Bool) -> (path: String, changed: Int) {
            var changed = 0
            let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard f.count == 6, let day = DateFormat.iso.day(of: Array(f[1].utf8)), picked(day),
                      let revenue = Double(f[4]) else { return String(line) }
                changed += 1
                return [f[0], f[1], f[2], f[3], String(revenue * 10), f[5]].joined(separator: ",")
            }
            return (dir.file(name, rows.joined(separator: "\n")), changed)
        }
        let future = tenfold("future.csv") { $0 >= cutoff }
        #expect(future.changed > 1000)
        var options = EvaluationOptions(cutoff: cutoff)
        options.training.factors = 8
        options.training.iterations = 4
        options.scoring.rankBy = .value
        options.scoring.rules.deepSells = .mixed
        func run(_ file: String) throws -> EvaluationRun {
            let (orders, _) = try OrderReader.read(path: file, options: IngestOptions())
            return try HeldOutEvaluation.run(orders, orders: "orders", options: options)
        }
        let original = try run(path), altered = try run(future.path)
        #expect(original.summary.methods == altered.summary.methods)
        #expect(original.summary.deepSells == altered.summary.deepSells)
        // The check can fail: the same change before the cutoff moves the delivered list.
        let past = tenfold("past.csv") { $0 < cutoff && $0 % 3 == 0 }
        let moved = try run(past.path)
        #expect(moved.summary.methods.last != original.summary.methods.last)
    }
}
