import ArgumentParser
import Foundation
import Whitespot

/// `whitespot train`: fits customer and product embeddings (ALS) or item–item weights (EASE)
/// and saves the model.
///
/// ```
/// $ whitespot train orders.csv --model-dir models --factors 64 --iterations 15
/// iteration 15/15 [########################]  0.41 s/it  ETA 0 s
/// Trained 200,000 customers × 20,000 products (5,687,702 purchases): 64 factors, 15 iterations, 6.2 s (0.41 s/iteration)
/// Saved models/whitespot-20261123-145012.safetensors
/// $ whitespot train orders.csv --model m.safetensors --algorithm ease --ease-regularization 300
/// Trained 4,312 customers × 4,017 products (158,212 purchases): item-item (EASE, λ 300, rows binary), 1.4 s
/// Saved m.safetensors
/// ```
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train customer and product embeddings (implicit-feedback ALS), item-item weights (EASE) or both (ensemble) and save the model.",
        discussion: TrainingOptions.confidenceFormulaHelp + """


            ALS minimises sum over all customer-product cells of c * (p - x_u . y_i)^2 + \
            regularization * (|x|^2 + |y|^2), p = 1 for a purchase, else 0. Same data, seed, \
            solver and threads give bit-identical models.

            EASE (--algorithm ease, Steck 2019) computes B = I - P * diag(1 / diag P), \
            P = (X'X + lambda * I)^-1, where row x_u holds g(r) * d for each purchase (g = 1, or \
            ln(1 + order lines) with --ease-rows lines; d as above); a customer's scores are x_u * B, \
            so customers unknown to the model are scored from their purchases without refitting. \
            B is fitted dense: at most \(TextFormat.count(EASEParameters.productLimit)) products \
            (products^2 * 4 bytes: 2.5 GB at the limit); above it train refuses and names ALS. \
            The model keeps the --ease-neighbours K largest-magnitude weights of each product's row \
            of B (default \(EASEParameters.defaultNeighbours); K * products * 8 bytes), so scoring \
            costs K operations per purchase whatever the catalogue size.

            The ensemble (--algorithm ensemble) fits both on the same purchases and stores both; \
            a customer's affinity is v * z(ALS) + (1 - v) * z(EASE), z(s) = (s - mean(s)) / sd(s) \
            over all the model's products (0 when sd = 0), v = --ensemble-weight.
            """)

    @OptionGroup var input: OrderOptions

    @Option(help: ArgumentHelp("Write the model to this file.", valueName: "path"))
    var model: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp(
        "Write a timestamped model into this directory and point its 'latest' at it.", valueName: "dir"))
    var modelDirectory: String?

    @OptionGroup(title: "Hyper-parameters") var training: TrainingOptions

    @Option(name: .customLong("params-from"), help: ArgumentHelp(
        "Reuse the family, hyper-parameters, blend weight and segments of this model (a file, or a model directory's latest), e.g. one tuned by evaluate --tune --save-model-dir; only --threads may be given with it.",
        valueName: "model"))
    var paramsFrom: String?

    @Flag(help: "Compute the training loss after every iteration (one more pass per iteration).")
    var loss = false

    @Flag(help: "Print a JSON summary: counts, seconds for ingest and fitting, seconds per iteration, losses.")
    var json = false

    func validate() throws {
        if (model == nil) == (modelDirectory == nil) { throw ValidationError("give --model PATH or --model-dir DIR (one of them)") }
        if paramsFrom != nil {
            var given = training.parameters, defaults = try TrainingOptions.parse([]).parameters
            given.threads = 0; defaults.threads = 0
            if given != defaults || training.penetrationWindow != nil {
                throw ValidationError("--params-from takes every hyper-parameter from the model: give it alone (only --threads may change)")
            }
        }
    }

    /// The setting to train with, blend weight included: the flags', or the tuned setting of
    /// the `--params-from` model (family, hyper-parameters, blend weight and segments; with
    /// `--threads` from the flags).
    func setting() throws -> ModelSetting {
        guard let paramsFrom else { return training.setting }
        let source = try Console.exitOnError { try WhitespotModel.load(from: try ModelLocation.file(paramsFrom)) }
        var parameters = source.parameters
        parameters.threads = training.threads
        if source.blend == nil { Console.warn("note: \(paramsFrom) was never tuned: its settings are the defaults it was trained with") }
        return ModelSetting(tunedIn: source, training: parameters)
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
        var family: ModelFamily
        var ease: EASEParameters?
        var segmentSource: SegmentSource
        var dataFingerprint: String
    }

    func run() throws {
        let setting = try setting()
        let parameters = setting.training
        let clock = ContinuousClock()
        let start = clock.now
        let (lines, report) = try input.load()
        let ingestSeconds = (clock.now - start).seconds
        let source = setting.segments ?? input.segmentSource(for: lines)
        let description = input.dataDescription(report)
        // Everything the model needs of the lines is built here and the lines are freed:
        // the fit holds only the purchase matrix.
        let data = TrainingData(consume lines, segmentSource: source)
        let bar = ProgressBar()
        var run = try Console.exitOnError { () throws -> TrainingRun in
            switch setting.family {
            case .als:
                return try ALSTrainer(parameters: parameters, computesLoss: loss)
                    .run(data: data, dataDescription: description, progress: bar.update)
            case .ease:
                return try EASETrainer(parameters: setting.ease, threads: parameters.threads)
                    .run(data: data, parameters: parameters, dataDescription: description)
            case .ensemble:
                return try setting.trainEnsemble(data: data, dataDescription: description, progress: bar.update)
            }
        }
        run.model.blend = setting.blend
        run.model.penetrationWindowDays = setting.penetrationWindowDays
        let path = try Console.exitOnError { () throws -> String in
            guard let model else { return try ModelRegistry(directory: modelDirectory ?? "models").save(run.model) }
            try run.model.save(to: model)
            return model
        }
        if json {
            print(try JSONOutput.encode(Summary(
                model: path, lines: data.lineCount, customers: data.customers.count, products: data.products.count,
                pairs: run.pairs, ingestSeconds: ingestSeconds, fitSeconds: run.fitSeconds,
                secondsPerIteration: run.secondsPerIteration, iterationSeconds: run.iterationSeconds,
                losses: run.losses.isEmpty ? nil : run.losses, parameters: run.model.parameters,
                family: run.model.family, ease: run.model.ease, segmentSource: source,
                dataFingerprint: run.model.dataFingerprint)))
        } else {
            print(run.text(asked: parameters))
            print("Saved \(path)")
        }
    }
}

