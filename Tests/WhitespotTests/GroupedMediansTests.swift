import Testing
@testable import Whitespot

/// Grouped medians from arrays and from entries produced on demand (no per-entry arrays).
@Suite("Grouped medians")
struct GroupedMediansTests {
    @Test("odd and even groups, an empty group, ignored entries")
    func medians() {
        let m = GroupedMedians.compute(groups: [0, 0, 1, 0, -1, 3, 3], values: [3, 1, 7, 2, 99, 4, 5], groupCount: 4)
        #expect(m[0] == 2 && m[1] == 7 && m[2].isNaN && m[3] == 4.5)
    }

    @Test("entries produced on demand: each group's median of its values sorted")
    func onDemandEqualsSorting() {
        var rng = SplitMix64(seed: 7)
        let n = 5_000, groupCount = 40
        let groups = (0..<n).map { _ in Int(rng.next() % UInt64(groupCount + 5)) - 5 }
        let values = (0..<n).map { _ in Double(rng.next() % 1_000) / 7 }
        let onDemand = GroupedMedians.compute(count: n, groupCount: groupCount) { j in (groups[j], values[j]) }
        for g in 0..<groupCount {
            let v = zip(groups, values).filter { $0.0 == g }.map(\.1).sorted()
            let expected = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
            #expect(onDemand[g] == expected, "group \(g)")
        }
    }
}
