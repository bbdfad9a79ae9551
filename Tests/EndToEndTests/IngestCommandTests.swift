import Foundation
import Testing
import Whitespot
import TestSupport

/// The three real datasets with the exact mappings of the README.
enum RealData {
    static let groceries = [
        "../shared/data/groceries/Groceries_dataset.csv",
        "--columns", "customer=Member_number,date=Date,product=itemDescription", "--date-format", "dd-MM-yyyy",
    ]
    static let superstore = [Superstore.file] + Superstore.mapping
    /// Online Retail II without its non-product codes: postage, carriage, manual entries,
    /// discounts, adjustments, bank and marketplace fees, samples, bad debt and test items.
    static let onlineRetailExcluded = "POST,DOT,M,m,C2,C3,D,S,B,ADJUST,ADJUST2,BANK CHARGES,AMAZONFEE,TEST001,TEST002"
    static let onlineRetail = [
        "../shared/data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv",
        "--columns", "customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice",
        "--exclude-products", onlineRetailExcluded,
    ]
    /// Whether all three exports are there.
    static var available: Bool {
        ["../shared/data/groceries/Groceries_dataset.csv", Superstore.file,
         "../shared/data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv"]
            .allSatisfy { FileManager.default.fileExists(atPath: WhitespotBinary.root.appendingPathComponent($0).path) }
    }
}

/// `whitespot inspect`, `segments` and `generate` run as a user would.
@Suite("Ingest commands end to end")
struct IngestCommandTests {
    func profile(_ arguments: [String], stdin: String? = nil) throws -> OrderProfile {
        let r = try WhitespotBinary.run(["inspect"] + arguments + ["--json"], stdin: stdin)
        #expect(r.status == 0, "\(r.err)")
        return try JSONDecoder().decode(OrderProfile.self, from: Data(r.out.utf8))
    }

    @Test("groceries: every line kept, 3,898 members, 167 items, two years", .enabled(if: RealData.available, "shared/data is absent"))
    func groceries() throws {
        let p = try profile(RealData.groceries)
        #expect(p.ingest.linesRead == 38_765 && p.ingest.linesKept == 38_765)
        #expect(p.customers == 3_898 && p.products == 167)
        #expect(p.ingest.dateRange == "2014-01-01 .. 2015-12-30")
        #expect(p.segmentSource == .rfm && p.segments.count == RFMAnalysis.tiers.count)
        #expect(p.topProducts.first?.id == "whole milk")
        #expect(p.ingest.returnLines == 0 && p.revenue == nil)
    }

    @Test("superstore: BOM, quotes, m/d/yyyy dates; products and sub-category level", .enabled(if: RealData.available, "shared/data is absent"))
    func superstore() throws {
        let p = try profile(RealData.superstore)
        #expect(p.ingest.linesRead == 9_994 && p.ingest.linesKept == 9_994)
        #expect(p.customers == 793 && p.products == 1_862 && p.categories == 17 && p.orders == 5_009)
        #expect(p.ingest.dateRange == "2016-01-03 .. 2019-12-30")
        #expect(p.segments.map(\.name) == ["Consumer", "Corporate", "Home Office"])
        #expect(abs((p.revenue ?? 0) - 2_297_200.8603) < 0.01)
        let level = try profile(RealData.superstore + ["--product-level", "Sub-Category"])
        #expect(level.products == 17 && level.customers == 793 && level.ingest.productLevel == "Sub-Category")
        #expect(level.density > 0.4)
    }

    @Test("online retail: no-customer lines counted, non-products excluded, returns netted", .enabled(if: RealData.available, "shared/data is absent"))
    func onlineRetail() throws {
        let p = try profile(RealData.onlineRetail)
        #expect(p.ingest.linesRead == 525_461)
        #expect(p.ingest.noCustomer == 107_927)
        #expect(p.ingest.excluded == 1_800)
        #expect(p.ingest.linesKept == 525_461 - 107_927 - 1_800)
        #expect(p.ingest.returnLines > 9_000 && p.nettedOutPairs > 2_000)
        #expect(p.customers == 4_314 && p.segments.first?.name == "United Kingdom")
        #expect(p.ingest.dateRange == "2009-12-01 .. 2010-12-09")
        #expect(p.topProducts.first?.id == "85123A")
    }

    @Test("segments: column, RFM and combined, with tier rules", .enabled(if: RealData.available, "shared/data is absent"))
    func segments() throws {
        let r = try WhitespotBinary.run(["segments"] + RealData.superstore + ["--segment-by", "column+rfm"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("segments (column+rfm): 21"))
        #expect(r.out.contains("Champions    R ≥ 4 and F ≥ 4"))
        let json = try WhitespotBinary.run(["segments"] + RealData.superstore + ["--json"])
        let table = try JSONDecoder().decode(SegmentTable.self, from: Data(json.out.utf8))
        #expect(table.rows.map(\.customers) == [409, 236, 148] && table.tiers == nil)
        #expect(abs(table.rows.compactMap(\.revenueShare).reduce(0, +) - 1) < 1e-9)
    }

    @Test("generate is deterministic by seed, writes atomically, and reads back through stdin")
    func generate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-generate-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let catalog = dir.appendingPathComponent("products.csv").path
        let size = ["--customers", "300", "--products", "120", "--lines", "5000"]
        let runA = try WhitespotBinary.run(["generate"] + size + ["--seed", "7", "--out", a, "--catalog-out", catalog])
        let runB = try WhitespotBinary.run(["generate"] + size + ["--seed", "7", "--out", b])
        #expect(runA.status == 0 && runB.status == 0)
        #expect(runA.err == "whitespot: wrote 5,000 lines (300 customers, 120 products) to \(a)\n")
        let (bytesA, bytesB) = (try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        #expect(bytesA == bytesB)
        let other = try WhitespotBinary.run(["generate"] + size + ["--seed", "8"])
        let first = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(other.status == 0 && Data(other.out.utf8) != first)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["a.csv", "b.csv", "products.csv"])

        let fromFile = try profile([a, "--catalog", catalog])
        let fromStdin = try profile(["-", "--catalog", catalog], stdin: a)
        #expect(fromFile.ingest.linesRead == 5_000 && fromFile.ingest.file == a && fromStdin.ingest.file == "<stdin>")
        #expect(fromFile.customers == fromStdin.customers && fromFile.topProducts == fromStdin.topProducts)
        #expect(fromFile.categories > 1 && fromFile.ingest.returnLines > 0)
    }

    @Test("bad input: a located message on stderr and a non-zero exit, or skipped with a summary")
    func badInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("orders.csv").path
        try "customer_id,order_date,product_id,quantity\nA,2024-01-02,p1,1\nB,2024-01-02,p1,1e308\nC,2024-01-03,p2,2\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let stop = try WhitespotBinary.run(["inspect", path])
        #expect(stop.status != 0 && stop.out.isEmpty)
        #expect(stop.err == "whitespot: \(path):3:17: quantity in column 'quantity' is out of range (limit ±1000000000.0) (1e308)\n")
        let skip = try WhitespotBinary.run(["inspect", path, "--skip-bad-lines"])
        #expect(skip.status == 0)
        #expect(skip.err.hasPrefix("whitespot: skipped 1 line (absurd number), first: \(path):3:17:"))
        #expect(skip.out.contains("2 kept") && skip.out.contains("1 absurd number"))

        let unknown = try WhitespotBinary.run(["inspect", path, "--columns", "customer=Client"])
        #expect(unknown.status != 0 && unknown.err.contains("no column 'Client' for customer; columns are: \"customer_id\""))
        let badMapping = try WhitespotBinary.run(["inspect", path, "--columns", "buyer=Client"])
        #expect(badMapping.status != 0 && badMapping.err.contains("--columns: unknown field 'buyer'"))
        let badFormat = try WhitespotBinary.run(["inspect", path, "--date-format", "dd-QQ-yyyy"])
        #expect(badFormat.status != 0 && badFormat.err.contains("--date-format: unknown pattern letters 'QQ'"))
        let missing = try WhitespotBinary.run(["inspect", dir.appendingPathComponent("nope.csv").path])
        #expect(missing.status != 0 && missing.err.contains("nope.csv:1:1: cannot open: No such file or directory"))
    }
}
