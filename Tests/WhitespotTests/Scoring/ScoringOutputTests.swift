import Foundation
import Testing
import TestSupport
@testable import Whitespot

@Suite("Scoring output: CSV/JSONL, shards, customer lists")
struct ScoringOutputTests {
    @Test("CSV fields are quoted when they hold commas, quotes, newlines or edge spaces")
    func csvQuoting() {
        #expect(CSVText.quoted("plain") == "plain")
        #expect(CSVText.quoted("a,b") == "\"a,b\"")
        #expect(CSVText.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.quoted(" padded") == "\" padded\"")
        #expect(JSONText.quoted("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test("the eight-bytes-at-a-time scan finds the bytes that force quotes exactly where a byte loop does")
    func csvScan() {
        var noise = TestRandom(state: 5)
        let alphabet = Array("ab ,\"\n\rxé;".utf8)
        for length in 0 ..< 40 {
            for _ in 0 ..< 50 {
                let bytes = (0 ..< length).map { _ in alphabet[Int(noise.step() >> 33) % alphabet.count] }
                let rare = bytes.map { [34, 44, 10, 13].contains($0) ? UInt8(ascii: "y") : $0 }   // mostly plain fields too
                for field in [bytes, rare] {
                    let got = field.withUnsafeBufferPointer(CSVText.scan)
                    #expect(got.quote == field.contains(34))
                    #expect(got.special == field.contains { [34, 44, 10, 13].contains($0) })
                }
            }
        }
    }

    @Test("rows formatted on several workers come out in order, identical to one worker's")
    func parallelFormatting() throws {
        let (lines, model) = ScoringFixture.random(customers: 700, products: 30)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let customers = Array(0 ..< scorer.data.customers.count)
        let recs = scorer.recommendations(forCustomers: customers, threads: 2).flatMap { $0 }
        let lists = scorer.rankings(forCustomers: customers, top: 5, threads: 2)
        #expect(recs.count > 3 * 256)
        for format in RecommendationWriter.Format.allCases {
            let writer = RecommendationWriter(format: format, data: scorer.data)
            let rows = writer.rows(recs)
            #expect(rows.split(separator: "\n").count == recs.count)
            #expect(writer.rows(recs, threads: 3) == rows)
            #expect(writer.rankingRows(customers: customers, rankings: lists, threads: 3)
                == writer.rankingRows(customers: customers, rankings: lists))
            // Per customer, as the workers of `score` format them, the same bytes.
            #expect(customers.flatMap { writer.rankingRowBytes(customer: $0, ranking: lists[$0]) }
                == Array(writer.rankingRows(customers: customers, rankings: lists).utf8))
            #expect(scorer.recommendations(forCustomers: customers, threads: 2).flatMap { writer.rowBytes($0) } == Array(rows.utf8))
        }
        #expect(RecommendationWriter.joined(count: 1000, threads: 3) { n, out in out.appendText("\(n),") }
            == Array((0 ..< 1000).map { "\($0)," }.joined().utf8))
    }

    @Test("writer rows carry every column; names with commas survive a CSV round trip")
    func writerRows() throws {
        var lines = ScoringFixture.lines([("C,1", "S", "p1", 1, 0), ("C2", "S", "p2", 1, 0)])
        lines.catalog.name[Int(lines.products.index(of: "p2")!)] = "Paper, \"A4\""
        let model = ScoringFixture.model(products: [("p1", [1]), ("p2", [0.5])], customers: [("C,1", [1])])
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let recs = scorer.recommendations(forCustomers: [0], threads: 1)[0]
        let csv = RecommendationWriter(format: .csv, data: scorer.data)
        let text = csv.header + csv.rows(recs)
        #expect(text.hasPrefix("customer,rank,product,product_name,kind,score,affinity,penetration,expected_revenue,suggested_quantity,path,reason\n"))
        let row = text.split(separator: "\n")[1]
        #expect(row.hasPrefix("\"C,1\",1,p2,\"Paper, \"\"A4\"\"\",cross-sell,"))
        #expect(row.contains(",model,"))
        let json = RecommendationWriter(format: .jsonl, data: scorer.data).rows(recs)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["customer"] as? String == "C,1")
        #expect(object?["product_name"] as? String == "Paper, \"A4\"")
        #expect(object?["suggested_quantity"] is NSNull)
        #expect(object?["penetration"] as? Double == 0.5)
        #expect(DecimalText.rounded(0.1234567, digits: 6) == "0.123457")
        #expect(DecimalText.rounded(3, digits: 2) == "3")
    }

    /// The spelling every output used before numbers were written digit by digit: round, then
    /// Swift's shortest round-trip `description` (an integer without ".0").
    static func describedRounding(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return "\(r)"
    }

    @Test("numbers written digit by digit read exactly as Swift's own description of the rounded value")
    func decimalSpelling() {
        var random = SplitMix64(seed: 7)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1e-7, 0.0009996, 0.00099949, 0.001, 0.0123, 12.345, 99.995, -99.995,
                                 123456789.1234565, 9_999_999.999_999_6, 1e13 + 0.25, 1e15 - 0.5, 1e16 + 2, .nan, .infinity]
        for _ in 0..<100_000 {
            let magnitude = Double(random.next() % 2_000) / 100 - 8     // 10^-8 ... 10^12
            let sign: Double = random.next() % 4 == 0 ? -1 : 1
            values.append(sign * Double(random.next() % 1_000_000) / 1_000_000 * pow(10, magnitude))
        }
        for v in values {
            for digits in [0, 2, 6] {
                #expect(DecimalText.rounded(v, digits: digits) == Self.describedRounding(v, digits), "\(v) at \(digits) digits")
            }
        }
    }

    @Test("shards split the customer list into blocks, together covering it exactly once")
    func shards() throws {
        let customers = Array(0..<(Scorer.blockSize * 5 + 7))
        var all: [Int] = []
        for i in 1...3 { all += try #require(Shard("\(i)/3")).select(customers) }
        #expect(all.sorted() == customers)
        let second = try #require(Shard("2/3")).select(customers)
        #expect(second.first == Scorer.blockSize && second.count == 2 * Scorer.blockSize)
        for bad in ["0/3", "4/3", "2", "a/b", "1/0", "1/2/3", "-1/2"] {
            #expect(Shard(bad) == nil, "\(bad)")
        }
        #expect(Shard("2/3")?.description == "2/3" && Shard(index: 3, of: 2) == nil)
    }

    @Test("contiguous shards are runs of whole blocks that concatenate, in shard order, to the list")
    func contiguousShards() throws {
        let customers = Array(0..<(Scorer.blockSize * 5 + 7))   // 6 blocks
        for n in [1, 2, 4, 6, 9] {
            var all: [Int] = []
            for i in 1...n { all += try #require(Shard(index: i, of: n, layout: .contiguous)).select(customers) }
            #expect(all == customers, "n = \(n)")
        }
        // 6 blocks over 4 shards: 1, 2, 1, 2 blocks; the last block is the short one.
        let sizes = try (1...4).map { try #require(Shard(index: $0, of: 4, layout: .contiguous)).select(customers).count }
        #expect(sizes == [Scorer.blockSize, 2 * Scorer.blockSize, Scorer.blockSize, Scorer.blockSize + 7])
        #expect(try #require(Shard("1/9", layout: .contiguous)).select(customers).isEmpty)   // more shards than blocks
    }

    @Test("--customers file: header and blanks skipped, duplicates once, unknown id named with file:line")
    func customerList() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("customers-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let vocabulary = Vocabulary(["A", "B", "C"])
        try "customer_id\r\nC\r\n\r\nA\r\nC\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CustomerList.read(path: path, customers: vocabulary) == [2, 0])
        try "A\nZ\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScoringError.unknownCustomer(path: path, line: 2, id: "Z")) {
            try CustomerList.read(path: path, customers: vocabulary)
        }
        #expect(ScoringError.unknownCustomer(path: path, line: 2, id: "Z").description
            == "\(path):2:1: customer 'Z' does not appear in the orders")
    }
}
