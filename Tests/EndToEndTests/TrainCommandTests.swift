import Foundation
import Testing
import Whitespot
import TestSupport

/// The Groceries dataset with its column mapping (shared/data/README.md).
enum Groceries {
    static let file = "../shared/data/groceries/Groceries_dataset.csv"
    static var available: Bool { FileManager.default.fileExists(atPath: WhitespotBinary.root.appendingPathComponent(file).path) }
    static let mapping = ["--columns", "customer=Member_number,date=Date,product=itemDescription", "--date-format", "dd-MM-yyyy"]
}

@Suite("train, similar and models commands")
struct TrainCommandTests {
    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-train-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceriesTrainsDeterministicallyAndFindsNeighbours() throws {
        let dir = try scratch()
        var paths: [String] = []
        for name in ["a", "b"] {
            let path = dir + "/\(name).safetensors"
            let r = try WhitespotBinary.run(["train", Groceries.file] + Groceries.mapping + [
                "--model", path, "--factors", "16", "--iterations", "4", "--threads", "2", "--loss", "--json"])
            #expect(r.status == 0, "\(r.err)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            #expect(summary["customers"] as? Int == 3898 && summary["products"] as? Int == 167)
            #expect(summary["lines"] as? Int == 38_765, "every row of the file (counted before the lines are freed)")
            #expect((summary["pairs"] as? Int ?? 0) > 30_000)
            #expect((summary["iterationSeconds"] as? [Double])?.count == 4)
            let losses = try #require(summary["losses"] as? [Double])
            #expect(losses.count == 4 && losses[3] < losses[0])
            #expect(r.err.isEmpty, "no progress bar in a pipe: \(r.err)")
            paths.append(path)
        }
        let a = try WhitespotModel.load(from: paths[0]), b = try WhitespotModel.load(from: paths[1])
        #expect(a.customerFactors == b.customerFactors && a.productFactors == b.productFactors)
        #expect(a.dataFingerprint == b.dataFingerprint && a.factors == 16)

        let near = try WhitespotBinary.run(["similar", "--model", paths[0], "whole milk", "--top", "5", "--json"])
        #expect(near.status == 0, "\(near.err)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(near.out.utf8)) as? [[String: Any]])
        #expect(list.count == 5 && !list.contains { $0["id"] as? String == "whole milk" })
        let cosines = list.compactMap { $0["cosine"] as? Double }
        #expect(cosines == cosines.sorted(by: >))

        let unknown = try WhitespotBinary.run(["similar", "--model", paths[0], "caviar"])
        #expect(unknown.status != 0 && unknown.err.contains("unknown product 'caviar'"))
    }

    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceriesStopsEarlyAndRecordsTheIterationsRun() throws {
        let path = try scratch() + "/early.safetensors"
        let r = try WhitespotBinary.run(["train", Groceries.file] + Groceries.mapping + [
            "--model", path, "--factors", "16", "--iterations", "40", "--tolerance", "0.01", "--threads", "2"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("(stopped early: the last one lowered the loss by less than 1.00 %)"), "\(r.out)")
        let model = try WhitespotModel.load(from: path)
        #expect(model.parameters.iterations < 40 && model.parameters.tolerance == 0.01)
        #expect(r.out.contains("16 factors, \(model.parameters.iterations) iterations"))
        let bad = try WhitespotBinary.run(["train", Groceries.file, "--model", path + "2", "--tolerance", "1.5"])
        #expect(bad.status != 0 && bad.err.contains("invalid --tolerance 1.5: must be a fraction between 0 and 1"), "\(bad.err)")
    }

    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func superstoreModelDirectoryListsAndServesLatest() throws {
        let dir = try scratch() + "/models"
        let mapping = Superstore.mapping.map { $0.hasPrefix("customer=") ? $0 + ",name=Product Name" : $0 }
        let train = try WhitespotBinary.run(["train", Superstore.file] + mapping + [
            "--model-dir", dir, "--factors", "8", "--iterations", "3", "--solver", "cholesky", "--signal", "revenue"])
        #expect(train.status == 0, "\(train.err)")
        #expect(train.out.contains("Trained 793 customers × 1,862 products"))
        let listing = try WhitespotBinary.run(["models", "--model-dir", dir])
        #expect(listing.status == 0 && listing.out.contains("Sample - Superstore.csv: 9,994 lines"))
        #expect(listing.out.contains("revenue/log1p") && listing.out.split(separator: "\n").count == 2)
        let near = try WhitespotBinary.run(["similar", "--model-dir", dir, "OFF-PA-10001970", "--top", "3"])
        #expect(near.status == 0 && near.out.split(separator: "\n").count == 4, "\(near.err)")
        #expect(near.out.contains("name"))
    }

    @Test func badInvocationsFailWithClearMessages() throws {
        let dir = try scratch()
        let noTarget = try WhitespotBinary.run(["train", "orders.csv"])
        #expect(noTarget.status != 0 && noTarget.err.contains("give --model PATH or --model-dir DIR"))
        let badFactors = try WhitespotBinary.run(["train", "orders.csv", "--model", dir + "/m", "--factors", "0"])
        #expect(badFactors.status != 0 && badFactors.err.contains("invalid --factors 0"))
        let damaged = dir + "/model.safetensors"
        try Data("{\"not\": \"a model\"}".utf8).write(to: URL(fileURLWithPath: damaged))
        let r = try WhitespotBinary.run(["similar", "--model", damaged, "x"])
        #expect(r.status != 0 && r.err.contains("model.safetensors: not a model file"))
        let empty = try WhitespotBinary.run(["similar", "--model-dir", dir, "x"])
        #expect(empty.status != 0 && empty.err.contains("no trained model here"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.safetensors"])
    }
}

@Suite("OpenBLAS kernels of the binary")
struct BLASCoreCommandTests {
    /// The "Core: NAME" lines OpenBLAS prints at load when OPENBLAS_VERBOSE=2.
    static func cores(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("Core: ") }.map { String($0.dropFirst(6)) }
    }

    @Test("the binary restarts on the kernels its CPU supports when OpenBLAS fell back to generic ones, and a user's OPENBLAS_CORETYPE wins")
    func restartsOnPreferredKernels() throws {
        let r = try WhitespotBinary.run(["generate", "--help"], environment: ["OPENBLAS_VERBOSE": "2"])
        #expect(r.status == 0)
        let cores = Self.cores(r.err)
        let first = try #require(cores.first)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if let preferred = BLASCore.preferredCore(current: first, cpuFlags: BLASCore.cpuFlags(cpuinfo: cpuinfo)) {
            #expect(cores == [first, preferred])
        } else {
            #expect(cores == [first])
        }
        let pinned = try WhitespotBinary.run(["generate", "--help"], environment: ["OPENBLAS_VERBOSE": "2", "OPENBLAS_CORETYPE": "Prescott"])
        #expect(Self.cores(pinned.err) == ["Prescott"])
    }
}

@Suite("train --algorithm ease end to end")
struct EASECommandTests {
    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceriesEASETrainsScoresAndFindsNeighbours() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-ease-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ease.safetensors"
        let r = try WhitespotBinary.run(["train", Groceries.file] + Groceries.mapping + [
            "--model", path, "--algorithm", "ease", "--ease-regularization", "200", "--half-life", "180", "--threads", "2", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(summary["family"] as? String == "ease" && summary["products"] as? Int == 167)
        let model = try WhitespotModel.load(from: path)
        #expect(model.family == .ease && model.ease?.regularization == 200 && model.ease?.halfLifeDays == 180)
        // 167 products: the default 512 neighbours keep every weight of B.
        #expect(model.itemWeights.productCount == 167 && model.itemWeights.largestRow == 166 && model.ease?.neighbours == EASEParameters.defaultNeighbours)

        // 200 customers of the data (reasons are the slow part in a debug build).
        let text = try String(contentsOf: WhitespotBinary.root.appendingPathComponent(Groceries.file), encoding: .utf8)
        var ids: [String] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() where ids.count < 200 {
            let id = String(line.prefix { $0 != "," })
            if !ids.contains(id) { ids.append(id) }
        }
        let customers = dir + "/customers.txt"
        try (["customer_id"] + ids).joined(separator: "\n").write(toFile: customers, atomically: true, encoding: .utf8)
        let scored = try WhitespotBinary.run(["score", Groceries.file] + Groceries.mapping + [
            "--model", path, "--customers", customers, "--format", "jsonl", "--top", "3", "--threads", "2"])
        #expect(scored.status == 0, "\(scored.err)")
        let rows = try scored.out.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        // Three whitespots for every customer (deep-sells follow them as rows of their own).
        let known = Set(rows.compactMap { $0["customer"] as? String })
        #expect(known.count == 200 && rows.filter { $0["kind"] as? String != "deep-sell" }.count == known.count * 3)
        #expect(rows.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0["affinity"] is Double })
        #expect(rows.contains { ($0["reason"] as? String)?.contains("like you") == true })

        let near = try WhitespotBinary.run(["similar", "--model", path, "whole milk", "--top", "5", "--json"])
        #expect(near.status == 0, "\(near.err)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(near.out.utf8)) as? [[String: Any]])
        #expect(list.count == 5 && !list.contains { $0["id"] as? String == "whole milk" })

        let listing = try WhitespotBinary.run(["train", "--help"])
        #expect(listing.out.contains("25,000"), "the product limit is printed in --help")
        #expect(listing.out.contains("--ease-neighbours"))
    }

    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceriesNeighbourModelKeepsKWeightsPerProduct() throws {
        let dir = try scratchDirectory("ease-k-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ease.safetensors", densePath = dir + "/dense.safetensors"
        let train = ["train", Groceries.file] + Groceries.mapping + ["--algorithm", "ease", "--ease-regularization", "200", "--threads", "2"]
        let r = try WhitespotBinary.run(train + ["--model", path, "--ease-neighbours", "16"])
        let d = try WhitespotBinary.run(train + ["--model", densePath, "--ease-neighbours", "1000"])
        #expect(r.status == 0 && d.status == 0, "\(r.err)\(d.err)")
        let model = try WhitespotModel.load(from: path), dense = try WhitespotModel.load(from: densePath)
        #expect(model.ease?.neighbours == 16 && model.itemWeights.offsets == (0 ... 167).map { $0 * 16 })
        #expect(dense.itemWeights.largestRow == 166)
        // Every kept weight is the dense model's, and no dropped one is larger in magnitude.
        let b = dense.itemWeights.dense(), n = 167
        for i in 0 ..< n {
            let row = model.itemWeights.offsets[i] ..< model.itemWeights.offsets[i + 1]
            let kept = Set(row.map { Int(model.itemWeights.neighbours[$0]) })
            #expect(row.allSatisfy { model.itemWeights.weights[$0] == b[i * n + Int(model.itemWeights.neighbours[$0])] })
            let smallestKept = row.map { abs(model.itemWeights.weights[$0]) }.min() ?? 0
            #expect((0 ..< n).allSatisfy { $0 == i || kept.contains($0) || abs(b[i * n + $0]) <= smallestKept })
        }
        let scored = try WhitespotBinary.run(["score", Groceries.file] + Groceries.mapping + [
            "--model", path, "--ranking-only", "--top", "3", "--threads", "2"])
        #expect(scored.status == 0 && scored.out.split(separator: "\n").count > 3 * 1000, "\(scored.err)")
        let near = try WhitespotBinary.run(["similar", "--model", path, "whole milk", "--top", "5"])
        #expect(near.status == 0 && !near.out.isEmpty, "\(near.err)")
        let bad = try WhitespotBinary.run(train + ["--model", dir + "/bad.safetensors", "--ease-neighbours", "0"])
        #expect(bad.status != 0 && bad.err.contains("--ease-neighbours") && !FileManager.default.fileExists(atPath: dir + "/bad.safetensors"))
    }
}

@Suite("train --algorithm ensemble end to end")
struct EnsembleCommandTests {
    @Test(.enabled(if: Groceries.available, "shared/data/groceries is absent"))
    func groceriesEnsembleTrainsScoresFindsNeighboursAndIsMeasuredAsFitted() throws {
        let dir = try scratchDirectory("ensemble-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hyper = ["--algorithm", "ensemble", "--ensemble-weight", "0.25", "--ease-regularization", "300",
                     "--factors", "16", "--iterations", "5", "--threads", "2"]
        // The lines before the cutoff, as the file they came from (Date is dd-MM-yyyy).
        let text = try String(contentsOf: WhitespotBinary.root.appendingPathComponent(Groceries.file), encoding: .utf8)
        var rows = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = rows.removeFirst()
        let before = rows.filter { row in
            let date = row.split(separator: ",")[1].split(separator: "-").map(String.init)
            return date[2] + date[1] + date[0] < "20150701"
        }
        let train = dir + "/before.csv"
        try ([header] + before).joined(separator: "\n").write(toFile: train, atomically: true, encoding: .utf8)
        let path = dir + "/ensemble.safetensors"
        let r = try WhitespotBinary.run(["train", train] + Groceries.mapping + hyper + ["--model", path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let model = try WhitespotModel.load(from: path)
        #expect(model.family == .ensemble && model.ensembleWeight == 0.25 && model.factors == 16)
        #expect(model.itemWeights.productCount == model.products.count && model.ease?.regularization == 300)

        // evaluate --model measures the saved ensemble exactly as evaluate fits it.
        let evaluate = ["evaluate", Groceries.file] + Groceries.mapping + ["--cutoff", "2015-07-01", "--json"]
        let given = try WhitespotBinary.run(evaluate + ["--model", path])
        let fitted = try WhitespotBinary.run(evaluate + hyper)
        #expect(given.status == 0 && fitted.status == 0, "\(given.err)\(fitted.err)")
        func figures(_ out: String) throws -> [String] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            let methods = try #require(json["methods"] as? [[String: Any]])
            return methods.map { "\($0["method"] ?? "") \($0["ndcg"] ?? "") \($0["recall"] ?? "")" }
        }
        let measured = try figures(given.out)
        #expect(measured == (try figures(fitted.out)))
        #expect(measured.contains { $0.hasPrefix("matrix factorisation") } && measured.contains { $0.hasPrefix("item-item") })

        // Every customer ranked; 50 of them with reasons.
        let ranking = dir + "/ranking.csv"
        let all = try WhitespotBinary.run(["score", train] + Groceries.mapping + [
            "--model", path, "--top", "3", "--threads", "2", "--ranking-only", "--out", ranking])
        #expect(all.status == 0, "\(all.err)")
        let ranked = try String(contentsOfFile: ranking, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(Set(ranked.map { $0.prefix { $0 != "," } }).count == model.customers.count && ranked.count == 3 * model.customers.count)
        let customers = dir + "/customers.txt"
        try (["customer_id"] + model.customers.ids.prefix(50)).joined(separator: "\n")
            .write(toFile: customers, atomically: true, encoding: .utf8)
        let scored = try WhitespotBinary.run(["score", train] + Groceries.mapping + [
            "--model", path, "--customers", customers, "--format", "jsonl", "--top", "3", "--threads", "2"])
        #expect(scored.status == 0, "\(scored.err)")
        let lines = try scored.out.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(Set(lines.compactMap { $0["customer"] as? String }).count == 50)
        #expect(lines.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        let near = try WhitespotBinary.run(["similar", "--model", path, "whole milk", "--top", "5", "--json"])
        #expect(near.status == 0, "\(near.err)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(near.out.utf8)) as? [[String: Any]])
        #expect(list.count == 5 && !list.contains { $0["id"] as? String == "whole milk" })
    }
}
