#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings to dense ids (first-seen order) without creating a `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full;
/// keys live back to back in one byte arena. Used on the ingest hot path; converted to a
/// ``Vocabulary`` once at the end.
/// - Complexity: expected O(key length) per ``intern(_:)``.
final class ByteInterner {
    private var arena: [UInt8] = []
    /// Arena offset of each id's key; `offsets[id] ..< offsets[id + 1]`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → id + 1 (0 = empty).
    private var table: [Int32]
    private var mask: Int
    /// The id interned last, checked first (consecutive lines often repeat a key).
    private var lastId: Int32 = -1

    /// An empty interner sized for about `capacity` keys.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Number of distinct keys.
    var count: Int { hashes.count }

    /// The key of an id as bytes.
    func key(_ id: Int32) -> ArraySlice<UInt8> { arena[offsets[Int(id)] ..< offsets[Int(id) + 1]] }

    /// The key of an id as a string (keys are validated UTF-8 by the reader).
    func string(_ id: Int32) -> String { String(decoding: key(id), as: UTF8.self) }

    /// All keys in id order.
    func vocabulary() -> Vocabulary { Vocabulary((0..<Int32(count)).map(string)) }

    /// The id of `key`, adding it when new; `isNew` tells which.
    @inline(__always)
    func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        if lastId >= 0, equals(lastId, key) { return (lastId, false) }
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let id = entry - 1
            if hashes[Int(id)] == h, equals(id, key) { lastId = id; return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        hashes.append(h)
        table[slot] = id + 1
        lastId = id
        if hashes.count * 2 > table.count { grow() }
        return (id, true)
    }

    /// The id of `key` if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            if hashes[Int(entry - 1)] == h, equals(entry - 1, key) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a string key.
    @discardableResult
    func intern(_ key: String) -> Int32 {
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBufferPointer { intern($0).id }
    }

    @inline(__always)
    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[Int(id)], end = offsets[Int(id) + 1]
        guard end - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            guard let base = key.baseAddress, key.count > 0, let abase = a.baseAddress else { return true }
            return memcmp(abase + start, base, key.count) == 0
        }
    }

    private func grow() {
        let size = table.count * 2
        var next = [Int32](repeating: 0, count: size)
        let m = size - 1
        for id in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & m
            while next[slot] != 0 { slot = (slot + 1) & m }
            next[slot] = Int32(id + 1)
        }
        table = next
        mask = m
    }

    /// A 64-bit hash of the bytes: 8-byte words folded with a multiply-xorshift mix.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count { tail |= UInt64(key[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
