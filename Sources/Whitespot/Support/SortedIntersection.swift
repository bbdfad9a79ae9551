/// Intersections of ascending `Int32` lists (customer ids of CSC columns), by galloping from
/// the shorter list through the longer one.
///
/// ```swift
/// [1, 4, 9].withUnsafeBufferPointer { a in
///     [2, 4, 5, 9, 12].withUnsafeBufferPointer { b in SortedIntersection.common(a, b) }   // [4, 9]
/// }
/// ```
/// - Complexity: O(m · log(n / m)) for lists of m ≤ n elements.
enum SortedIntersection {
    /// The elements in both lists, ascending.
    static func common(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>) -> [Int32] {
        var out: [Int32] = []
        visitCommon(a, b) { out.append($0) }
        return out
    }

    /// How many elements are in both lists.
    static func count(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>) -> Int {
        var n = 0
        visitCommon(a, b) { _ in n += 1 }
        return n
    }

    /// Whether the list holds `x`. - Complexity: O(log n).
    static func contains(_ x: Int32, in b: UnsafeBufferPointer<Int32>) -> Bool {
        let at = lowerBound(of: x, in: b, from: 0)
        return at < b.count && b[at] == x
    }

    /// Calls `body` with each element in both lists, ascending.
    @inline(__always)
    private static func visitCommon(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>, _ body: (Int32) -> Void) {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var at = 0
        for x in short {
            at = lowerBound(of: x, in: long, from: at)
            if at == long.count { return }
            if long[at] == x {
                body(x)
                at += 1
            }
        }
    }

    /// The first index at or after `start` whose element is not below `x` (`b.count` if none):
    /// steps of 1, 2, 4, … then a binary search.
    private static func lowerBound(of x: Int32, in b: UnsafeBufferPointer<Int32>, from start: Int) -> Int {
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
