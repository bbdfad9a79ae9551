#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growing byte buffer that becomes an ``InputBytes`` when complete: where the CSV text of a
/// database export, or the inflated text of a gzip file, collects before the order parser reads
/// it, as a file's bytes would.
///
/// A *stable* accumulator never moves its bytes: it reserves address space up front (pages are
/// committed only when written), so parsers can read the records that arrived while more arrive.
final class ByteAccumulator {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes appended so far.
    private(set) var count = 0
    /// The reserved length when the bytes never move, else nil.
    private(set) var stableLength: Int?

    /// An empty buffer.
    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    /// An empty buffer whose bytes never move, when `length` bytes of address space can be
    /// reserved (`mmap` without committing memory); nil otherwise.
    init?(stableLength length: Int) {
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              base != MAP_FAILED else { return nil }
        storage = base.assumingMemoryBound(to: UInt8.self)
        capacity = length
        stableLength = length
    }

    deinit {
        if let stableLength { munmap(storage, stableLength) } else { storage.deallocate() }
    }

    /// The bytes appended so far (valid until the next append, or for good when stable).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Makes room for `extra` more bytes.
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        precondition(stableLength == nil, "more than the \(capacity) bytes reserved for a database export")
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
        if let stableLength {
            let done = InputBytes(mapped: storage, count: count, length: stableLength)
            self.stableLength = nil
            capacity = 16
            storage = .allocate(capacity: capacity)
            count = 0
            return done
        }
        let bytes = take()
        return InputBytes(owning: UnsafeMutablePointer(mutating: bytes.baseAddress!), count: bytes.count)
    }

    /// Hands the bytes over as memory the caller now owns (allocated with
    /// `allocate(capacity:)`); the accumulator is empty afterwards.
    func take() -> UnsafeBufferPointer<UInt8> {
        precondition(stableLength == nil, "a stable accumulator hands its bytes over with finish()")
        let bytes = UnsafeBufferPointer(start: storage, count: count)
        capacity = 16
        storage = .allocate(capacity: capacity)
        count = 0
        return bytes
    }
}
