import ArgumentParser
import Whitespot

/// `whitespot similar`: the products nearest to one product in the trained embedding.
///
/// ```
/// $ whitespot similar --model model.safetensors "whole milk" --top 3
///   #  product          cosine
///   1  other vegetables  0.912
///   ...
/// ```
struct Similar: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the products nearest to a product by cosine similarity of their embeddings (ALS), item-item weights (EASE) or both weighted by the ensemble weight (ensemble).")

    @OptionGroup var location: ModelLocation

    @Argument(help: "Product id (as in the order file).")
    var product: String

    @Option(help: "How many products to list.")
    var top = 10

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let model = try location.load()
        guard let index = model.products.index(of: product) else {
            Console.warn("unknown product '\(product)' (the model has \(TextFormat.count(model.products.count)) products)")
            throw ExitCode.failure
        }
        let near = model.similarProducts(to: Int(index), top: top)
        if json {
            print(try JSONOutput.encode(near))
            return
        }
        let idWidth = max(7, near.map(\.id.count).max() ?? 0)
        let named = near.contains { $0.name != nil }
        print(TextFormat.pad("#", 4, right: true) + "  " + TextFormat.pad("product", idWidth) + "  cosine" + (named ? "  name" : ""))
        for (rank, p) in near.enumerated() {
            var row = TextFormat.pad(String(rank + 1), 4, right: true) + "  " + TextFormat.pad(p.id, idWidth)
            row += "  " + TextFormat.pad(TextFormat.amount(Double(p.cosine), decimals: 3), 6, right: true)
            if let name = p.name { row += "  " + name }
            print(row)
        }
    }
}
