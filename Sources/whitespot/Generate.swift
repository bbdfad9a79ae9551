import ArgumentParser
import Foundation
import Whitespot

/// `whitespot generate`: synthetic order lines with planted structure.
///
/// ```
/// $ whitespot generate --customers 2000 --products 500 --lines 60000 --seed 7 --out orders.csv --catalog-out products.csv
/// whitespot: wrote 60,000 lines (2,000 customers, 500 products) to orders.csv
/// ```
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate synthetic order lines (canonical format) with planted structure, deterministic by seed.",
        discussion: """
            Segments prefer different product groups; on top, each customer has one or two \
            personal styles (product clusters across groups, independent of the segment) that \
            drive 30-80 % of their new purchases. Accessories of a main product (at a fraction \
            of its price) join its order or follow 3-92 days later, consumables are bought repeatedly, \
            popularity follows a power law, and some purchases are returned. Dates span two \
            years from 2023-01-01.
            """)

    @Option(help: "Number of customers.") var customers = 2000
    @Option(help: "Number of products.") var products = 500
    @Option(help: "Number of order lines (returns included).") var lines = 60000
    @Option(help: "Random seed: the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Order file to write ('-' = standard output).", valueName: "file")) var out = "-"
    @Option(name: .customLong("catalog-out"), help: ArgumentHelp(
        "Also write the product catalogue (product_id, product_name, category, unit_price) here; read it back with --catalog.",
        valueName: "file"))
    var catalogOut: String?

    func validate() throws {
        guard customers > 0, products > 0, lines >= 0 else {
            throw ValidationError("--customers and --products must be positive and --lines not negative")
        }
        let sizes = SyntheticOrders.Parameters(customers: customers, products: products, lines: lines, seed: seed)
        if let problem = sizes.sizeProblem(memory: Double(ProcessInfo.processInfo.physicalMemory)) {
            throw ValidationError(problem)
        }
    }

    func run() throws {
        let data = SyntheticOrders(.init(customers: customers, products: products, lines: lines, seed: seed))
        try Console.exitOnError {
            try data.writeOrders(to: out)
            if let catalogOut { try data.writeCatalog(to: catalogOut) }
        }
        if out != "-" {
            Console.warn("wrote \(TextFormat.count(data.count)) lines (\(TextFormat.count(customers)) customers, \(TextFormat.count(products)) products) to \(out)")
        }
    }
}
