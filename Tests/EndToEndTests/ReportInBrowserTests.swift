import Foundation
import Testing
import Whitespot
import TestSupport

/// Synthetic orders with four segments and three categories (deterministic).
func syntheticOrders(customers: Int = 400, products: Int = 60) -> OrderLines {
    var random = TestRandom(state: 0x9E37_79B9_7F4A_7C15)
    func next(_ n: Int) -> Int { random.below(n) }
    var lines = OrderLines()
    for name in ["Retail", "Wholesale", "Online", "Public sector"] { lines.segments.intern(name) }
    for name in ["Paper", "Binders", "Phones"] { lines.catalog.categories.intern(name) }
    for p in 0..<products {
        lines.products.intern("SKU-\(p)")
        lines.catalog.resize(to: p + 1)
        lines.catalog.category[p] = Int32(p % 3)
        lines.catalog.name[p] = "Product \(p)"
    }
    for c in 0..<customers {
        let u = lines.customers.intern("C\(c)")
        for _ in 0..<10 {
            let p = min(next(products), (c % 4) * products / 4 + next(products / 4))
            lines.append(customer: u, product: Int32(p), day: Int32(18000 + next(300)), quantity: 1, revenue: 5,
                         segment: Int32(c % 4))
        }
    }
    return lines
}

/// A summary of three methods on the synthetic orders (the third scores with fixed pseudo-random factors).
func syntheticSummary() throws -> EvaluationSummary {
    let split = try TemporalSplit(syntheticOrders(), cutoff: 18240, segmentBy: .column)
    let f = 4
    let x = (0..<(split.counts.customers * f)).map { Float(($0 * 37) % 11) / 11 }
    let y = (0..<(split.counts.products * f)).map { Float(($0 * 53) % 13) / 13 }
    let mf = RankingMethod.matrixFactorisation(
        customerFactors: x, productFactors: y, factors: f,
        parameters: [MethodParameter("factors", .number(4)), MethodParameter("alpha", .number(0.5))])
    let evaluator = RankingEvaluator(split: split, k: 10)
    let methods = [RankingMethod.popularity(split), .segmentPenetration(split), mf].map(evaluator.evaluate)
    return EvaluationSummary(
        orders: "/data/synthetic orders.csv", split: split, k: 10, methods: methods,
        headlineMethod: .matrixFactorisation,
        profile: [.init("Order lines read", 4000), .init("Dates", text: "2019-04-14 … 2020-02-08")])
}

@Suite struct ReportInBrowserTests {
    @Test func reportNumbersEqualTheJSON() throws {
        let summary = try syntheticSummary()
        let html = EvaluationReport.html(summary)
        let (checked, problems) = try ReportCheck.mismatches(html: html, json: try summary.json())
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        // 3 methods × (6 figures + 6 curves × 20 points) + segments, map, counts, headline.
        #expect(checked > 3 * (6 + 120) + 4 * 3 * 2)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
    }

    @Test func reportRendersInHeadlessChromium() throws {
        guard Chromium.executable != nil else {
            print("SKIPPED reportRendersInHeadlessChromium: chromium is not installed (apt-get install -y chromium)")
            return
        }
        let summary = try syntheticSummary()
        // WHITESPOT_REPORT_DIR keeps the page and its screenshot for a look by eye.
        let keep = ProcessInfo.processInfo.environment["WHITESPOT_REPORT_DIR"]
        let dir = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-report-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let file = dir.appendingPathComponent("report.html")
        try EvaluationReport.html(summary).write(to: file, atomically: true, encoding: .utf8)
        let dom = try Chromium.run(["--dump-dom"], file: file)
        #expect(dom.contains("The model finds"))
        let (checked, problems) = try ReportCheck.mismatches(html: dom, json: try summary.json())
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(checked == (try ReportCheck.tags(in: EvaluationReport.html(summary))).count)
        let png = dir.appendingPathComponent("report.png")
        _ = try Chromium.run(["--screenshot=\(png.path)", "--window-size=1200,2600", "--hide-scrollbars"], file: file)
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 50_000, "screenshot of \(size) bytes")
    }
}
