import ArgumentParser
import Whitespot

/// `whitespot segments`: the segment table with sizes, revenue and RFM tier definitions.
///
/// ```
/// $ whitespot segments orders.csv --segment-by rfm
/// segments (rfm): 7
///   segment      customers   share       lines           revenue  revenue share
///   Champions          736   18.9%      12,113      ...
/// ```
struct Segments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show customer segments (from a column, RFM tiers, or both) with sizes, revenue and tier rules.")

    @OptionGroup var input: OrderOptions

    @Flag(help: "Print the table as JSON.")
    var json = false

    func run() throws {
        let (lines, _) = try input.load()
        let (segments, source) = input.segments(for: lines)
        let table = SegmentTable(lines: lines, segments: segments, source: source)
        print(json ? try JSONOutput.encode(table) : table.text)
    }
}
