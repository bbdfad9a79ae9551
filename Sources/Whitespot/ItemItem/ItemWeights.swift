/// The EASE weights B as a sparse neighbour model: for each product i (a row of B, the weights
/// a purchase of i gives every other product) the kept entries (j, B[i, j]), products ascending.
///
/// A customer's scores are then a sparse accumulation, s_j = Σ_i x_ui · B[i, j] over their
/// purchases i and the kept entries of row i: purchases × kept entries per row operations
/// instead of purchases × products, and the model takes 8 bytes per kept entry instead of
/// 4 · products² bytes. ``init(dense:productCount:keep:threads:)`` keeps the `keep`
/// largest-magnitude weights of each row (B's negative weights count as much as its positive
/// ones), ties to the smaller product index, so the selection is deterministic; keeping
/// products − 1 or more entries keeps every off-diagonal weight (the dense B, whose diagonal
/// is 0).
public struct ItemWeights: Sendable, Equatable {
    /// Products (rows and columns of B).
    public let productCount: Int
    /// Row i's entries are at `offsets[i] ..< offsets[i + 1]` of ``neighbours`` and ``weights``
    /// (products + 1 values, the first 0; empty when there are no products).
    public let offsets: [Int]
    /// The column j of each kept entry, ascending within a row.
    public let neighbours: [Int32]
    /// B[i, j] of each kept entry.
    public let weights: [Float]

    /// No products, no weights (the value of a model without B).
    public init() {
        self.init(productCount: 0, offsets: [], neighbours: [], weights: [])
    }

    /// Weights from their parts, which must be consistent (``problem(productCount:offsets:neighbours:weights:)`` is nil).
    public init(productCount: Int, offsets: [Int], neighbours: [Int32], weights: [Float]) {
        precondition(Self.problem(productCount: productCount, offsets: offsets, neighbours: neighbours, weights: weights) == nil)
        self.init(checked: productCount, offsets: offsets, neighbours: neighbours, weights: weights)
    }

    /// Weights from parts the caller has just found consistent with
    /// ``problem(productCount:offsets:neighbours:weights:)`` (the model loader, which throws a
    /// clear message otherwise), so the check is not run a second time.
    init(checked productCount: Int, offsets: [Int], neighbours: [Int32], weights: [Float]) {
        self.productCount = productCount; self.offsets = offsets; self.neighbours = neighbours; self.weights = weights
    }

    /// The `keep` largest-magnitude off-diagonal weights of each row of the dense B
    /// (`productCount` × `productCount`, row-major), ties to the smaller column; rows in parallel
    /// on `threads` workers (the result does not depend on them).
    /// - Complexity: O(products² · log keep); O(products²) when every weight is kept.
    public init(dense b: [Float], productCount n: Int, keep: Int, threads: Int = 1) {
        precondition(b.count == n * n && keep >= 1)
        let perRow = min(keep, max(0, n - 1))
        var neighbours = [Int32](repeating: 0, count: n * perRow)
        var weights = [Float](repeating: 0, count: n * perRow)
        let workers = max(1, min(threads, n))
        b.withUnsafeBufferPointer { b in
            neighbours.withUnsafeMutableBufferPointer { outN in
                weights.withUnsafeMutableBufferPointer { outW in
                    let outN = outN.baseAddress, outW = outW.baseAddress
                    ConcurrentLoop.run(iterations: workers) { t in
                        var heap = KeptEntries(capacity: perRow)
                        for i in stride(from: t, to: n, by: workers) {
                            heap.removeAll()
                            let kept: [KeptEntries.Entry]
                            if perRow == n - 1 {  // every off-diagonal weight: no selection
                                kept = (0 ..< n).filter { $0 != i }.map { KeptEntries.Entry(column: Int32($0), weight: b[i * n + $0]) }
                            } else {
                                for j in 0 ..< n where j != i { heap.offer(column: Int32(j), weight: b[i * n + j]) }
                                kept = heap.entries.sorted { $0.column < $1.column }
                            }
                            for (r, e) in kept.enumerated() {
                                outN.unsafelyUnwrapped[i * perRow + r] = e.column
                                outW.unsafelyUnwrapped[i * perRow + r] = e.weight
                            }
                        }
                    }
                }
            }
        }
        self.init(productCount: n, offsets: (0 ... n).map { $0 * perRow }, neighbours: neighbours, weights: weights)
    }

    /// Whether no product has weights (a model without B).
    public var isEmpty: Bool { productCount == 0 }

    /// Kept entries per row at most.
    public var largestRow: Int { (0 ..< productCount).map { offsets[$0 + 1] - offsets[$0] }.max() ?? 0 }

    /// B[i, j] when kept, else 0.
    /// - Complexity: O(log kept entries of row i).
    public func weight(from i: Int, to j: Int) -> Float {
        var low = offsets[i], high = offsets[i + 1]
        while low < high {
            let mid = (low + high) / 2
            if Int(neighbours[mid]) < j { low = mid + 1 } else { high = mid }
        }
        return low < offsets[i + 1] && Int(neighbours[low]) == j ? weights[low] : 0
    }

    /// Adds `value` · B[i, ·] (the kept entries of row i) to `row` (``productCount`` floats).
    @inlinable
    public func accumulate(row i: Int, times value: Float, into row: UnsafeMutablePointer<Float>) {
        neighbours.withUnsafeBufferPointer { n in
            weights.withUnsafeBufferPointer { w in
                for e in offsets[i] ..< offsets[i + 1] { row[Int(n[e])] += value * w[e] }
            }
        }
    }

    /// The dense B (products² floats, 0 where not kept).
    public func dense() -> [Float] {
        var b = [Float](repeating: 0, count: productCount * productCount)
        for i in 0 ..< productCount {
            for e in offsets[i] ..< offsets[i + 1] { b[i * productCount + Int(neighbours[e])] = weights[e] }
        }
        return b
    }

    /// The weights re-indexed: product i becomes `target[i]` of `count` products (rows and
    /// columns no product maps to are empty). `target` must be injective.
    public func reindexed(_ target: [Int], count: Int) -> ItemWeights {
        precondition(target.count == productCount)
        var rowOf = [Int](repeating: -1, count: count)
        for (i, t) in target.enumerated() { rowOf[t] = i }
        var offsets = [0], neighbours: [Int32] = [], weights: [Float] = []
        neighbours.reserveCapacity(self.neighbours.count); weights.reserveCapacity(self.weights.count)
        for t in 0 ..< count {
            if case let i = rowOf[t], i >= 0 {
                let row = (self.offsets[i] ..< self.offsets[i + 1])
                    .map { (Int32(target[Int(self.neighbours[$0])]), self.weights[$0]) }.sorted { $0.0 < $1.0 }
                neighbours += row.map(\.0); weights += row.map(\.1)
            }
            offsets.append(neighbours.count)
        }
        return ItemWeights(productCount: count, offsets: offsets, neighbours: neighbours, weights: weights)
    }

    /// What is wrong with these parts, nil when they are consistent: products + 1 offsets from
    /// 0 to the entry count, never decreasing (none at all without products), as many weights
    /// as neighbours, finite weights, and columns in 0 ..< products, strictly ascending within
    /// a row and never the row itself.
    public static func problem(productCount n: Int, offsets: [Int], neighbours: [Int32], weights: [Float]) -> String? {
        guard neighbours.count == weights.count else { return "\(neighbours.count) neighbours for \(weights.count) weights" }
        guard n > 0 || (offsets.isEmpty && neighbours.isEmpty) else { return "weights without products" }
        guard n == 0 || (offsets.count == n + 1 && offsets[0] == 0 && offsets[n] == neighbours.count) else {
            return "offsets must be \(n + 1) values from 0 to \(neighbours.count)"
        }
        for i in 0 ..< n {
            guard offsets[i] <= offsets[i + 1] else { return "offsets decrease at product \(i)" }
            var previous = -1
            for e in offsets[i] ..< offsets[i + 1] {
                let j = Int(neighbours[e])
                guard j > previous, j < n, j != i else {
                    return "product \(i)'s neighbour \(j) is out of range, repeated, unordered or itself"
                }
                guard weights[e].isFinite else { return "product \(i)'s weight for \(j) is \(weights[e])" }
                previous = j
            }
        }
        return nil
    }
}

/// The `capacity` entries of largest |weight| offered so far (ties: the earlier offer, i.e. the
/// smaller column when columns are offered ascending), as a min-heap on (|weight|, −offer order).
struct KeptEntries {
    /// One kept entry.
    struct Entry {
        var column: Int32
        var weight: Float
        var magnitude: Float { abs(weight) }
    }

    let capacity: Int
    /// The kept entries, a heap whose first is the weakest (smallest magnitude, latest offered).
    private(set) var entries: [Entry] = []

    /// An empty selection of `capacity` entries.
    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    /// Forgets every entry.
    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// Keeps (`column`, `weight`) when fewer than `capacity` are kept or |weight| is larger than
    /// the weakest kept entry's (equal magnitude: the kept, earlier offer wins).
    mutating func offer(column: Int32, weight: Float) {
        let e = Entry(column: column, weight: weight)
        if entries.count < capacity {
            entries.append(e)
            siftUp(entries.count - 1)
        } else if capacity > 0, e.magnitude > entries[0].magnitude {
            entries[0] = e
            siftDown(0)
        }
    }

    /// Whether `a` is weaker than `b`: smaller magnitude, or equal magnitude and a later column.
    private func weaker(_ a: Entry, _ b: Entry) -> Bool {
        a.magnitude < b.magnitude || (a.magnitude == b.magnitude && a.column > b.column)
    }

    private mutating func siftUp(_ start: Int) {
        var c = start
        while c > 0, case let p = (c - 1) / 2, weaker(entries[c], entries[p]) {
            entries.swapAt(c, p)
            c = p
        }
    }

    private mutating func siftDown(_ start: Int) {
        var p = start
        while true {
            let l = 2 * p + 1, r = l + 1
            var m = p
            if l < entries.count, weaker(entries[l], entries[m]) { m = l }
            if r < entries.count, weaker(entries[r], entries[m]) { m = r }
            if m == p { return }
            entries.swapAt(p, m)
            p = m
        }
    }
}
