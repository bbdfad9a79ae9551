/// Medians of values grouped by a dense group index.
///
/// The median of n sorted values v is v[n/2] for odd n and (v[n/2 − 1] + v[n/2]) / 2 for even
/// n (NumPy's definition); a group without values has median NaN.
///
/// ```swift
/// GroupedMedians.compute(groups: [0, 0, 1, 0], values: [3, 1, 7, 2], groupCount: 3)  // [2, 7, nan]
/// ```
public enum GroupedMedians {
    /// The median of each group `0 ..< groupCount`; `groups[j]` is the group of `values[j]`
    /// (negative: ignored).
    /// - Complexity: O(n log n + groupCount) time, O(n + groupCount) space.
    public static func compute(groups: [Int], values: [Double], groupCount: Int) -> [Double] {
        precondition(groups.count == values.count)
        return compute(count: groups.count, groupCount: groupCount) { j in (groups[j], values[j]) }
    }

    /// The median of each group `0 ..< groupCount` of `count` entries, entry `j` being
    /// `entry(j)` (a negative group: ignored), without holding the entries in arrays: only the
    /// grouped values are stored. `entry` is called twice per entry and must answer the same.
    /// - Complexity: O(n log n + groupCount) time, O(grouped values + groupCount) space.
    public static func compute(count: Int, groupCount: Int, entry: (Int) -> (group: Int, value: Double)) -> [Double] {
        var start = [Int](repeating: 0, count: groupCount + 1)
        for j in 0..<count {
            let g = entry(j).group
            if g >= 0 { start[g + 1] += 1 }
        }
        for g in 0..<groupCount { start[g + 1] += start[g] }
        var sorted = [Double](repeating: 0, count: start[groupCount])
        var fill = start
        for j in 0..<count {
            let (g, value) = entry(j)
            guard g >= 0 else { continue }
            sorted[fill[g]] = value
            fill[g] += 1
        }
        var medians = [Double](repeating: .nan, count: groupCount)
        sorted.withUnsafeMutableBufferPointer { buffer in
            for g in 0..<groupCount where start[g + 1] > start[g] {
                var slice = UnsafeMutableBufferPointer(rebasing: buffer[start[g] ..< start[g + 1]])
                slice.sort()
                let n = slice.count
                medians[g] = n % 2 == 1 ? slice[n / 2] : (slice[n / 2 - 1] + slice[n / 2]) / 2
            }
        }
        return medians
    }
}
