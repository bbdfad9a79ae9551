import Testing
@testable import Whitespot

/// The protocol's order (EVALUATION.md): score descending, equal scores by product id in
/// UTF-8 byte order.
@Suite("the ranking order and its tie-break")
struct RankingOrderTests {
    @Test("exact ties are ordered by the byte order of the product ids, and nothing precedes itself")
    func exactTies() {
        let ids = Vocabulary(["b", "é", "B", "a", "ab", "10", "9", "z"])
        let ranks = ids.byteOrderRanks()
        let scores: [Float] = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.75]
        let order = (0 ..< ids.count).sorted { RankingOrder.precedes(scores[$0], rank: ranks[$0], scores[$1], rank: ranks[$1]) }
        #expect(order.map { ids[$0] } == ["z", "10", "9", "B", "a", "ab", "b", "é"])
        for i in (0 ..< ids.count) { #expect(!RankingOrder.precedes(scores[i], rank: ranks[i], scores[i], rank: ranks[i])) }
        // −0 and +0 are equal scores: the tie-break decides.
        #expect(RankingOrder.precedes(Float(-0.0), rank: 1, Float(0), rank: 2))
        #expect(!RankingOrder.precedes(Float(0), rank: 2, Float(-0.0), rank: 1))
        #expect(RankingOrder.precedes(Float(0.25).nextUp, rank: 9, Float(0.25), rank: 0))
        // Any comparable score: quantities as doubles.
        #expect(RankingOrder.precedes(2.0, rank: 3, 2.0, rank: 4) && !RankingOrder.precedes(2.0, rank: 3, 2.5, rank: 0))
    }

    @Test("top-K selection keeps exact ties in the same order, whatever order they are offered in")
    func selectorTies() {
        let ids = Vocabulary((0 ..< 40).map { "q\(($0 * 17) % 40)" })
        let ranks = ids.byteOrderRanks()
        let expected = (0 ..< ids.count).sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }.prefix(9)
        for start in [0, 13, 39] {
            var selector = TopKSelector(capacity: 9)
            for n in 0 ..< 40 {
                let i = (start + n * 7) % 40
                selector.offer(key: 1, product: Int32(i), rank: ranks[i])
            }
            #expect(selector.sorted().map { Int($0.product) } == Array(expected))
        }
    }
}
