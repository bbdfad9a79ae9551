/// Cursors through ascending `Int32` lists (customer ids of CSC columns), by galloping search.
///
/// ```swift
/// [2, 4, 5, 9, 12].withUnsafeBufferPointer { SortedIntersection.lowerBound(of: 6, in: $0, from: 1) }   // 3
/// ```
enum SortedIntersection {
    /// The first index at or after `start` whose element is not below `x` (`b.count` if none):
    /// steps of 1, 2, 4, … then a binary search, so a cursor moving up a list pays
    /// O(log distance) per step. - Complexity: O(log(result − start + 1)).
    static func lowerBound(of x: Int32, in b: UnsafeBufferPointer<Int32>, from start: Int) -> Int {
        var low = start, high = start, step = 1
        while high < b.count && b[high] < x {
            low = high + 1
            high += step
            step <<= 1
        }
        high = min(high, b.count)
        while low < high {
            let mid = (low + high) / 2
            if b[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
