import ArgumentParser
import Foundation
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

    /// A model file, or the file `latest` points at when `path` is a model directory.
    /// - Throws: ``ModelFileError`` when a directory has no `latest` model.
    static func file(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return path }
        return try ModelRegistry(directory: path).latestPath()
    }

    /// Loads the model; problems go to standard error and end the command with exit code 1.
    func load() throws -> WhitespotModel {
        try Console.exitOnError { try WhitespotModel.load(from: try path()) }
    }
}
