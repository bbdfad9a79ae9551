#if canImport(Glibc)
import Glibc
#endif

/// Arrays read at random places (bitsets, hash tables) backed by 2 MiB pages where the system
/// allows it, so that their look-ups do not also miss the TLB on every access.
///
/// Linux with transparent huge pages in `madvise` mode (Debian's default) gives huge pages only
/// to memory advised with `MADV_HUGEPAGE` before it is first touched; elsewhere, or when the
/// advice is refused, the arrays are ordinary ones. Contents never depend on it.
enum HugePages {
    /// Arrays smaller than this are left alone (they fit the TLB's reach anyway).
    static let threshold = 8 << 20

    /// An array of `count` copies of `value`, its storage advised for huge pages first.
    static func array<T: BitwiseCopyable>(repeating value: T, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer, with: value)
            initialized = count
        }
    }

    /// A new buffer of `count` copies of `value` (the caller deallocates it), advised for huge pages first.
    static func allocate<T: BitwiseCopyable>(repeating value: T, count: Int) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        fill(buffer, with: value)
        return buffer
    }

    /// Advises `buffer` (uninitialised) for huge pages when it is large enough, then fills it.
    private static func fill<T: BitwiseCopyable>(_ buffer: UnsafeMutableBufferPointer<T>, with value: T) {
        if let base = buffer.baseAddress, buffer.count * MemoryLayout<T>.stride >= threshold {
            advise(UnsafeMutableRawPointer(base), bytes: buffer.count * MemoryLayout<T>.stride)
        }
        buffer.initialize(repeating: value)
    }

    /// Advises the whole 2 MiB pages inside `bytes` bytes from `start` for huge pages.
    private static func advise(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let page = 2 << 20
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + bytes) / page * page
        guard end > first, let from = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(from, end - first, MADV_HUGEPAGE)
        #endif
    }
}
