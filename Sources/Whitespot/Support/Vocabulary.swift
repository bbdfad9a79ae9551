/// An interned set of string ids (customers, products, segments, ...): id ⇄ dense index.
///
/// Indices are assigned in first-seen order and are stable for the life of the value.
/// ```swift
/// var v = Vocabulary()
/// let i = v.intern("SKU-1")   // 0
/// v.index(of: "SKU-1")        // 0
/// v[0]                        // "SKU-1"
/// ```
public struct Vocabulary: Sendable, Equatable {
    /// The ids, indexed by their dense index.
    public private(set) var ids: [String] = []
    private var lookup: [String: Int32] = [:]

    /// An empty vocabulary.
    public init() {}

    /// A vocabulary holding `ids` in the given order; duplicates keep their first index.
    public init<S: Sequence>(_ ids: S) where S.Element == String {
        for id in ids { _ = intern(id) }
    }

    /// Number of distinct ids.
    public var count: Int { ids.count }

    /// The id at a dense index.
    public subscript(index: Int) -> String { ids[index] }

    /// The dense index of `id`, or nil when unknown.
    public func index(of id: String) -> Int32? { lookup[id] }

    /// Returns the index of `id`, adding it when new.
    /// - Complexity: amortised O(length of id).
    @discardableResult
    public mutating func intern(_ id: String) -> Int32 {
        if let i = lookup[id] { return i }
        let i = Int32(ids.count)
        ids.append(id)
        lookup[id] = i
        return i
    }

    /// The ordering of indices by id in UTF-8 byte order (the protocol's tie-break order):
    /// `rank[i] < rank[j]` ⇔ `ids[i] < ids[j]` bytewise.
    public func byteOrderRanks() -> [Int32] {
        let order = ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
        var rank = [Int32](repeating: 0, count: ids.count)
        for (r, i) in order.enumerated() { rank[i] = Int32(r) }
        return rank
    }
}
