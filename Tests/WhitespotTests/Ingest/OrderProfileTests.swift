import Testing
@testable import Whitespot

@Suite("Profile and segment table")
struct OrderProfileTests {
    let csv = """
        customer_id,order_date,product_id,quantity,revenue,segment,product_name
        A,2024-01-02,desk,1,300,Corporate,Oak desk
        A,2024-01-09,desk,-1,-300,Corporate,Oak desk
        A,2024-01-02,pen,5,10,Corporate,Pen
        B,2024-01-02,pen,1,2,Home,Pen
        C,2024-01-05,paper,2,8,Home,Paper
        ,2024-01-05,paper,2,8,Home,Paper

        """

    @Test("the profile counts what a person checks first")
    func profile() throws {
        let (lines, report) = try readOrders(csv)
        let segments = CustomerSegments(lines, by: .column)
        let p = OrderProfile(lines: lines, report: report, segments: segments, segmentSource: .column)
        #expect(p.customers == 3 && p.products == 3 && p.purchases == 3 && p.nettedOutPairs == 1)
        #expect(p.ingest.noCustomer == 1 && p.ingest.returnLines == 1 && p.revenue == 20)
        #expect(p.segments.map(\.name) == ["Home", "Corporate"] && p.segments[0].customers == 2)
        #expect(p.topProducts.map(\.id) == ["pen", "paper", "desk"])
        #expect(p.topProducts[0].buyers == 2 && p.topProducts[0].name == "Pen" && p.topProducts[0].revenue == 12)
        #expect(p.density == 3.0 / 9)
        let text = p.text
        #expect(text.contains("6 lines read, 5 kept"))
        #expect(text.contains("1 return lines netted; 1 customer-product pairs netted to nothing"))
        #expect(text.contains("dates      2024-01-02 .. 2024-01-09 (8 days)"))
    }

    @Test("the segment table sums to the whole and lists RFM rules only for RFM")
    func segmentTable() throws {
        let (lines, _) = try readOrders(csv)
        let column = SegmentTable(lines: lines, segments: CustomerSegments(lines, by: .column), source: .column)
        #expect(column.rows.map(\.name) == ["Home", "Corporate"])
        #expect(column.rows.map(\.lines) == [2, 3] && column.rows.map(\.revenue) == [10, 10])
        #expect(column.tiers == nil && !column.text.contains("RFM"))
        let rfm = SegmentTable(lines: lines, segments: CustomerSegments(lines, by: .rfm), source: .rfm)
        #expect(rfm.rows.reduce(0) { $0 + $1.customers } == 3)
        #expect(rfm.tiers?.map(\.name) == RFMAnalysis.tiers && rfm.text.contains("Lost         R = 1 and F ≤ 2"))
        // How much buying differs between the segments: the scorer's own estimate, in words.
        let estimate = SegmentPenetration(matrix: PurchaseMatrix(lines), segments: CustomerSegments(lines, by: .column)).estimatedShrinkage
        #expect(column.intraclassCorrelation == estimate.intraclassCorrelation)
        #expect(column.penetrationShrinkage == PenetrationShrinkage.phrase(strength: estimate.strength))
    }

    @Test("the segment table says whether segments buy differently, and by how much the penetration term shrinks")
    func segmentShrinkage() {
        // 20 customers each: 15 of X buy p and 5 of Y (the others q), segments apart; p and q
        // bought alike by both: no difference.
        var apart: [ScoringFixture.Row] = [], alike: [ScoringFixture.Row] = []
        for c in 0 ..< 40 {
            let segment = c < 20 ? "X" : "Y"
            apart.append(("c\(c)", segment, (c < 20) == (c % 4 != 0) ? "p" : "q", 1, 1))
            alike.append(("c\(c)", segment, c % 2 == 0 ? "p" : "q", 1, 1))
        }
        let table = { (rows: [ScoringFixture.Row]) in
            let lines = ScoringFixture.lines(rows)
            return SegmentTable(lines: lines, segments: CustomerSegments(lines, by: .column), source: .column)
        }
        let different = table(apart)
        #expect(different.intraclassCorrelation > 0.3 && different.penetrationShrinkage.hasSuffix(" customers"))
        #expect(different.text.contains("buying differs between segments (intraclass correlation 0."), "\(different.text)")
        #expect(different.text.contains("toward all customers' by m = \(different.penetrationShrinkage)"))
        let same = table(alike)
        #expect(same.intraclassCorrelation == 0 && same.penetrationShrinkage == "all customers' share")
        #expect(same.text.contains("no more than chance: the penetration term uses all customers' share (popularity)"))
    }

    @Test("numbers are formatted for reading")
    func formatting() {
        #expect(TextFormat.count(1_234_567) == "1,234,567" && TextFormat.count(-12) == "-12" && TextFormat.count(0) == "0")
        #expect(TextFormat.amount(1234.5) == "1,234.50" && TextFormat.amount(-0.004) == "0.00" && TextFormat.amount(-2.5) == "-2.50")
        #expect(TextFormat.percent(0.2826) == "28.3%")
    }
}
