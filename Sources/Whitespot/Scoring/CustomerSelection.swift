import Foundation

/// Which customers a scoring run covers: all, a list from a file, and/or one shard.
///
/// ```swift
/// let all = Array(0 ..< scorer.data.customers.count)
/// let mine = try Shard(parsing: "2/4").select(all)   // blocks 1, 5, 9, … (0-based)
/// ```
public struct Shard: Sendable, Equatable {
    /// This shard's number, 1 ... count.
    public let index: Int
    /// Number of shards.
    public let count: Int
    /// Which blocks a shard takes.
    public var layout: Layout = .interleaved

    /// How the blocks of customers are dealt to shards.
    public enum Layout: String, Sendable, CaseIterable {
        /// Every n-th block, starting with block i − 1: each shard is a sample of the whole list
        /// (a 1/100 shard's timing is representative).
        case interleaved
        /// One run of consecutive blocks per shard, shard i before shard i + 1: the shards'
        /// outputs, concatenated in order (headers after the first dropped), are the output of
        /// the whole list, byte for byte (part files of a cluster job).
        case contiguous
    }

    /// Parses "i/n" with 1 ≤ i ≤ n.
    /// - Throws: ``ScoringError`` naming the text when it is not of that form.
    public init(parsing text: String, layout: Layout = .interleaved) throws {
        self.layout = layout
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ScoringError("--shard '\(text)': expected i/n with 1 ≤ i ≤ n, e.g. 2/4")
        }
        index = i
        count = n
    }

    /// The customers of this shard: the list is cut into B blocks of ``Scorer/blockSize``
    /// customers; interleaved, shard i of n takes blocks i − 1, i − 1 + n, i − 1 + 2n, …
    /// (0-based); contiguous, it takes blocks ⌊(i − 1)·B/n⌋ ..< ⌊i·B/n⌋. Either way n shards
    /// together cover every customer exactly once, each in list order.
    public func select(_ customers: [Int]) -> [Int] {
        if layout == .contiguous {
            let blocks = (customers.count + Scorer.blockSize - 1) / Scorer.blockSize
            let first = (index - 1) * blocks / count, end = index * blocks / count
            return Array(customers[min(customers.count, first * Scorer.blockSize) ..< min(customers.count, end * Scorer.blockSize)])
        }
        var out: [Int] = []
        var block = index - 1
        while block * Scorer.blockSize < customers.count {
            let start = block * Scorer.blockSize
            out += customers[start ..< min(customers.count, start + Scorer.blockSize)]
            block += count
        }
        return out
    }
}

/// Reads the `--customers FILE` list: one customer id per line, blank lines ignored, an
/// optional first line `customer_id` or `customer` as header; duplicates keep their first
/// position.
public enum CustomerList {
    /// The customer indices of the ids in `path`, in file order.
    /// - Throws: ``ScoringError`` naming file:line and the id when an id is not in `customers`,
    ///   or when the file cannot be read.
    public static func read(path: String, customers: Vocabulary) throws -> [Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScoringError("\(path): cannot read the customer list")
        }
        var seen = Set<Int>(), out: [Int] = []
        var lineNumber = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let u = customers.index(of: trimmed) else {
                if out.isEmpty && seen.isEmpty && ["customer_id", "customer"].contains(trimmed.lowercased()) { continue }
                throw ScoringError("\(path):\(lineNumber):1: customer '\(trimmed)' does not appear in the orders")
            }
            if seen.insert(Int(u)).inserted { out.append(Int(u)) }
        }
        return out
    }
}
