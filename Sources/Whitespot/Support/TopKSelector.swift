/// A bounded heap that keeps the `capacity` best (key, product) pairs seen.
///
/// Order: ``RankingOrder`` (key descending; equal keys by tie-break rank ascending, the rank of
/// the product id in UTF-8 byte order, ``Vocabulary/byteOrderRanks()``), so results are deterministic.
/// The root is the worst kept entry, so most offers are rejected by one comparison.
///
/// ```swift
/// var top = TopKSelector(capacity: 2)
/// top.offer(key: 0.3, product: 7, rank: 1)
/// top.offer(key: 0.9, product: 2, rank: 0)
/// top.offer(key: 0.3, product: 4, rank: 0)
/// top.sorted()   // [(0.9, 2), (0.3, 4)]
/// ```
/// - Complexity: O(log capacity) per accepted offer, O(1) per rejected one.
public struct TopKSelector: Sendable {
    /// Largest number of entries kept.
    public let capacity: Int
    private var keys: [Float] = []
    private var products: [Int32] = []
    private var ranks: [Int32] = []

    /// An empty selector keeping at most `capacity` entries.
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        keys.reserveCapacity(self.capacity)
        products.reserveCapacity(self.capacity)
        ranks.reserveCapacity(self.capacity)
    }

    /// Number of entries kept.
    public var count: Int { keys.count }

    /// The key below which an offer is certainly rejected: the worst kept key when full,
    /// else −∞ (an offer equal to it may still win on the tie-break).
    /// With capacity 0 every offer is rejected: +∞.
    public var floor: Float { capacity == 0 ? .infinity : keys.count < capacity ? -.infinity : keys[0] }

    /// Forgets every entry.
    public mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        products.removeAll(keepingCapacity: true)
        ranks.removeAll(keepingCapacity: true)
    }

    /// Whether (a, ra) ranks below (b, rb) in ``RankingOrder``.
    @inline(__always) private static func worse(_ a: Float, _ ra: Int32, _ b: Float, _ rb: Int32) -> Bool {
        RankingOrder.precedes(b, rank: rb, a, rank: ra)
    }

    /// Offers a product; keeps it when it beats the worst kept entry or there is room.
    @inline(__always) public mutating func offer(key: Float, product: Int32, rank: Int32) {
        if keys.count < capacity {
            keys.append(key); products.append(product); ranks.append(rank)
            siftUp(keys.count - 1)
        } else if capacity > 0 && TopKSelector.worse(keys[0], ranks[0], key, rank) {
            keys[0] = key; products[0] = product; ranks[0] = rank
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard TopKSelector.worse(keys[child], ranks[child], keys[parent], ranks[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = keys.count
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < n && TopKSelector.worse(keys[left], ranks[left], keys[worst], ranks[worst]) { worst = left }
            if right < n && TopKSelector.worse(keys[right], ranks[right], keys[worst], ranks[worst]) { worst = right }
            if worst == parent { return }
            swapAt(parent, worst)
            parent = worst
        }
    }

    private mutating func swapAt(_ i: Int, _ j: Int) {
        keys.swapAt(i, j); products.swapAt(i, j); ranks.swapAt(i, j)
    }

    /// The kept entries, best first.
    public func sorted() -> [(key: Float, product: Int32)] {
        let order = keys.indices.sorted { TopKSelector.worse(keys[$1], ranks[$1], keys[$0], ranks[$0]) }
        return order.map { (keys[$0], products[$0]) }
    }
}
