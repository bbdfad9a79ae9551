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

    /// Shard `index` of `count`, or nil unless 1 ≤ index ≤ count.
    public init?(index: Int, of count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses "i/n" with 1 ≤ i ≤ n; nil when the text is not of that form.
    public init?(_ description: String) {
        let parts = description.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, of: n)
    }

    /// "i/n".
    public var description: String { "\(index)/\(count)" }

    /// The customers of this shard: the list is cut into blocks of ``Scorer/blockSize``
    /// customers, and shard i of n takes blocks i − 1, i − 1 + n, i − 1 + 2n, … (0-based), so
    /// n shards together cover every customer exactly once, in the same order.
    public func select(_ customers: [Int]) -> [Int] {
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
