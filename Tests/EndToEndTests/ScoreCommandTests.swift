import Foundation
import Testing
import Whitespot
import TestSupport

/// `whitespot score` and `whitespot basket` run as a user would, on the real sample data.
@Suite struct ScoreCommandTests {
    static let groceries = "../shared/data/groceries/Groceries_dataset.csv"
    static let groceriesMapping = ["--columns", "customer=Member_number,date=Date,product=itemDescription", "--date-format", "dd-MM-yyyy"]

    /// A temporary directory removed by the caller.
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-score-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Superstore order lines read with the library, as the CLI reads them.
    static func superstoreLines() throws -> OrderLines {
        var options = IngestOptions()
        options.mapping = try ColumnMapping(parsing: Superstore.mapping[1])
        options.dateFormat = try DateFormat("M/d/yyyy")
        return try OrderReader.read(path: WhitespotBinary.root.appendingPathComponent(Superstore.file).path, options: options).0
    }

    /// Trains a small model on the Superstore customers that `keep` accepts and saves it.
    static func trainModel(at path: String, keep: (String) -> Bool = { _ in true }) throws {
        let lines = try superstoreLines()
        // Re-intern so that dropped customers are not in the model's vocabulary at all.
        var kept = OrderLines()
        kept.catalog = lines.catalog
        kept.products = lines.products
        kept.segments = lines.segments
        kept.orders = lines.orders
        kept.hasRevenue = lines.hasRevenue
        kept.hasQuantity = lines.hasQuantity
        for i in 0..<lines.count where keep(lines.customers[Int(lines.customer[i])]) {
            kept.append(customer: kept.customers.intern(lines.customers[Int(lines.customer[i])]), product: lines.product[i],
                        day: lines.day[i], quantity: lines.quantity[i], revenue: lines.revenue[i],
                        segment: lines.segment[i], order: lines.order[i])
        }
        var parameters = TrainingParameters()
        parameters.factors = 8
        parameters.iterations = 3
        parameters.threads = 2
        try ALSTrainer.train(lines: kept, segmentSource: .column, parameters: parameters).save(to: path)
    }

    /// Splits CSV text into rows of fields (RFC 4180 quoting).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
            } else if c == "\"" {
                if afterQuote { field.append("\"") }
                quoted = true; afterQuote = false
            } else if c == "," {
                row.append(field); field = ""; afterQuote = false
            } else if c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            } else {
                field.append(c); afterQuote = false
            }
        }
        return rows
    }

    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent")) func superstoreRecommendationsAreCompleteDeterministicAndAtomic() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors").path
        try Self.trainModel(at: model)
        var texts: [String] = []
        for threads in ["1", "2"] {
            let out = dir.appendingPathComponent("recs-\(threads).csv").path
            let r = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping
                + ["--model", model, "--out", out, "--threads", threads, "--json"])
            #expect(r.status == 0, "\(r.err)")
            texts.append(try String(contentsOfFile: out, encoding: .utf8))
            let summary = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            #expect(summary?["customers"] as? Int == 793)
            #expect((summary?["paths"] as? [String: Int])?["model"] == 793)
            let rows = Self.parseCSV(texts.last ?? "")
            #expect(rows.first == RecommendationWriter.columns)
            #expect(summary?["recommendations"] as? Int == rows.count - 1)
            let body = rows.dropFirst()
            #expect(body.count > 2000 && body.count <= 793 * 4)
            // Three whitespots per customer (deep-sells follow them), except the short lists the summary counts.
            let whitespots = Dictionary(grouping: body.filter { $0[4] != "deep-sell" }, by: { $0[0] })
            let short = 793 - whitespots.values.filter { $0.count == 3 }.count
            #expect(summary?["short_lists"] as? Int == short)
            #expect(body.allSatisfy { $0.count == RecommendationWriter.columns.count })
            #expect(Set(body.map { $0[4] }).isSubset(of: ["cross-sell", "up-sell", "deep-sell"]))
            #expect(Set(body.map { $0[4] }).count == 3, "every rule fires somewhere on Superstore")
            #expect(body.allSatisfy { !$0[11].isEmpty && $0[10] == "model" })
            // Per customer: ranks from 1, whitespots first, a deep-sell (if any) last.
            let first = body.filter { $0[0] == "AA-10315" }
            #expect(first.map { $0[1] } == ["1", "2", "3"] || first.map { $0[1] } == ["1", "2", "3", "4"])
            #expect(first.prefix(3).allSatisfy { $0[4] != "deep-sell" })
        }
        #expect(texts[0] == texts[1], "thread count changes nothing")
        // Bad input: no half-written output, a clear message, non-zero exit.
        let out = dir.appendingPathComponent("bad.csv").path
        let missing = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model", dir.appendingPathComponent("nope").path, "--out", out])
        #expect(missing.status != 0 && missing.err.contains("nope"))
        let list = dir.appendingPathComponent("customers.txt").path
        try "AA-10315\nNOT-A-CUSTOMER\n".write(toFile: list, atomically: true, encoding: .utf8)
        let unknown = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model", model, "--customers", list, "--out", out])
        #expect(unknown.status != 0 && unknown.err.contains("customers.txt:2:1: customer 'NOT-A-CUSTOMER'"))
        let shard = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model", model, "--shard", "3/2"])
        #expect(shard.status != 0 && shard.err.contains("The value '3/2' is invalid for '--shard <i/n>'"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") || $0.contains("tmp") }.isEmpty)
    }

    /// The delivered list on the real Superstore export with its product names: no product that
    /// stopped selling, no variant (same name, other code) of what the customer buys, checked
    /// against the raw file itself; `inspect` counts both.
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent")) func superstoreListsOfferNoDeadProductsAndNoVariants() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors").path
        try Self.trainModel(at: model)
        let mapping = ["--columns", Superstore.mapping[1] + ",name=Product Name", "--date-format", "M/d/yyyy"]
        let out = dir.appendingPathComponent("recs.csv").path
        let r = try WhitespotBinary.run(["score", Superstore.file] + mapping + ["--model", model, "--top", "10", "--out", out, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let window = try #require(summary["active_window_days"] as? Int)
        #expect(window >= 28 && (summary["inactive_products"] as? Int ?? 0) > 0 && (summary["variant_families"] as? Int ?? 0) > 0)
        // The raw file: each product's name and last sale day, each customer's bought names.
        let raw = Self.parseCSV(try String(contentsOfFile: WhitespotBinary.root.appendingPathComponent(Superstore.file).path, encoding: .utf8)
            .replacingOccurrences(of: "\r\n", with: "\n"))
        let header = raw[0].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")) }
        let col = { (name: String) in header.firstIndex(of: name) ?? -1 }
        let (cust, prod, date, name, sub) = (col("Customer ID"), col("Product ID"), col("Order Date"), col("Product Name"), col("Sub-Category"))
        let format = try DateFormat("M/d/yyyy")
        var lastSale: [String: Int32] = [:], saleDays: [String: Set<Int32>] = [:], nameOf: [String: String] = [:], boughtNames: [String: Set<String>] = [:], bought: [String: Set<String>] = [:]
        var end = Int32.min
        for row in raw.dropFirst() where row.count == header.count {
            let day = try #require(format.day(of: Array(row[date].utf8)))
            end = max(end, day)
            lastSale[row[prod]] = max(lastSale[row[prod]] ?? .min, day)
            saleDays[row[prod], default: []].insert(day)
            let family = row[sub] + "|" + row[name].lowercased().split(separator: " ").joined(separator: " ")
            nameOf[row[prod]] = family
            boughtNames[row[cust], default: []].insert(family)
            bought[row[cust], default: []].insert(row[prod])
        }
        let rows = Self.parseCSV(try String(contentsOfFile: out, encoding: .utf8)).dropFirst().filter { $0.count > 4 }
        #expect(rows.count > 7000)
        func isVariant(_ row: [String]) -> Bool {
            guard row[4] != "deep-sell", let family = nameOf[row[2]] else { return false }
            return boughtNames[row[0], default: []].contains(family) && !(bought[row[0]]?.contains(row[2]) ?? false)
        }
        // Each product's own window: the default, or its longest gap between sale days (at most a year).
        func ownWindow(_ product: String) -> Int {
            let days = (saleDays[product] ?? []).sorted()
            let longest = zip(days.dropFirst(), days).map { Int($0 - $1) }.max() ?? 0
            return max(window, min(longest, 364))
        }
        for row in rows {
            #expect(Int(end - (lastSale[row[2]] ?? .min)) < ownWindow(row[2]), "\(row[2]) last sold \(lastSale[row[2]] ?? 0)")
        }
        #expect(!rows.contains(where: isVariant))
        // The same run with both rules off offers some of each.
        let open = try WhitespotBinary.run(["score", Superstore.file] + mapping
            + ["--model", model, "--top", "10", "--active-within", "0", "--keep-variants", "--json", "--out", out])
        #expect(open.status == 0)
        let openRows = Self.parseCSV(try String(contentsOfFile: out, encoding: .utf8)).dropFirst().filter { $0.count > 4 }
        #expect(openRows.contains { Int(end - (lastSale[$0[2]] ?? .min)) >= ownWindow($0[2]) })
        #expect(openRows.contains(where: isVariant))
        // inspect counts the same catalogue facts.
        let inspect = try WhitespotBinary.run(["inspect", Superstore.file] + mapping + ["--json"])
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(inspect.out.utf8)) as? [String: Any])
        #expect(profile["activeWindowDays"] as? Int == window)
        #expect(profile["inactiveProducts"] as? Int == summary["inactive_products"] as? Int)
        #expect((profile["sharedNames"] as? Int ?? 0) == summary["variant_families"] as? Int)
    }

    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent")) func subsetsShardsJSONLinesRankingOnlyAndFoldIn() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors").path
        // Train without customers whose id starts with "A": they are folded in when scored.
        try Self.trainModel(at: model) { !$0.hasPrefix("A") }
        let list = dir.appendingPathComponent("customers.txt").path
        try "customer_id\nZD-21925\nAA-10315\n".write(toFile: list, atomically: true, encoding: .utf8)
        let r = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping
            + ["--model", model, "--customers", list, "--format", "jsonl", "--top", "2", "--no-rules"])
        #expect(r.status == 0, "\(r.err)")
        let objects = try r.out.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0?["customer"] as? String } == ["ZD-21925", "ZD-21925", "AA-10315", "AA-10315"])
        #expect(objects.map { $0?["path"] as? String } == ["model", "model", "folded-in", "folded-in"])
        #expect(objects.allSatisfy { $0?["kind"] as? String == "cross-sell" })
        #expect(r.err.contains("1 model, 1 folded-in, 0 segment-only"))
        // Ranking-only equals the rule-free recommendations' products; shards 1/2 + 2/2 = the whole run.
        var whole: [String] = []
        for shard in ["1/2", "2/2"] {
            let s = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping
                + ["--model", model, "--ranking-only", "--top", "2", "--shard", shard])
            #expect(s.status == 0, "\(s.err)")
            whole += s.out.split(separator: "\n").dropFirst().map(String.init)
        }
        let all = try WhitespotBinary.run(["score", Superstore.file] + Superstore.mapping + ["--model", model, "--ranking-only", "--top", "2"])
        #expect(all.out.split(separator: "\n").first == "customer,rank,product,score")
        #expect(whole.sorted() == all.out.split(separator: "\n").dropFirst().map(String.init).sorted())
        #expect(whole.count == 793 * 2)
        let zd = all.out.split(separator: "\n").filter { $0.hasPrefix("ZD-21925,") }.map { $0.split(separator: ",")[2] }
        #expect(zd == objects.prefix(2).compactMap { ($0?["product"] as? String).map { Substring($0) } })
    }

    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent")) func groceriesBasketRulesMatchMlxtendCounts() throws {
        // 114 rules at these thresholds, metric for metric equal to mlxtend 0.25 (Benchmarks/compare/compare_basket.sh).
        let r = try WhitespotBinary.run(["basket", Self.groceries] + Self.groceriesMapping
            + ["--min-support", "0.001", "--min-confidence", "0.1", "--top", "3", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        #expect(report?["baskets"] as? Int == 14963)
        #expect(report?["baskets_by"] as? String == "customer+day")
        #expect(report?["rule_count"] as? Int == 114)
        let top = (report?["rules"] as? [[String: Any]])?.first
        #expect(top?["antecedents"] as? [String] == ["flour"] && top?["consequents"] as? [String] == ["tropical fruit"])
        let bad = try WhitespotBinary.run(["basket", Self.groceries] + Self.groceriesMapping + ["--max-length", "4"])
        #expect(bad.status != 0 && bad.err.contains("--max-length"))
    }
}
