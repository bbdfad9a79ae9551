import ArgumentParser
import Foundation
import Whitespot

/// `whitespot import-factors`: a model file from factors trained elsewhere (Spark MLlib ALS).
///
/// ```
/// $ whitespot import-factors orders.csv --factors spark-factors.safetensors --model models/spark.safetensors
/// Imported 4,312 customers × 4,017 products (104,811 purchases), 64 factors from Spark MLlib ALS 3.5.3 (...)
/// Saved models/spark.safetensors
/// ```
struct ImportFactors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-factors",
        abstract: "Build a model file from customer and product factors trained elsewhere (spark/whitespot_spark_train.py).",
        discussion: """
            Reads the orders with the same flags as train and a factors file (models/README.md, "Factors files"), \
            aligns the factors to the orders' customers and products by id, and computes everything else — \
            segments, penetration, product names, data fingerprint — exactly as train does, so that score, \
            evaluate --model and similar use the model like one train wrote. Fails, saving nothing, when an id of \
            the factors is not in the orders, a customer or product with purchases has no factors, or the factors \
            were trained on another number of purchase pairs. Customers and products without any purchase \
            (everything returned) get zero factors.
            """)

    @OptionGroup var input: OrderOptions

    @Option(help: ArgumentHelp("The factors file the trainer wrote.", valueName: "path"))
    var factors: String

    @Option(help: ArgumentHelp("Write the model to this file.", valueName: "path"))
    var model: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp(
        "Write a timestamped model into this directory and point its 'latest' at it.", valueName: "dir"))
    var modelDirectory: String?

    @Option(help: ArgumentHelp(
        "Use only the order lines dated before this day (yyyy-MM-dd): the training period of `evaluate --cutoff`.",
        valueName: "date"))
    var before: ISODate?

    func validate() throws {
        if (model == nil) == (modelDirectory == nil) { throw ValidationError("give --model PATH or --model-dir DIR (one of them)") }
    }

    func run() throws {
        let cutoff = before?.day
        let keyed = try Console.exitOnError { try KeyedFactors.load(from: factors) }
        let (all, report) = try input.load()
        let lines = cutoff.map { all.before($0).lines } ?? all
        var description = input.dataDescription(report)
        if let cutoff { description += "; lines before \(Days.iso(cutoff))" }
        let imported = try Console.exitOnError("\(factors)") {
            try WhitespotModel(
                importing: keyed, lines: lines, segmentSource: input.segmentSource(for: lines), dataDescription: description)
        }
        let path = try Console.exitOnError { () throws -> String in
            guard let model else { return try ModelRegistry(directory: modelDirectory ?? "models").save(imported) }
            try imported.save(to: model)
            return model
        }
        print("Imported \(TextFormat.count(lines.customers.count)) customers × \(TextFormat.count(lines.products.count)) products"
              + " (\(TextFormat.count(keyed.pairs ?? 0)) purchases), \(keyed.factors) factors from \(keyed.trainer)")
        print("Saved \(path)")
    }
}
