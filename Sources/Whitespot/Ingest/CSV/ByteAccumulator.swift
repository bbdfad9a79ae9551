/// A growing byte buffer that becomes an ``InputBytes`` when complete: where the CSV text of a
/// database export, or the inflated text of a gzip file, collects before the order parser reads
/// it, as a file's bytes would.
final class ByteAccumulator {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes appended so far.
    private(set) var count = 0

    /// An empty buffer.
    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Makes room for `extra` more bytes.
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var bigger = capacity * 2
        while bigger < count + extra { bigger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = bigger
    }

    /// Appends raw bytes.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    /// Lets `fill` write at most `limit` bytes at the end (room is made first); `fill` returns
    /// how many it wrote, and those are appended.
    func appendWriting(upTo limit: Int, _ fill: (UnsafeMutablePointer<UInt8>) throws -> Int) rethrows {
        reserve(limit)
        count += try fill(storage + count)
    }

    /// Appends one byte.
    func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    /// Appends one CSV field, quoted when it holds the delimiter, a quote or a line break.
    func appendField(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) {
        let needsQuotes = bytes.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { append(bytes); return }
        append(34)
        for b in bytes {
            if b == 34 { append(34) }
            append(b)
        }
        append(34)
    }

    /// Hands the bytes over; the accumulator is empty afterwards.
    func finish() -> InputBytes {
        let bytes = take()
        return InputBytes(owning: UnsafeMutablePointer(mutating: bytes.baseAddress!), count: bytes.count)
    }

    /// Hands the bytes over as memory the caller now owns (allocated with
    /// `allocate(capacity:)`); the accumulator is empty afterwards.
    func take() -> UnsafeBufferPointer<UInt8> {
        let bytes = UnsafeBufferPointer(start: storage, count: count)
        capacity = 16
        storage = .allocate(capacity: capacity)
        count = 0
        return bytes
    }
}
