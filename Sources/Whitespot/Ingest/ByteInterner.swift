/// Interns byte strings to dense ids (first-seen order) without creating a `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full;
/// keys live back to back in one byte arena. Each slot holds the key's first 8 bytes, its
/// length, a hash tag and its id, so a lookup of a key of up to 8 bytes touches one slot and
/// nothing else. Storage is manual (no array uniqueness or exclusivity checks on the hot
/// path). Converted to a ``Vocabulary`` once at the end.
/// - Complexity: expected O(key length) per ``intern(_:)``.
final class ByteInterner {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0, arenaCapacity: Int
    /// Arena offset of each id's key: `offsets[id] ..< offsets[id + 1]`.
    private var offsets: UnsafeMutablePointer<Int>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var idCapacity: Int
    /// A table slot: the key's first 8 bytes (zero-padded) and `tag << 40 | length << 32 | id + 1`
    /// (0 = empty; tag = the hash's top 24 bits, length capped at 255).
    private struct Slot {
        var prefix: UInt64
        var meta: UInt64
    }
    private var table: UnsafeMutablePointer<Slot>
    private var mask: Int
    /// Number of distinct keys.
    private(set) var count = 0
    /// The slot of the key interned last, checked first (consecutive lines often repeat a
    /// key) without touching the table.
    private var last = Slot(prefix: 0, meta: 0)

    /// An empty interner sized for about `capacity` keys.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = .allocate(capacity: size)
        table.initialize(repeating: Slot(prefix: 0, meta: 0), count: size)
        mask = size - 1
        idCapacity = max(16, capacity)
        offsets = .allocate(capacity: idCapacity + 1)
        offsets[0] = 0
        hashes = .allocate(capacity: idCapacity)
        arenaCapacity = idCapacity * 8
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        arena.deallocate(); offsets.deallocate(); hashes.deallocate(); table.deallocate()
    }

    /// The key of an id as bytes (valid until the next insertion).
    func key(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + offsets[Int(id)], count: offsets[Int(id) + 1] - offsets[Int(id)])
    }

    /// The key of an id as a string (keys are validated UTF-8 by the reader).
    func string(_ id: Int32) -> String { String(decoding: key(id), as: UTF8.self) }

    /// All keys in id order.
    func vocabulary() -> Vocabulary { Vocabulary((0..<Int32(count)).map(string)) }

    /// The id of `key`, adding it when new; `isNew` tells which.
    @inline(__always)
    func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let (h, prefix) = ByteInterner.hash(key)
        let want = ByteInterner.meta(h, key.count)
        if last.meta & ~0xFFFF_FFFF == want, last.prefix == prefix {
            let id = Int32(truncatingIfNeeded: last.meta & 0xFFFF_FFFF) - 1
            if key.count <= 8 || equals(id, key) { return (id, false) }
        }
        let table = self.table, mask = self.mask
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.meta == 0 { break }
            if entry.meta & ~0xFFFF_FFFF == want, entry.prefix == prefix {
                let id = Int32(truncatingIfNeeded: entry.meta & 0xFFFF_FFFF) - 1
                if key.count <= 8 || equals(id, key) { last = entry; return (id, false) }
            }
            slot = (slot + 1) & mask
        }
        let id = insert(key, hash: h)
        table[slot] = Slot(prefix: prefix, meta: want | UInt64(id + 1))
        last = table[slot]
        if count * 2 > mask { grow() }
        return (id, true)
    }

    /// The id of `key` if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let (h, prefix) = ByteInterner.hash(key)
        let want = ByteInterner.meta(h, key.count)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.meta == 0 { return nil }
            if entry.meta & ~0xFFFF_FFFF == want, entry.prefix == prefix {
                let id = Int32(truncatingIfNeeded: entry.meta & 0xFFFF_FFFF) - 1
                if key.count <= 8 || equals(id, key) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The tag and length part of a slot's `meta`.
    @inline(__always)
    private static func meta(_ hash: UInt64, _ length: Int) -> UInt64 {
        (hash >> 40) << 40 | UInt64(min(length, 255)) << 32
    }

    /// Adds a string key.
    @discardableResult
    func intern(_ key: String) -> Int32 {
        Array(key.utf8).withUnsafeBufferPointer { intern($0).id }
    }

    /// Appends a new key (the table slot is set by the caller).
    private func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        if count == idCapacity {
            idCapacity *= 2
            let o = UnsafeMutablePointer<Int>.allocate(capacity: idCapacity + 1)
            o.update(from: offsets, count: count + 1)
            offsets.deallocate(); offsets = o
            let h = UnsafeMutablePointer<UInt64>.allocate(capacity: idCapacity)
            h.update(from: hashes, count: count)
            hashes.deallocate(); hashes = h
        }
        if arenaCount + key.count > arenaCapacity {
            arenaCapacity = max(arenaCapacity * 2, arenaCount + key.count)
            let a = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            a.update(from: arena, count: arenaCount)
            arena.deallocate(); arena = a
        }
        if let base = key.baseAddress { (arena + arenaCount).update(from: base, count: key.count) }
        arenaCount += key.count
        let id = Int32(count)
        hashes[count] = hash
        count += 1
        offsets[count] = arenaCount
        return id
    }

    /// Whether the key of `id` equals `key` (compared 8 bytes at a time).
    @inline(__always)
    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[Int(id)], n = key.count
        guard offsets[Int(id) + 1] - start == n else { return false }
        guard let k = key.baseAddress else { return true }
        let a = UnsafeRawPointer(arena + start), b = UnsafeRawPointer(k)
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    private func grow() {
        let size = (mask + 1) * 2
        let next = UnsafeMutablePointer<Slot>.allocate(capacity: size)
        next.initialize(repeating: Slot(prefix: 0, meta: 0), count: size)
        let m = size - 1
        for i in 0...mask where table[i].meta != 0 {
            let id = Int(table[i].meta & 0xFFFF_FFFF) - 1
            var slot = Int(truncatingIfNeeded: hashes[id]) & m
            while next[slot].meta != 0 { slot = (slot + 1) & m }
            next[slot] = table[i]
        }
        table.deallocate()
        table = next
        mask = m
    }

    /// A 64-bit hash of the bytes (8-byte words folded with a multiply-xorshift mix) and the
    /// first 8 bytes as a little-endian word, zero-padded.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, prefix: UInt64) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return (h, 0) }
        let raw = UnsafeRawPointer(base)
        var i = 0, prefix: UInt64 = 0
        while i + 8 <= key.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if i == 0 { prefix = word }
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count { tail |= UInt64(key[i]) << shift; shift += 8; i += 1 }
            if key.count < 8 { prefix = tail }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return (h ^ (h >> 32), prefix)
    }
}
