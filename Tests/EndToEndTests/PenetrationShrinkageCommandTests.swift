import Foundation
import Testing
import TestSupport
import Whitespot

@Suite("--penetration-shrinkage end to end")
struct PenetrationShrinkageCommandTests {
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func scoreStatesTheStrengthInEffectAndBadValuesFailNamingTheFlag() throws {
        let dir = try scratchDirectory("penetration-shrinkage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors").path
        try ScoreCommandTests.trainModel(at: model)
        func score(_ extra: [String], out: String) throws -> (status: Int32, out: String, err: String) {
            let r = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + [
                "--model", model, "--top", "5", "--out", dir.appendingPathComponent(out).path] + extra)
            return (r.status, r.out, r.err)
        }
        func summary(_ json: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
        // auto: the strength the Segment column's own table supports, as the library estimates it.
        let estimated = try ScoreCommandTests.superstoreLines()
        let table = SegmentPenetration(matrix: PurchaseMatrix(estimated), segments: CustomerSegments(estimated, by: .column))
        let auto = try score(["--json"], out: "auto.csv")
        #expect(auto.status == 0, "\(auto.err)")
        let phrase = PenetrationShrinkage.phrase(strength: table.estimatedShrinkage.strength)
        #expect(phrase.hasSuffix(" customers"), "Superstore's segments differ a little beyond chance")
        #expect(try summary(auto.out)["penetration_shrinkage"] as? String == phrase)

        let none = try score(["--penetration-shrinkage", "none", "--json"], out: "none.csv")
        #expect(none.status == 0, "\(none.err)")
        #expect(try summary(none.out)["penetration_shrinkage"] as? String == "none")
        let fixed = try score(["--penetration-shrinkage", "250"], out: "fixed.csv")
        #expect(fixed.status == 0, "\(fixed.err)")
        #expect(fixed.err.contains("with blend 0.5 (penetration shrinkage: 250 customers)"), "\(fixed.err)")
        let a = try String(contentsOf: dir.appendingPathComponent("none.csv"), encoding: .utf8)
        let b = try String(contentsOf: dir.appendingPathComponent("fixed.csv"), encoding: .utf8)
        #expect(a != b, "a strength of 250 customers reorders some lists")

        for bad in ["-1", "many", "inf", "nan"] {
            let r = try score(["--penetration-shrinkage", bad], out: "bad.csv")
            #expect(r.status != 0 && r.err.contains("--penetration-shrinkage"), "\(bad): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.csv").path))
    }

    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func tunedSubCategoriesDeliverAtLeastPopularity() throws {
        // The target on real data: at sub-category level the segments differ little
        // beyond chance, the shrunk term stays with popularity, and so does the tuned list.
        let r = try WhitespotBinary.run(["evaluate", Superstore.file] + Superstore.mapping + [
            "--cutoff", "2019-07-01", "--product-level", "Sub-Category", "--tune", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let methods = try #require(json["methods"] as? [[String: Any]])
        func ndcg(_ name: String) throws -> Double { try #require(methods.first { $0["method"] as? String == name }?["ndcg"] as? Double) }
        #expect(try ndcg("delivered list") >= ndcg("popularity"), "\(methods)")
    }
}
