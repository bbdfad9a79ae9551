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
        segment's penetration ranking. Never offered: products nobody bought within --active-within days \
        (default derived from the data) and variants (same name, other code) of what the customer buys. \
        Sales rules label the whitespots, never remove them: up-sell = pricier by at most --up-sell-max in a \
        category the customer buys and at least as popular in the segment; cross-sell = any other whitespot, \
        called an add-on when it costs at most --cross-sell-fraction of the similar product it goes with. \
        Deep-sell = a product the customer still buys, below the segment's median yearly quantity; by default \
        listed after the whitespots (--deep-sell). One row per recommendation: \
        \(RecommendationWriter.columns.joined(separator: ", ")).
        """)

    @OptionGroup var input: OrderOptions

    @OptionGroup var location: ModelLocation

    @OptionGroup(title: "The list") var list: ListOptions

    @Option(help: "Recommendations per customer.")
    var top = 3

    @Option(help: ArgumentHelp("Write here (atomically: a temporary file renamed when complete) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: "Output format: csv or jsonl.")
    var format: RecommendationWriter.Format = .csv

    @Option(help: ArgumentHelp("Score only these customers: a file with one id per line.", valueName: "file"))
    var customers: String?

    @Option(help: ArgumentHelp("Score shard i of n: every n-th block of \(Scorer.blockSize) customers, starting with block i.", valueName: "i/n"))
    var shard: String?

    @Flag(name: .customLong("ranking-only"), help: "Only the plain top-K ranking as rows of customer, rank, product, score: no rules, reasons or other columns (fastest).")
    var rankingOnly = false

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the run summary as JSON (to standard output with --out, else to standard error).")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
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
        var c = try list.configuration(top: top, input: input)
        if rankingOnly { c.rules = .off }
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
                try scorer.streamRecommendations(customers: chosen, threads: threads) { block, lists in
                    ranking += clock.now - mark
                    rankingCPU += Score.processCPUSeconds() - markCPU
                    summary.count(customers: block, lists: lists, scorer: scorer)
                    try emit(writer.rows(lists.flatMap { $0 }, threads: threads))
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

extension RecommendationWriter.Format: ExpressibleByArgument {}
