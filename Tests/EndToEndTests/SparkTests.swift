import Foundation
import Testing
import TestSupport
import Whitespot

/// The Spark jobs of spark/ in Spark local mode (`make spark-test`): the python with pyspark
/// is named by WHITESPOT_SPARK_PYTHON (scripts/bootstrap-spark.sh prepares it); without it, or
/// without the Online Retail export, these tests are skipped. Each Spark run takes minutes.
enum SparkJobs {
    /// The python that runs the jobs, when the Spark tests are asked for.
    static let python = ProcessInfo.processInfo.environment["WHITESPOT_SPARK_PYTHON"]
    /// The Online Retail export, relative to the package root.
    static let orders = RealData.onlineRetail[0]
    /// Whether the Spark tests run.
    static var enabled: Bool {
        python != nil && FileManager.default.fileExists(atPath: WhitespotBinary.root.appendingPathComponent(orders).path)
    }

    /// Runs `spark/<script>` with `arguments` in local mode on two cores; returns (status, stdout, stderr).
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try WhitespotBinary.run(
            [WhitespotBinary.root.appendingPathComponent("spark/\(script)").path, "--master", "local[2]"] + arguments,
            executable: python ?? "/usr/bin/python3")
    }
}

@Suite("Spark jobs", .serialized) struct SparkTests {
    /// The mapping flags of the Online Retail export (README), without the file.
    static let mapping = Array(RealData.onlineRetail.dropFirst())

    @Test("Spark ALS sees Whitespot's purchase pairs and confidences; its imported model scores within 10 % of ours",
          .enabled(if: SparkJobs.enabled, "WHITESPOT_SPARK_PYTHON is unset (make spark-test) or Online Retail is absent"))
    func trainImportEvaluate() throws {
        let dir = try scratchDirectory("spark-train")
        defer { try? FileManager.default.removeItem(at: dir) }
        let factors = dir.appendingPathComponent("spark.factors").path, pairsFile = dir.appendingPathComponent("pairs.csv").path
        let model = dir.appendingPathComponent("spark.safetensors").path
        let cutoff = "2010-10-01"
        let trained = try SparkJobs.run(
            "whitespot_spark_train.py",
            [SparkJobs.orders] + Self.mapping + ["--before", cutoff, "--out", factors, "--pairs-out", pairsFile, "--json"])
        try #require(trained.status == 0, "\(trained.err)")

        // The pairs and confidences Spark trained on are the train split's, pair for pair.
        var options = IngestOptions()
        options.mapping = try ColumnMapping(parsing: Self.mapping[1])
        options.excludeProducts = try ProductList.codes(from: RealData.onlineRetailExcluded)
        let all = try OrderReader.read(path: WhitespotBinary.root.appendingPathComponent(SparkJobs.orders).path, options: options).0
        let lines = all.before(try #require(Days.parseISO(cutoff))).lines
        let matrix = PurchaseMatrix(lines)
        let confidence = TrainingParameters().confidences(for: matrix)
        var ours: [String: (lines: Int32, lastDay: Int32, confidence: Float)] = [:]
        for u in 0..<matrix.customerCount {
            for k in matrix.pairs(ofCustomer: u) {
                ours[lines.customers[u] + "\t" + lines.products[Int(matrix.product[k])]] = (matrix.lines[k], matrix.lastDay[k], confidence[k])
            }
        }
        let rows = ScoreCommandTests.parseCSV(try String(contentsOfFile: pairsFile, encoding: .utf8))
        #expect(rows.first == ["customer_id", "product_id", "lines", "quantity", "revenue", "last_day", "rating"])
        let spark = rows.dropFirst()
        #expect(spark.count == matrix.pairCount && matrix.pairCount > 190_000)
        var mismatches: [String] = []
        for row in spark {
            guard let mine = ours[row[0] + "\t" + row[1]], let rating = Double(row[6]) else {
                mismatches.append("\(row[0]) \(row[1]): not a Whitespot pair"); continue
            }
            let c = Float(1 + rating)   // alpha = 1
            if Int32(row[2]) != mine.lines || Int32(row[5]) != mine.lastDay || abs(c - mine.confidence) > 1e-6 * mine.confidence {
                mismatches.append("\(row[0]) \(row[1]): spark \(row[2]) lines, day \(row[5]), c \(c); ours \(mine)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")

        // Imported for the training period, the model is measured by evaluate --model.
        let imported = try WhitespotBinary.run(
            ["import-factors", SparkJobs.orders] + Self.mapping + ["--factors", factors, "--before", cutoff, "--model", model])
        try #require(imported.status == 0, "\(imported.err)")
        func ndcg(_ extra: [String]) throws -> Double {
            let r = try WhitespotBinary.run(["evaluate", SparkJobs.orders] + Self.mapping + ["--cutoff", cutoff, "--json"] + extra)
            try #require(r.status == 0, "\(r.err)")
            let root = try JSONDecoder().decode(ReportCheck.JSONValue.self, from: Data(r.out.utf8))
            guard case .array(let methods) = root.resolve("/methods") else { throw CancellationError() }
            let delivered = try #require(methods.indices.first {
                if case .text(let name) = root.resolve("/methods/\($0)/method") { return name == "delivered list" }
                return false
            })
            guard case .number(let value) = root.resolve("/methods/\(delivered)/ndcg") else { throw CancellationError() }
            return value
        }
        let theirs = try ndcg(["--model", model]), whitespot = try ndcg([])
        #expect(abs(theirs - whitespot) <= 0.1 * whitespot, "Spark \(theirs), Whitespot \(whitespot)")
        #expect(whitespot > 0.09)

        // similar and score use the imported model unchanged.
        let similar = try WhitespotBinary.run(["similar", "--model", model, "85123A", "--top", "5"])
        #expect(similar.status == 0 && similar.out.contains("21733"), "\(similar.out)\(similar.err)")
        let scored = try WhitespotBinary.run(["score", SparkJobs.orders] + Self.mapping + ["--model", model, "--top", "3"])
        #expect(scored.status == 0 && scored.out.split(separator: "\n").count > 10_000, "\(scored.err)")

        // Factors of the training period do not fit all orders: refused, nothing written.
        let wrong = dir.appendingPathComponent("wrong.safetensors").path
        let refused = try WhitespotBinary.run(
            ["import-factors", SparkJobs.orders] + Self.mapping + ["--factors", factors, "--model", wrong])
        #expect(refused.status != 0 && refused.err.contains("purchase pairs"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: wrong))
    }

    @Test("4 shards scored as Spark tasks concatenate to the single-machine output byte for byte",
          .enabled(if: SparkJobs.enabled, "WHITESPOT_SPARK_PYTHON is unset (make spark-test) or Online Retail is absent"))
    func shardedScoring() throws {
        let dir = try scratchDirectory("spark-score")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.safetensors").path
        let train = try WhitespotBinary.run(
            ["train", SparkJobs.orders] + Self.mapping + ["--factors", "16", "--iterations", "3", "--model", model])
        try #require(train.status == 0, "\(train.err)")
        for flags in [["--top", "3"], ["--top", "10", "--ranking-only"]] {
            let single = try WhitespotBinary.run(["score", SparkJobs.orders] + Self.mapping + ["--model", model] + flags)
            try #require(single.status == 0, "\(single.err)")
            let parts = dir.appendingPathComponent("parts\(flags.count)")
            let r = try SparkJobs.run(
                "whitespot_spark_score.py",
                ["--shards", "4", "--binary", WhitespotBinary.path, "--model", model, "--output", parts.path, "--"]
                    + [SparkJobs.orders] + Self.mapping + flags)
            try #require(r.status == 0, "\(r.err)")
            let files = try FileManager.default.contentsOfDirectory(atPath: parts.path).filter { $0.hasPrefix("part-") }.sorted()
            #expect(files.count == 4)
            var joined = Data()
            for f in files { joined += try Data(contentsOf: parts.appendingPathComponent(f)) }
            #expect(joined == Data(single.out.utf8), "\(flags): \(joined.count) bytes from the shards, \(single.out.utf8.count) from one run")
        }
    }
}
