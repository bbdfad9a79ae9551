import Testing
@testable import Whitespot

/// A small hand-made order table: 3 customers, 3 products, one return.
func sampleLines() -> OrderLines {
    var lines = OrderLines()
    let a = lines.customers.intern("A"), b = lines.customers.intern("B"), c = lines.customers.intern("C")
    let paper = lines.products.intern("paper"), pen = lines.products.intern("pen"), desk = lines.products.intern("desk")
    let corp = lines.segments.intern("Corporate"), home = lines.segments.intern("Home")
    let d0 = Days.from(year: 2024, month: 1, day: 1)
    lines.append(customer: a, product: paper, day: d0, quantity: 2, revenue: 20, segment: home)
    lines.append(customer: a, product: pen, day: d0 + 3, quantity: 1, revenue: 5, segment: corp)
    lines.append(customer: b, product: paper, day: d0 + 1, quantity: 1, revenue: 10, segment: corp)
    lines.append(customer: b, product: desk, day: d0 + 2, quantity: 1, revenue: 300, segment: corp)
    lines.append(customer: b, product: desk, day: d0 + 5, quantity: -1, revenue: -300, segment: corp)  // returned
    lines.append(customer: c, product: paper, day: d0 + 4, quantity: 5, revenue: 50, segment: -1)
    lines.append(customer: a, product: paper, day: d0 + 9, quantity: 1, revenue: 10, segment: corp)
    return lines
}

@Suite("Purchase matrix, segments, penetration")
struct PurchaseMatrixTests {
    @Test("returns net against purchases and CSR/CSC agree")
    func netting() {
        let m = PurchaseMatrix(sampleLines())
        #expect(m.customerCount == 3 && m.productCount == 3)
        #expect(m.pairCount == 4)  // A-paper, A-pen, B-paper, C-paper; B-desk netted to 0
        let ap = m.pair(customer: 0, product: 0)!
        #expect(m.lines[ap] == 2 && m.quantity[ap] == 3 && m.revenue[ap] == 30)
        #expect(m.lastDay[ap] - m.firstDay[ap] == 9)
        #expect(m.pair(customer: 1, product: 2) == nil)
        #expect(m.buyerCount(ofProduct: 0) == 3 && m.buyerCount(ofProduct: 2) == 0)
        for i in 0..<m.productCount {
            for e in m.entries(ofProduct: i) {
                #expect(Int(m.product[Int(m.pairOfEntry[e])]) == i)
            }
        }
    }

    @Test("column segment is the one on the latest line; missing is Unknown")
    func columnSegments() {
        let s = CustomerSegments(sampleLines(), by: .column)
        #expect(s.names[Int(s.ofCustomer[0])] == "Corporate")  // latest line of A says Corporate
        #expect(s.names[Int(s.ofCustomer[2])] == CustomerSegments.unknown)
        let pen = SegmentPenetration(matrix: PurchaseMatrix(sampleLines()), segments: s)
        let corp = Int(s.names.index(of: "Corporate")!)
        #expect(pen.share(segment: corp, product: 0) == 1.0)
        #expect(pen.share(segment: corp, product: 1) == 0.5)
    }

    @Test("RFM quintiles share scores on ties and map to tiers")
    func rfm() {
        #expect(RFMAnalysis.quintiles([1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5])
        #expect(RFMAnalysis.quintiles([7, 7, 7]) == [1, 1, 1])
        #expect(RFMAnalysis.tier(r: 5, f: 5) == 0)
        #expect(RFMAnalysis.tier(r: 1, f: 1) == 6)
        #expect(RFMAnalysis.tier(r: 2, f: 4) == 4)
        let r = RFMAnalysis(sampleLines())
        #expect(r.frequency == [3, 2, 1])  // distinct days with positive lines
        #expect(r.recencyDays[0] == 1)
    }

    @Test("days round-trip through the civil calendar")
    func days() {
        #expect(Days.from(year: 1970, month: 1, day: 1) == 0)
        #expect(Days.iso(Days.from(year: 2024, month: 2, day: 29)) == "2024-02-29")
        #expect(!Days.isValid(year: 2023, month: 2, day: 29))
    }
}
