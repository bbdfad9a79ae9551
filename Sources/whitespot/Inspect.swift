import ArgumentParser
import Whitespot

/// `whitespot inspect`: a ten-second profile of an order file.
///
/// ```
/// $ whitespot inspect orders.csv
/// orders.csv: 60,000 lines read, 60,000 kept
///   columns    customer=customer_id, date=order_date, product=product_id, ... (delimiter ,)
///   skipped    0 without customer · 0 excluded products · 0 bad lines
///   ...
/// ```
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Profile an order file: lines read, kept and skipped, customers, products, segments, dates, top products.")

    @OptionGroup var input: OrderOptions

    @Flag(help: "Print the profile as JSON.")
    var json = false

    func run() throws {
        let (lines, report) = try input.load()
        let (segments, source) = input.segments(for: lines)
        let profile = OrderProfile(lines: lines, report: report, segments: segments, segmentSource: source)
        print(json ? try JSONOutput.encode(profile) : profile.text)
    }
}
