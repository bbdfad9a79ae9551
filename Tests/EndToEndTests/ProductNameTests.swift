import Foundation
import Testing
import TestSupport

/// `basket` and `similar` name the products when the data has names (the orders' name column or
/// `--catalog`), on Online Retail II (StockCode with Description); nothing changes without names.
@Suite(.enabled(if: RealData.available, "shared/data is absent"))
struct ProductNameTests {
    /// Online Retail with the Description column mapped as the product name.
    static let named = RealData.onlineRetail.map { $0.hasPrefix("customer=") ? $0 + ",name=Description" : $0 }
    /// Thresholds that leave a few dozen rules on Online Retail.
    static let thresholds = ["--min-support", "0.02", "--min-confidence", "0.3", "--top", "5"]

    /// The rules of `basket --json`.
    static func rules(_ out: String) throws -> [[String: Any]] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        return try #require(report["rules"] as? [[String: Any]])
    }

    /// StockCode → the Descriptions the file gives it, for the codes `ids`.
    static func descriptions(of ids: Set<String>) throws -> [String: Set<String>] {
        let data = try Data(contentsOf: WhitespotBinary.root.appendingPathComponent(RealData.onlineRetail[0]))
        var out: [String: Set<String>] = [:]
        for line in data.split(separator: 10).dropFirst() {
            // Invoice and StockCode are never quoted: the code is the text between the first two commas.
            guard let first = line.firstIndex(of: 44), let second = line[(first + 1)...].firstIndex(of: 44),
                  ids.contains(String(decoding: line[(first + 1) ..< second], as: UTF8.self)) else { continue }
            let fields = ScoreCommandTests.parseCSV(String(decoding: line, as: UTF8.self) + "\n")[0]
            out[fields[1], default: []].insert(fields[2])
        }
        return out
    }

    @Test func basketNamesTheProductsOfEveryRuleAndChangesNothingElse() throws {
        let plain = try WhitespotBinary.run(["basket"] + RealData.onlineRetail + Self.thresholds + ["--json"])
        let named = try WhitespotBinary.run(["basket"] + Self.named + Self.thresholds + ["--json"])
        #expect(plain.status == 0 && named.status == 0, "\(plain.err) \(named.err)")
        let without = try Self.rules(plain.out), with = try Self.rules(named.out)
        #expect(with.count == 5 && without.count == 5)
        #expect(without.allSatisfy { $0["antecedent_names"] == nil && $0["consequent_names"] == nil })
        let descriptions = try Self.descriptions(of: Set(with.flatMap { ($0["antecedents"] as? [String] ?? []) + ($0["consequents"] as? [String] ?? []) }))
        for (a, b) in zip(without, with) {
            // The same rule, figure for figure; the names are the file's descriptions of the codes.
            for key in ["antecedents", "consequents"] { #expect(a[key] as? [String] == b[key] as? [String]) }
            for key in ["support", "confidence", "lift"] { #expect(a[key] as? Double == b[key] as? Double) }
            for side in ["antecedent", "consequent"] {
                let ids = try #require(b[side + "s"] as? [String]), names = try #require(b[side + "_names"] as? [String])
                #expect(ids.count == names.count)
                for (id, name) in zip(ids, names) { #expect(descriptions[id]?.contains(name) == true, "\(id): \(name)") }
            }
        }
        // Text: each code with its name beside it.
        let text = try WhitespotBinary.run(["basket"] + Self.named + Self.thresholds)
        let first = try #require(with.first)
        let id = try #require((first["antecedents"] as? [String])?.first), name = try #require((first["antecedent_names"] as? [String])?.first)
        #expect(text.out.contains("\(id) (\(name))"), "\(text.out)")
        let plainText = try WhitespotBinary.run(["basket"] + RealData.onlineRetail + Self.thresholds)
        #expect(!plainText.out.contains("(\(name))"))
    }

    @Test func aCatalogueNamesTheProductsOfBasketAndSimilar() throws {
        let dir = try scratchDirectory("names-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A catalogue with its own header naming two products of the first rule and one unknown code.
        let plain = try Self.rules(try WhitespotBinary.run(["basket"] + RealData.onlineRetail + Self.thresholds + ["--json"]).out)
        let rule = try #require(plain.first)
        let a = try #require((rule["antecedents"] as? [String])?.first), c = try #require((rule["consequents"] as? [String])?.first)
        let catalog = dir.appendingPathComponent("catalog.csv")
        try "ProductKey,Label\n\(a),Catalogue name A\n\(c),Catalogue name C\nNOPE,never sold\n".write(to: catalog, atomically: true, encoding: .utf8)
        let withCatalog = RealData.onlineRetail + ["--catalog", catalog.path, "--catalog-columns", "product=ProductKey,name=Label"]
        let r = try WhitespotBinary.run(["basket"] + withCatalog + Self.thresholds + ["--json"])
        #expect(r.status == 0, "\(r.err)")
        let named = try #require(try Self.rules(r.out).first)
        #expect(named["antecedent_names"] as? [String?] == ["Catalogue name A"] && named["consequent_names"] as? [String?] == ["Catalogue name C"])
        // A product the catalogue leaves out is null in JSON and its code alone in the text.
        let others = try Self.rules(r.out).flatMap { (($0["antecedent_names"] as? [Any]) ?? []) + (($0["consequent_names"] as? [Any]) ?? []) }
        #expect(others.contains { $0 is NSNull })

        // similar: a model trained with the catalogue names its neighbours, one without does not.
        for (flags, expectName) in [(withCatalog, true), (RealData.onlineRetail, false)] {
            let model = dir.appendingPathComponent("m\(expectName).safetensors").path
            let train = try WhitespotBinary.run(["train"] + flags + ["--model", model, "--factors", "8", "--iterations", "2", "--threads", "2"])
            #expect(train.status == 0, "\(train.err)")
            let near = try WhitespotBinary.run(["similar", "--model", model, a, "--top", "100000", "--json"])
            #expect(near.status == 0, "\(near.err)")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(near.out.utf8)) as? [[String: Any]])
            #expect(list.contains { $0["id"] as? String == c && $0["name"] as? String == (expectName ? "Catalogue name C" : nil) })
            #expect(list.filter { $0["name"] != nil }.count == (expectName ? 1 : 0))
            let text = try WhitespotBinary.run(["similar", "--model", model, a, "--top", "100000"])
            let row = text.out.split(separator: "\n").first { $0.contains(" \(c) ") }
            #expect(row?.hasSuffix("Catalogue name C") == expectName, "\(row ?? "")")
            #expect(text.out.split(separator: "\n").first?.hasSuffix("name") == expectName)
        }
    }
}
