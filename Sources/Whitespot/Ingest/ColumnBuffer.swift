/// A fixed-capacity column of plain values in manually managed memory, filled by one parser
/// without array uniqueness or exclusivity checks, then copied into an `Array` once.
final class ColumnBuffer<Element> {
    /// The storage (`capacity` elements; the first `count` written by the owner).
    let base: UnsafeMutablePointer<Element>
    /// Number of elements that fit.
    let capacity: Int

    /// Uninitialised storage for `capacity` elements of a trivial type.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }
}

extension Array {
    /// An array of `parts` laid end to end, each element passed through `transform` with its
    /// part index. Each part's storage can be released by the caller right after.
    init<T>(concatenating parts: [(ColumnBuffer<T>, Int)], _ transform: (Int, T) -> Element) {
        let total = parts.reduce(0) { $0 + $1.1 }
        self.init(unsafeUninitializedCapacity: total) { buffer, count in
            count = 0
            guard let out = buffer.baseAddress else { return }
            for (index, (column, n)) in parts.enumerated() {
                for i in 0..<n { (out + count + i).initialize(to: transform(index, column.base[i])) }
                count += n
            }
        }
    }
}
