import ArgumentParser
import Whitespot

/// Where a command reads a trained model: `--model PATH` or the `latest` model of `--model-dir`.
struct ModelLocation: ParsableArguments {
    @Option(help: ArgumentHelp("A model file written by whitespot train.", valueName: "path"))
    var model: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp(
        "A model directory; its latest model is used (default: models).", valueName: "dir"))
    var modelDirectory: String?

    func validate() throws {
        if model != nil && modelDirectory != nil { throw ValidationError("use --model or --model-dir, not both") }
    }

    /// The model file to read.
    func path() throws -> String {
        if let model { return model }
        return try ModelRegistry(directory: modelDirectory ?? "models").latestPath()
    }

    /// Loads the model; problems go to standard error and end the command with exit code 1.
    func load() throws -> WhitespotModel {
        try Console.exitOnError { try WhitespotModel.load(from: try path()) }
    }
}
