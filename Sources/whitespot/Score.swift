import ArgumentParser
import Foundation
import Whitespot

/// `whitespot score`: the recommendations the sales team receives.
///
/// ```
/// $ whitespot score orders.csv --model model.safetensors --top 3 --out recommendations.csv
/// whitespot: scored 793 customers (793 model, 0 folded-in, 0 segment-only): 2,379 recommendations
///   (1,902 cross-sell, 311 up-sell, 166 deep-sell) in 0.21 s → recommendations.csv
/// ```
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend cross-sell, up-sell and deep-sell products for every customer of the orders.",
        discussion: """
        score = w · affinity + (1 − w) · penetration. Penetration is the share of the customer's segment \
        who bought the product; affinity is the embedding score x_uᵀy_i normalised over the customer's \
        candidates (min-max: (s − min)/(max − min); logistic: 1/(1 + exp(−(s − mean)/sd))). Customers the \
        model does not know are folded in from their purchases; customers without purchases get their \
        segment's penetration ranking. Sales rules: up-sell = pricier by at most --up-sell-max in a category \
        the customer buys and at least as popular in the segment; cross-sell = an add-on costing at most \
        --cross-sell-fraction of the customer's main purchase (never a main product on cheaper purchases); \
        deep-sell = bought below the segment's median yearly quantity. One row per recommendation: \
        \(RecommendationWriter.columns.joined(separator: ", ")).
        """)

    @OptionGroup var input: OrderOptions

    @OptionGroup var location: ModelLocation

    @Option(help: "Recommendations per customer.")
    var top = 3

    @Option(help: ArgumentHelp("Write here (atomically: a temporary file renamed when complete) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: "Output format: csv or jsonl.")
    var format: RecommendationWriter.Format = .csv

    @Option(help: ArgumentHelp("Blend weight w in [0, 1] (default: the model's tuned value, else \(ScoringConfiguration.defaultBlend)).", valueName: "w"))
    var blend: Double?

    @Option(name: .customLong("rank-by"), help: "probability (the score) or value (score × the segment's median revenue per buyer).")
    var rankBy: ScoringConfiguration.RankBy = .probability

    @Option(help: "Affinity normalisation: min-max or logistic.")
    var affinity: AffinityNormalization = .minMax

    @Option(help: ArgumentHelp("Score only these customers: a file with one id per line.", valueName: "file"))
    var customers: String?

    @Option(help: ArgumentHelp("Score shard i of n: every n-th block of \(Scorer.blockSize) customers, starting with block i.", valueName: "i/n"))
    var shard: String?

    @Option(name: .customLong("reactivate-after"), help: ArgumentHelp("Also offer products bought, but not in the last this many months.", valueName: "months"))
    var reactivateAfter: Int?

    @Option(help: ArgumentHelp("Recommend only products of these categories (comma-separated).", valueName: "list"))
    var categories: String?

    @Flag(name: .customLong("no-rules"), help: "Plain whitespot ranking: no price guard, up-sell or deep-sell.")
    var noRules = false

    @Flag(name: .customLong("ranking-only"), help: "Only the plain top-K ranking as rows of customer, rank, product, score: no rules, reasons or other columns (fastest).")
    var rankingOnly = false

    @Option(name: .customLong("cross-sell-fraction"), help: "Largest add-on price as a fraction of the customer's main purchase.")
    var crossSellFraction = SalesRules().crossSellPriceFraction

    @Option(name: .customLong("up-sell-max"), help: "Largest up-sell price increase over the reference purchase (0.25 = +25 %).")
    var upSellMax = SalesRules().upSellMaxIncrease

    @Flag(name: .customLong("no-up-sell"), help: "Offer no up-sells.")
    var noUpSell = false

    @Flag(name: .customLong("no-deep-sell"), help: "Offer no deep-sells.")
    var noDeepSell = false

    @Option(name: .customLong("deep-sell-min-buyers"), help: "Fewest buyers in the segment for its median quantity to count.")
    var deepSellMinBuyers = SalesRules().deepSellMinimumBuyers

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the run summary as JSON (to standard output with --out, else to standard error).")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let blend, !(0...1).contains(blend) { throw ValidationError("--blend must be in [0, 1], got \(blend)") }
        guard crossSellFraction > 0 else { throw ValidationError("--cross-sell-fraction must be positive, got \(crossSellFraction)") }
        guard upSellMax > 0 else { throw ValidationError("--up-sell-max must be positive, got \(upSellMax)") }
        if let reactivateAfter, !(1 ... 1_200).contains(reactivateAfter) {
            throw ValidationError("--reactivate-after must be 1 to 1,200 months (100 years), got \(reactivateAfter)")
        }
        if let shard { _ = try parseShard(shard) }
    }

    /// CPU seconds used by the whole process so far (all threads).
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func parseShard(_ text: String) throws -> Shard {
        do { return try Shard(parsing: text) } catch let e as ScoringError { throw ValidationError(e.description) }
    }

    /// The library configuration these flags describe.
    func scoringConfiguration() throws -> ScoringConfiguration {
        var c = ScoringConfiguration()
        c.blend = blend
        c.rankBy = rankBy
        c.normalization = affinity
        c.top = top
        c.reactivationMonths = reactivateAfter
        c.categories = categories.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        if let list = input.excludeProducts { c.excludedProducts = Set(try ProductList.codes(from: list)) }
        c.rules = noRules || rankingOnly ? .off : SalesRules()
        c.rules.crossSellPriceFraction = crossSellFraction
        c.rules.upSellMaxIncrease = upSellMax
        c.rules.upSell = !noUpSell
        c.rules.deepSell = !noDeepSell
        c.rules.deepSellMinimumBuyers = deepSellMinBuyers
        return c
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let (lines, _) = try input.load()
        let loaded = clock.now
        do {
            let trained = try location.load()
            let match = trained.match(lines)
            if let warning = match.warning { Console.warn(warning) }
            if match.nothingMatches {
                Console.warn("the model knows none of the \(match.products) products in these orders; nothing to score")
                throw ExitCode.failure
            }
            let scorer = try Scorer(
                model: trained, data: ScoringData(model: trained, lines: lines, segmentSource: input.segmentBy),
                configuration: try scoringConfiguration())
            var chosen = Array(0 ..< scorer.data.customers.count)
            if let customers { chosen = try CustomerList.read(path: customers, customers: scorer.data.customers) }
            if let shard { chosen = try parseShard(shard).select(chosen) }
            let prepared = clock.now
            var summary = ScoringSummary(scorer: scorer, customers: chosen)
            let writer = RecommendationWriter(format: format, data: scorer.data)
            let file = try AtomicFileWriter(path: out ?? "-")
            func emit(_ text: String) throws { try file.write(text) }
            var ranking = Duration.zero, rankingCPU = 0.0
            var mark = clock.now, markCPU = Score.processCPUSeconds()
            if rankingOnly {
                try emit(writer.rankingHeader)
                try scorer.streamRankings(customers: chosen, top: top, threads: threads) { block, lists in
                    ranking += clock.now - mark
                    rankingCPU += Score.processCPUSeconds() - markCPU
                    summary.recommendations += lists.reduce(0) { $0 + $1.count }
                    try emit(writer.rankingRows(customers: block, rankings: lists, threads: threads))
                    mark = clock.now
                    markCPU = Score.processCPUSeconds()
                }
            } else {
                try emit(writer.header)
                try scorer.streamRecommendations(customers: chosen, threads: threads) { block in
                    ranking += clock.now - mark
                    rankingCPU += Score.processCPUSeconds() - markCPU
                    summary.count(block)
                    try emit(writer.rows(block, threads: threads))
                    mark = clock.now
                    markCPU = Score.processCPUSeconds()
                }
            }
            try file.commit()
            let finished = clock.now
            summary.seconds = [
                "read_orders": (loaded - started).seconds, "prepare": (prepared - loaded).seconds,
                "score": (finished - prepared).seconds, "rank": ranking.seconds, "rank_cpu": rankingCPU, "total": (finished - started).seconds,
            ]
            summary.output = out ?? "-"
            summary.threads = threads
            let text = json ? try JSONOutput.encode(summary) : summary.text
            if json && out != nil { print(text) } else { Console.warn(text) }
        } catch let e where e is ScoringError || e is ModelFileError || e is AtomicFileWriter.WriteError {
            Console.warn("\(e)")
            throw ExitCode.failure
        }
    }
}

extension ScoringConfiguration.RankBy: ExpressibleByArgument {}
extension AffinityNormalization: ExpressibleByArgument {}
extension RecommendationWriter.Format: ExpressibleByArgument {}
