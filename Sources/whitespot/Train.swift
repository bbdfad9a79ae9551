import ArgumentParser
import Foundation
import Whitespot

/// `whitespot train`: fits customer and product embeddings and saves the model.
///
/// ```
/// $ whitespot train orders.csv --model-dir models --factors 64 --iterations 15
/// iteration 15/15 [########################]  0.41 s/it  ETA 0 s
/// Trained 200,000 customers × 20,000 products (5,687,702 purchases): 64 factors, 15 iterations, 6.2 s (0.41 s/iteration)
/// Saved models/whitespot-20261123-145012.safetensors
/// ```
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train customer and product embeddings (implicit-feedback ALS) and save the model.",
        discussion: TrainingOptions.confidenceFormulaHelp + """


            The model minimises sum over all customer-product cells of c * (p - x_u . y_i)^2 + \
            regularization * (|x|^2 + |y|^2), p = 1 for a purchase, else 0. Same data, seed, \
            solver and threads give bit-identical models.
            """)

    @OptionGroup var input: OrderOptions

    @Option(help: ArgumentHelp("Write the model to this file.", valueName: "path"))
    var model: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp(
        "Write a timestamped model into this directory and point its 'latest' at it.", valueName: "dir"))
    var modelDirectory: String?

    @OptionGroup(title: "Hyper-parameters") var training: TrainingOptions

    @Flag(help: "Compute the training loss after every iteration (one more pass per iteration).")
    var loss = false

    @Flag(help: "Print a JSON summary: counts, seconds for ingest and fitting, seconds per iteration, losses.")
    var json = false

    func validate() throws {
        if (model == nil) == (modelDirectory == nil) { throw ValidationError("give --model PATH or --model-dir DIR (one of them)") }
    }

    /// The `--json` summary.
    struct Summary: Encodable {
        var model: String
        var lines: Int
        var customers: Int
        var products: Int
        var pairs: Int
        var ingestSeconds: Double
        var fitSeconds: Double
        var secondsPerIteration: Double
        var iterationSeconds: [Double]
        var losses: [Double]?
        var parameters: TrainingParameters
        var segmentSource: SegmentSource
        var dataFingerprint: String
    }

    func run() throws {
        let parameters = training.parameters
        let clock = ContinuousClock()
        let start = clock.now
        let (lines, report) = try input.load()
        let ingestSeconds = (clock.now - start).seconds
        let source = input.segmentSource(for: lines)
        let description = input.dataDescription(report)
        let bar = ProgressBar()
        let run = try Console.exitOnError {
            try ALSTrainer(parameters: parameters, computesLoss: loss)
                .run(lines: lines, segmentSource: source, dataDescription: description, progress: bar.update)
        }
        let path = try Console.exitOnError { () throws -> String in
            guard let model else { return try ModelRegistry(directory: modelDirectory ?? "models").save(run.model) }
            try run.model.save(to: model)
            return model
        }
        if json {
            print(try JSONOutput.encode(Summary(
                model: path, lines: lines.count, customers: lines.customers.count, products: lines.products.count,
                pairs: run.pairs, ingestSeconds: ingestSeconds, fitSeconds: run.fitSeconds,
                secondsPerIteration: run.secondsPerIteration, iterationSeconds: run.iterationSeconds,
                losses: run.losses.isEmpty ? nil : run.losses, parameters: run.model.parameters, segmentSource: source,
                dataFingerprint: run.model.dataFingerprint)))
        } else {
            print(run.text(asked: parameters))
            print("Saved \(path)")
        }
    }
}

