import Dispatch

/// Ranks the catalogue for every evaluated customer of a split and measures the lists.
///
/// For each evaluated customer: candidates = catalogue products not bought in train; order =
/// score descending, equal scores (and NaN, treated as −∞) by product id ascending in UTF-8
/// byte order; L = the first K. Only the top max(K, 20) candidates are ever kept per customer
/// (a bounded heap, ``TopKSelector``), and per-customer scores are produced a block of customers at a time,
/// so no customers × products score matrix exists. Methods that rank by themselves
/// (``RankingMethod/Scores/lists(_:)``) are measured on their lists as given.
///
/// Work is split into fixed blocks of customers spread over `threads` workers; block sums are
/// added in block order, so figures are bit-identical for any thread count.
///
/// ```swift
/// let result = RankingEvaluator(split: split, k: 10).evaluate(.segmentPenetration(split))
/// result.metrics.ndcg
/// ```
public struct RankingEvaluator: Sendable {
    /// The split evaluated.
    public let split: TemporalSplit
    /// K of the headline figures.
    public let k: Int
    /// Length of the metric@K curves (K = 1...curveLength), at least K.
    public let curveLength: Int
    /// Worker threads.
    public let threads: Int
    /// Customers per block.
    static let blockSize = 128

    private let byteRank: [Int32]

    /// An evaluator for `split` at `k` with curves up to max(k, `curve`).
    public init(split: TemporalSplit, k: Int = 10, curve: Int = 20, threads: Int = 2) {
        self.split = split
        self.k = k
        self.curveLength = max(k, curve)
        self.threads = max(1, threads)
        self.byteRank = split.train.products.byteOrderRanks()
    }

    /// The top-`curveLength` candidates of every evaluated customer under `method`
    /// (row e for `split.evaluated[e]`, possibly shorter when there are fewer candidates).
    public func rankings(_ method: RankingMethod) -> [[Int32]] {
        var lists = [[Int32]](repeating: [], count: split.evaluated.count)
        lists.withUnsafeMutableBufferPointer { out in
            let shared = SendableBuffer(out)
            run(method) { e, list in shared.buffer[e] = Array(list) }
        }
        return lists
    }

    /// Evaluates one method: figures at K, curves, coverage and per-segment figures.
    public func evaluate(_ method: RankingMethod) -> MethodEvaluation {
        let n = split.evaluated.count, maxK = curveLength, productCount = split.matrix.productCount
        let blockCount = (n + Self.blockSize - 1) / Self.blockSize
        var blockSums = [RankingMetrics](repeating: RankingMetrics(), count: blockCount * maxK)
        var atK = [RankingMetrics](repeating: RankingMetrics(), count: n)
        var lengths = [Int](repeating: 0, count: n)
        // firstPosition[w * productCount + i] = earliest 0-based list position of product i seen by worker w.
        var firstPosition = [Int32](repeating: .max, count: threads * productCount)
        blockSums.withUnsafeMutableBufferPointer { sums in
            atK.withUnsafeMutableBufferPointer { perCustomer in
              lengths.withUnsafeMutableBufferPointer { lengths in
                firstPosition.withUnsafeMutableBufferPointer { first in
                    let sums = SendableBuffer(sums), perCustomer = SendableBuffer(perCustomer)
                    let first = SendableBuffer(first), lengths = SendableBuffer(lengths)
                    run(method) { e, list, worker in
                        let relevant = split.relevantProducts(e)
                        let flags = list.map { relevant.contains($0) }
                        let curve = RankingMetrics.curve(isRelevant: flags, relevantCount: relevant.count, maxK: maxK)
                        let base = (e / Self.blockSize) * maxK
                        for j in 0..<maxK { sums.buffer[base + j] = sums.buffer[base + j] + curve[j] }
                        perCustomer.buffer[e] = curve[k - 1]
                        lengths.buffer[e] = list.count
                        for (j, p) in list.enumerated() {
                            let slot = worker * productCount + Int(p)
                            first.buffer[slot] = min(first.buffer[slot], Int32(j))
                        }
                    }
                }
              }
            }
        }

        var total = [RankingMetrics](repeating: RankingMetrics(), count: maxK)
        for b in 0..<blockCount {
            for j in 0..<maxK { total[j] = total[j] + blockSums[b * maxK + j] }
        }
        let curve = total.map { $0 / Double(n) }

        var earliest = [Int32](repeating: .max, count: productCount)
        for w in 0..<threads {
            for i in 0..<productCount { earliest[i] = min(earliest[i], firstPosition[w * productCount + i]) }
        }
        var coverageCurve = [Double](repeating: 0, count: maxK)
        for position in earliest where position < maxK {
            for j in Int(position)..<maxK { coverageCurve[j] += 1 }
        }
        coverageCurve = coverageCurve.map { productCount == 0 ? 0 : $0 / Double(productCount) }

        let names = split.segments.names
        var segmentSums = [RankingMetrics](repeating: RankingMetrics(), count: names.count)
        var segmentCounts = [Int](repeating: 0, count: names.count)
        for e in 0..<n {
            let g = Int(split.segments.ofCustomer[Int(split.evaluated[e])])
            segmentSums[g] = segmentSums[g] + atK[e]
            segmentCounts[g] += 1
        }
        let segments = (0..<names.count).filter { segmentCounts[$0] > 0 }.map {
            MethodEvaluation.SegmentFigures(
                segment: names[$0], customers: segmentCounts[$0],
                metrics: segmentSums[$0] / Double(segmentCounts[$0]))
        }

        return MethodEvaluation(
            method: method.name, parameters: method.parameters, k: k,
            metrics: curve[k - 1], coverage: coverageCurve[k - 1],
            curve: curve, coverageCurve: coverageCurve, segments: segments, counts: split.counts,
            shortLists: lengths.filter { $0 < k }.count, customerNDCG: atK.map(\.ndcg))
    }

    /// Ranks every evaluated customer and hands `(e, list)` to `visit`, concurrently over blocks.
    private func run(_ method: RankingMethod, _ visit: @escaping @Sendable (Int, ArraySlice<Int32>) -> Void) {
        run(method) { e, list, _ in visit(e, list) }
    }

    /// Ranks every evaluated customer and hands `(e, list, worker)` to `visit`. Worker `w`
    /// handles blocks w, w + threads, ...; each evaluated customer is visited exactly once.
    private func run(_ method: RankingMethod, _ visit: @escaping @Sendable (Int, ArraySlice<Int32>, Int) -> Void) {
        let n = split.evaluated.count, productCount = split.matrix.productCount
        let blockSize = Self.blockSize, blockCount = (n + blockSize - 1) / blockSize
        let maxK = curveLength, threads = self.threads, split = self.split, byteRank = self.byteRank
        let groupOrders: [[Int32]]
        if case .grouped(_, let scores) = method.scores {
            groupOrders = scores.map { raw in
                let s = raw.map { $0.isNaN ? -Float.infinity : $0 }
                return (0..<Int32(productCount)).sorted { a, b in
                    RankingOrder.precedes(s[Int(a)], rank: byteRank[Int(a)], s[Int(b)], rank: byteRank[Int(b)])
                }
            }
        } else {
            groupOrders = []
        }
        let given: [[Int32]]
        if case .lists(let rank) = method.scores {
            given = rank(split.evaluated.map { Int($0) }, maxK)
        } else {
            given = []
        }
        // Several workers: OpenBLAS single-threaded inside each; one: its own count.
        BLAS.withThreads(threads > 1 ? 1 : nil) { ConcurrentLoop.run(iterations: min(threads, max(1, blockCount))) { worker in
            var excluded = [Int32](repeating: -1, count: productCount)
            var list = [Int32](repeating: 0, count: maxK)
            var selector = TopKSelector(capacity: maxK)
            var scores: [Float] = []
            var customers = [Int32](repeating: 0, count: blockSize)
            var b = worker
            while b < blockCount {
                let lo = b * blockSize, hi = min(n, lo + blockSize)
                for e in lo..<hi { customers[e - lo] = split.evaluated[e] }
                if case .perCustomer(let fill) = method.scores {
                    if scores.count < (hi - lo) * productCount { scores = [Float](repeating: 0, count: blockSize * productCount) }
                    customers.withUnsafeBufferPointer { c in
                        scores.withUnsafeMutableBufferPointer { s in
                            guard let out = s.baseAddress else { return }
                            fill(UnsafeBufferPointer(rebasing: c[0..<(hi - lo)]), out)
                        }
                    }
                }
                for e in lo..<hi {
                    let u = Int(split.evaluated[e])
                    for pair in split.matrix.pairs(ofCustomer: u) { excluded[Int(split.matrix.product[pair])] = Int32(e) }
                    var count = 0
                    switch method.scores {
                    case .grouped(let groupOf, _):
                        for p in groupOrders[Int(groupOf[u])] where excluded[Int(p)] != Int32(e) {
                            list[count] = p
                            count += 1
                            if count == maxK { break }
                        }
                    case .lists:
                        let top = given[e].prefix(maxK)
                        for (j, p) in top.enumerated() { list[j] = p }
                        count = top.count
                    case .perCustomer:
                        selector.removeAll()
                        scores.withUnsafeBufferPointer { s in
                            excluded.withUnsafeBufferPointer { x in
                                byteRank.withUnsafeBufferPointer { rank in
                                    let row = UnsafeBufferPointer(rebasing: s[(e - lo) * productCount ..< (e - lo + 1) * productCount])
                                    var floor = selector.floor
                                    for i in 0..<productCount where x[i] != Int32(e) {
                                        let raw = row[i]
                                        let key = raw.isNaN ? -Float.infinity : raw
                                        if key < floor { continue }
                                        selector.offer(key: key, product: Int32(i), rank: rank[i])
                                        floor = selector.floor
                                    }
                                }
                            }
                        }
                        for (j, kept) in selector.sorted().enumerated() { list[j] = kept.product }
                        count = selector.count
                    }
                    visit(e, list[0..<count], worker)
                }
                b += threads
            }
        } }
    }
}

/// A buffer written by several workers at disjoint indices. `@unchecked`: the workers of one
/// evaluation write disjoint index ranges and nothing reads before they all finish, a
/// partitioning the compiler cannot see through an unsafe pointer.
struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
