import Synchronization

/// The like-you counts a ``LikeYouGroupCache`` keeps: 64-bit values under 63-bit keys in a fixed
/// number of slots, four to a bucket of 64 bytes.
///
/// A key lives in the bucket its multiplicative hash picks; a new key goes first, the others move
/// down one, and the last (the oldest) is dropped: one cache line or two per look-up, no growth.
/// The slots are one allocation backed by huge pages where the system allows (``HugePages``),
/// since look-ups land in random places; buckets are spread over independently locked stripes.
///
/// A key is a pair's two products and the product counted, 21 bits each (``key(_:_:_:)``), so the
/// table serves catalogues of up to 2,097,151 products (``holds(_:_:_:)``).
final class LikeYouCountTable: @unchecked Sendable {
    /// Key and value words, interleaved: bucket b is words 8b ..< 8b + 8. Guarded: the words of
    /// a bucket are only read or written under its stripe's lock.
    private let words: UnsafeMutableBufferPointer<UInt64>
    /// Buckets minus one (the bucket count is a power of two).
    private let mask: Int
    /// Bucket b belongs to stripe b % stripes.count.
    private let stripes: [Stripe]

    private final class Stripe: Sendable {
        /// How many slots of the stripe's buckets hold a count.
        let filled = Mutex(0)
    }

    /// The key word no count has (keys use 63 bits); an empty slot's value word is never read.
    private static let empty = UInt64.max
    private static let slotsPerBucket = 4

    /// A table of `slots` slots (rounded down to a power of two, at least one bucket) locked in
    /// `stripes` parts.
    init(slots: Int, stripes: Int) {
        var buckets = 1
        while buckets * 2 * LikeYouCountTable.slotsPerBucket <= slots { buckets *= 2 }
        mask = buckets - 1
        words = HugePages.allocate(repeating: LikeYouCountTable.empty, count: 2 * buckets * LikeYouCountTable.slotsPerBucket)
        self.stripes = (0 ..< max(1, stripes)).map { _ in Stripe() }
    }

    deinit { words.deallocate() }

    /// Whether products `a`, `b` and `i` fit in a key.
    static func holds(_ a: Int, _ b: Int, _ i: Int) -> Bool { max(a, b, i) < 1 << 21 && min(a, b, i) >= 0 }

    /// The key of the group of `a` and `b` (in either order) counted against `i` (all of them ``holds(_:_:_:)``).
    static func key(_ a: Int, _ b: Int, _ i: Int) -> UInt64 {
        UInt64(min(a, b)) << 42 | UInt64(max(a, b)) << 21 | UInt64(i)
    }

    /// How many slots hold a count.
    var count: Int { stripes.reduce(0) { total, stripe in total + stripe.filled.withLock { $0 } } }

    /// The high 32 bits of a multiplicative (Fibonacci) mix of `key`, each depending on all of
    /// its bits: where a cache key goes, here and in ``LikeYouGroupCache``'s parts.
    static func spread(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The key's bucket.
    private func bucket(_ key: UInt64) -> Int { Self.spread(key) & mask }

    /// The value kept for `key`, if any.
    func value(_ key: UInt64) -> UInt64? {
        let b = bucket(key), start = b * 2 * LikeYouCountTable.slotsPerBucket
        return stripes[b % stripes.count].filled.withLock { _ in
            for w in stride(from: start, to: start + 2 * LikeYouCountTable.slotsPerBucket, by: 2) where words[w] == key {
                return words[w + 1]
            }
            return nil
        }
    }

    /// Keeps `value` for `key` (see the type's summary for which key it may displace).
    func insert(_ value: UInt64, for key: UInt64) {
        let b = bucket(key), start = b * 2 * LikeYouCountTable.slotsPerBucket, end = start + 2 * LikeYouCountTable.slotsPerBucket
        stripes[b % stripes.count].filled.withLock { filled in
            // The slot to free: the key's own, else the first empty one, else the last.
            var free = end - 2
            for w in stride(from: start, to: end, by: 2) where words[w] == key || words[w] == LikeYouCountTable.empty {
                free = w
                break
            }
            if words[free] == LikeYouCountTable.empty { filled += 1 }
            var w = free
            while w > start {
                words[w] = words[w - 2]
                words[w + 1] = words[w - 1]
                w -= 2
            }
            words[start] = key
            words[start + 1] = value
        }
    }
}
