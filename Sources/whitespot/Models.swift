import ArgumentParser
import Foundation
import Whitespot

/// `whitespot models`: what a model directory holds.
///
/// ```
/// $ whitespot models --model-dir models
///   file                                   created           size     customers  products  k  it  λ     α    signal  data
/// * whitespot-20261123-145012.safetensors  2026-11-23 14:50  58.1 MB  200,000    20,000    64 15  0.01  1.0  lines   orders.csv: ...
/// ```
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the models in a model directory: data, date, size and hyper-parameters (* = latest); --keep N prunes old ones.")

    @Option(name: .customLong("model-dir"), help: ArgumentHelp("The model directory.", valueName: "dir"))
    var modelDirectory = "models"

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp(
        "Delete all but the N newest model files first; the model 'latest' points at is always kept.", valueName: "N"))
    var keep: Int?

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1, got \(keep)") }
    }

    /// One model in the `--json` listing.
    struct Listed: Encodable {
        var file: String
        var latest: Bool
        var summary: ModelSummary?
        var problem: String?
    }

    func run() throws {
        let entries: [ModelRegistry.Entry]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDirectory, isDirectory: &isDirectory) else {
            Console.warn("\(modelDirectory): no such directory")
            throw ExitCode.failure
        }
        do {
            let registry = ModelRegistry(directory: modelDirectory)
            if let keep {
                let removed = try registry.prune(keep: keep)
                Console.warn("removed \(TextFormat.count(removed.count, "model file"))" + (removed.isEmpty ? "" : ": " + removed.joined(separator: ", ")))
            }
            entries = try registry.entries()
        } catch let e as ModelFileError {
            Console.warn("\(e)")
            throw ExitCode.failure
        } catch {
            Console.warn("\(modelDirectory): cannot list (\(error.localizedDescription))")
            throw ExitCode.failure
        }
        if json {
            print(try JSONOutput.encode(entries.map { e in
                switch e.summary {
                case let .success(s): return Listed(file: e.fileName, latest: e.isLatest, summary: s, problem: nil)
                case let .failure(f): return Listed(file: e.fileName, latest: e.isLatest, summary: nil, problem: f.problem)
                }
            }))
            return
        }
        if entries.isEmpty {
            print("No models in \(modelDirectory) (train one with: whitespot train ORDERS --model-dir \(modelDirectory))")
            return
        }
        print(ModelRegistry.table(entries))
    }
}
