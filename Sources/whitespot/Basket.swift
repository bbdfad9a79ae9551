import ArgumentParser
import Whitespot

/// `whitespot basket`: "frequently bought together" association rules.
///
/// ```
/// $ whitespot basket Groceries_dataset.csv --columns customer=Member_number,date=Date,product=itemDescription \
///     --date-format dd-MM-yyyy --min-support 0.001 --min-confidence 0.1 --top 3
/// 14,963 baskets (customer-days); frequent itemsets by size: 149, 61; 21 rules with support ≥ 0.001 and confidence ≥ 0.1
/// antecedents ...
/// ```
struct Basket: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Frequently bought together: association rules over baskets (orders, or one customer's day).",
        discussion: """
        A basket is an order (order id column) or, without one, everything a customer bought on one day.
        Metrics as mlxtend defines them: support s(A∪C), confidence s(A∪C)/s(A), lift confidence/s(C),
        leverage s(A∪C) − s(A)·s(C), conviction (1 − s(C))/(1 − confidence) (inf when confidence = 1).
        """)

    @OptionGroup var input: OrderOptions

    @Option(name: .customLong("min-support"), help: "Smallest share of baskets holding an itemset.")
    var minSupport = 0.001

    @Option(name: .customLong("min-confidence"), help: "Smallest confidence of a rule.")
    var minConfidence = 0.1

    @Option(name: .customLong("max-length"), help: "Largest itemset: 2 (pairs) or 3.")
    var maxLength = 2

    @Option(help: "Rules to show, best lift first.")
    var top = 20

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard (0...1).contains(minSupport), minSupport > 0 else { throw ValidationError("--min-support must be in (0, 1], got \(minSupport)") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be in [0, 1], got \(minConfidence)") }
        guard maxLength == 2 || maxLength == 3 else { throw ValidationError("--max-length must be 2 or 3, got \(maxLength)") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() throws {
        let (lines, _) = try input.load()
        let analysis = BasketAnalysis(Baskets(lines), minSupport: minSupport, minConfidence: minConfidence, maxLength: maxLength)
        if let note = analysis.limitNote(naming: \.flag) { Console.warn(note) }
        print(json ? try JSONOutput.encode(analysis.report(top: top)) : analysis.text(top: top, naming: \.flag), terminator: json ? "\n" : "")
    }
}
