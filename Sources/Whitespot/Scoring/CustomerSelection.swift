import Foundation

/// Which customers a scoring run covers: all, a list from a file, and/or one shard.
///
/// ```swift
/// let all = Array(0 ..< scorer.data.customers.count)
/// let mine = Shard("2/4")!.select(all)   // blocks 1, 5, 9, … (0-based)
/// ```
public struct Shard: Sendable, Equatable, LosslessStringConvertible {
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

    /// Shard `index` of `count` laid out by `layout`, or nil unless 1 ≤ index ≤ count.
    public init?(index: Int, of count: Int, layout: Layout = .interleaved) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
        self.layout = layout
    }

    /// Parses "i/n" with 1 ≤ i ≤ n; nil when the text is not of that form.
    public init?(_ description: String) {
        self.init(description, layout: .interleaved)
    }

    /// Parses "i/n" with 1 ≤ i ≤ n, laid out by `layout`; nil when the text is not of that form.
    public init?(_ description: String, layout: Layout) {
        let parts = description.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, of: n, layout: layout)
    }

    /// "i/n".
    public var description: String { "\(index)/\(count)" }

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

/// Reads a customer list file: one customer id per line, blank lines ignored, an
/// optional first line `customer_id` or `customer` as header; duplicates keep their first
/// position.
public enum CustomerList {
    /// The customer indices of the ids in `path`, in file order.
    /// - Throws: ``ScoringError`` naming file:line and the id when an id is not in `customers`,
    ///   or when the file cannot be read.
    public static func read(path: String, customers: Vocabulary) throws -> [Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScoringError.unreadableCustomerList(path: path)
        }
        var seen = Set<Int>(), out: [Int] = []
        var lineNumber = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let u = customers.index(of: trimmed) else {
                if out.isEmpty && seen.isEmpty && ["customer_id", "customer"].contains(trimmed.lowercased()) { continue }
                throw ScoringError.unknownCustomer(path: path, line: lineNumber, id: trimmed)
            }
            if seen.insert(Int(u)).inserted { out.append(Int(u)) }
        }
        return out
    }
}
