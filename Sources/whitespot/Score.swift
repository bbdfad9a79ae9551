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
        who bought the product, shrunk toward the share of all customers (--penetration-shrinkage; the \
        output and the reasons quote the observed share); affinity is the embedding score x_uᵀy_i normalised over the customer's \
        candidates (min-max: (s − min)/(max − min); logistic: 1/(1 + exp(−(s − mean)/sd))). Customers the \
        model does not know are folded in from their purchases; customers without purchases get their \
        segment's penetration ranking. Never offered: products nobody bought within --active-within days \
        (default derived from the data) and variants (same name, other code) of what the customer buys. \
        Sales rules label the whitespots, never remove them: up-sell = pricier by at most --up-sell-max in a \
        category the customer buys and with at least the penetration of the product it improves on; cross-sell = any other whitespot, \
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

    @Option(name: .customLong("out-db"), help: ArgumentHelp(
        "Write into a database instead: postgresql://... (PG* environment variables fill in the rest), sqlite:///path.db or a SQLite file path. One transaction: the run's earlier rows are replaced, a failed run changes nothing.",
        valueName: "uri"))
    var outDB: String?

    @Option(name: .customLong("out-table"), help: ArgumentHelp("With --out-db: the recommendations table (name or schema.name; the runs table whitespot_runs sits next to it).", valueName: "name"))
    var outTable = "recommendations"

    @Option(help: ArgumentHelp("With --out-db: the job name; the run id is job/run-date, so a re-run the same day replaces that run's rows.", valueName: "name"))
    var job = "score"

    @Option(name: .customLong("run-date"), help: ArgumentHelp("With --out-db: the day the run belongs to (default: today, UTC).", valueName: "yyyy-MM-dd"))
    var runDate: String?

    @Option(help: "Output format: csv or jsonl.")
    var format: RecommendationWriter.Format = .csv

    @Option(help: ArgumentHelp("Score only these customers: a file with one id per line.", valueName: "file"))
    var customers: String?

    @Option(help: ArgumentHelp("Score shard i of n (1 ≤ i ≤ n) of the customers, in blocks of \(Scorer.blockSize) laid out by --shard-layout.", valueName: "i/n"))
    var shard: Shard?

    @Option(name: .customLong("shard-layout"), help: ArgumentHelp(
        "interleaved (every n-th block: a sample of all customers) or contiguous (consecutive blocks: the shards' outputs concatenate to the whole output).",
        valueName: "layout"))
    var shardLayout: Shard.Layout = .interleaved

    @Flag(name: .customLong("ranking-only"), help: "Only the plain top-K ranking as rows of customer, rank, product, score: no rules, reasons or other columns (fastest).")
    var rankingOnly = false

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the run summary as JSON (to standard output with --out, else to standard error).")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if outDB != nil {
            if out != nil { throw ValidationError("give --out or --out-db, not both") }
            if format != .csv { throw ValidationError("--format does not apply to --out-db") }
            if rankingOnly { throw ValidationError("--ranking-only writes no database table; use --out") }
            _ = try store()
            _ = try scoringRun()
        }
    }

    /// The store `--out-db` and `--out-table` name.
    private func store() throws -> RecommendationStore? {
        guard let outDB else { return nil }
        do {
            return RecommendationStore(database: try DatabaseLocation(outDB), table: try SQLName(outTable))
        } catch let e as DatabaseError { throw ValidationError("--out-db: \(e)") }
    }

    /// The run `--job` and `--run-date` describe.
    private func scoringRun() throws -> ScoringRun {
        do { return try ScoringRun(job: job, runDate: runDate) } catch let e as DatabaseError { throw ValidationError("\(e)") }
    }

    /// CPU seconds used by the whole process so far (all threads).
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
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
        let (lines, ingest) = try input.load()
        try score(consume lines, ingest: ingest, readSeconds: (clock.now - started).seconds)
    }

    /// The scorer of `lines` with `trained`, after checking that they match. Takes the lines,
    /// so that they are freed when this returns (the scorer keeps what it needs of them).
    private func scorer(_ trained: WhitespotModel, _ lines: consuming OrderLines) throws -> Scorer {
        let match = trained.match(lines)
        if let warning = match.warning { Console.warn(warning) }
        if match.nothingMatches {
            Console.warn("the model knows none of the \(match.products) products in these orders; nothing to score")
            throw ExitCode.failure
        }
        return try Scorer(
            model: trained, data: ScoringData(model: trained, lines: lines, segmentSource: input.segmentBy),
            configuration: try scoringConfiguration())
    }

    /// Scores `lines` (read in `readSeconds`) with the model the flags name and writes the rows
    /// where they say; prints the run summary and returns it. The lines are released once the
    /// scoring data is built from them (when the caller passes its last use).
    @discardableResult
    func score(_ lines: consuming OrderLines, ingest: IngestReport, readSeconds: Double) throws -> ScoringSummary {
        let clock = ContinuousClock()
        let loaded = clock.now
        do {
            let trained = try location.load()
            if trained.blend == nil && list.blend == nil {
                Console.warn("note: \((try? location.path()) ?? "the model") was never tuned (no blend weight in it): scoring with blend "
                    + "\(ScoringConfiguration.defaultBlend) and the settings it was trained with; tune with evaluate --tune --save-model-dir DIR")
            }
            let scorer = try scorer(trained, lines)
            var chosen = Array(0 ..< scorer.data.customers.count)
            if let customers { chosen = try CustomerList.read(path: customers, customers: scorer.data.customers) }
            if var shard {
                shard.layout = shardLayout
                chosen = shard.select(chosen)
            }
            let prepared = clock.now
            var summary = ScoringSummary(scorer: scorer, customers: chosen)
            let writer = RecommendationWriter(format: format, data: scorer.data)
            if let store = try store() {
                var run = try scoringRun()
                run.ordersSource = input.sourceName
                run.linesRead = ingest.linesRead
                run.linesKept = ingest.linesKept
                run.customers = scorer.data.customers.count
                run.products = scorer.data.products.count
                run.firstDay = ingest.firstDay.map(Days.iso)
                run.lastDay = ingest.lastDay.map(Days.iso)
                run.dataFingerprint = scorer.data.purchases.fingerprint(customers: scorer.data.customers, products: scorer.data.products)
                run.model = (try? location.path()) ?? ""
                var ranking = Duration.zero
                var mark = clock.now
                run = try store.write(run: run, writer: writer, threads: threads) { send in
                    try scorer.streamRecommendations(customers: chosen, threads: threads) { block, lists in
                        ranking += clock.now - mark
                        summary.count(customers: block, lists: lists, scorer: scorer)
                        try send(lists.flatMap { $0 })
                        mark = clock.now
                    }
                }
                let finished = clock.now
                summary.seconds = [
                    .readOrders: readSeconds, .prepare: (prepared - loaded).seconds,
                    .score: (finished - prepared).seconds, .rank: ranking.seconds, .total: readSeconds + (finished - loaded).seconds,
                ]
                summary.output = "\(store.database) table \(store.table) run \(run.runID)"
                summary.threads = threads
                let text = json ? try JSONOutput.encode(summary) : summary.text
                if json { print(text) } else { Console.warn(text) }
                return summary
            }
            let file = try AtomicFileWriter(path: out ?? "-")
            func emit(_ text: String) throws { try file.write(text) }
            func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try file.write(bytes: $0) } }
            var ranking = Duration.zero, rankingCPU = 0.0
            var mark = clock.now, markCPU = Score.processCPUSeconds()
            if rankingOnly {
                try emit(writer.rankingHeader)
                let each = { (u: Int, list: [RankedProduct]) in (count: list.count, bytes: writer.rankingRowBytes(customer: u, ranking: list)) }
                try scorer.streamRankings(customers: chosen, top: top, threads: threads, each: each) { block, rows in
                    ranking += clock.now - mark
                    rankingCPU += Score.processCPUSeconds() - markCPU
                    summary.recommendations += rows.reduce(0) { $0 + $1.count }
                    for row in rows { try emit(row.bytes) }
                    mark = clock.now
                    markCPU = Score.processCPUSeconds()
                }
            } else {
                try emit(writer.header)
                // The lists are tallied and freed by the workers; only their bytes reach this thread.
                let each = { (list: [Recommendation]) in (tally: ScoringSummary.ListTally(list), bytes: writer.rowBytes(list)) }
                try scorer.streamRecommendations(customers: chosen, threads: threads, each: each) { block, rows in
                    ranking += clock.now - mark
                    rankingCPU += Score.processCPUSeconds() - markCPU
                    summary.count(customers: block, tallies: rows.map(\.tally), scorer: scorer)
                    for row in rows { try emit(row.bytes) }
                    mark = clock.now
                    markCPU = Score.processCPUSeconds()
                }
            }
            try file.commit()
            let finished = clock.now
            summary.seconds = [
                .readOrders: readSeconds, .prepare: (prepared - loaded).seconds,
                .score: (finished - prepared).seconds, .rank: ranking.seconds, .rankCPU: rankingCPU, .total: readSeconds + (finished - loaded).seconds,
            ]
            summary.output = out ?? "-"
            summary.threads = threads
            let text = json ? try JSONOutput.encode(summary) : summary.text
            if json && out != nil { print(text) } else { Console.warn(text) }
            return summary
        } catch let e where e is ScoringError || e is ModelFileError || e is AtomicFileWriter.WriteError || e is DatabaseError {
            Console.warn(FlagNames.message(e))
            throw ExitCode.failure
        }
    }
}

extension RecommendationWriter.Format: ExpressibleByArgument {}

extension Shard.Layout: ExpressibleByArgument {}
