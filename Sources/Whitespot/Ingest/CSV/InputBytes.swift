#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole content of an input file (or standard input, a pipe) read into memory; gzip
/// content (`.csv.gz`, recognised by its first bytes) is inflated (``Gzip``).
///
/// Files are read with `read(2)`, not memory-mapped: a mapped file that another process
/// truncates while it is parsed kills the reader with SIGBUS, whereas a read that ends early
/// is reported ("changed while being read").
final class InputBytes {
    /// The bytes.
    let buffer: UnsafeBufferPointer<UInt8>

    /// Reads `path` (`-` = standard input).
    /// - Throws: ``IngestError`` at line 1 when the file cannot be opened or read, is a
    ///   directory, shrinks while it is read, or is damaged gzip.
    init(path: String, displayName: String) throws {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IngestError(file: displayName, line: 1, column: 1, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        var expected = 0
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw IngestError(file: displayName, line: 1, column: 1, message: "is a directory, not an order file")
            }
            if (info.st_mode & S_IFMT) == S_IFREG { expected = Int(info.st_size) }
        }
        // One byte more than the size, so that reaching the end needs no reallocation.
        var capacity = max(expected + 1, 1 << 20), count = 0
        var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        while true {
            if count == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: storage, count: count)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let n = read(fd, storage + count, capacity - count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                storage.deallocate()
                throw IngestError(file: displayName, line: 1, column: 1, message: "cannot read: \(reason)")
            }
            count += n
        }
        guard count >= expected else {
            storage.deallocate()
            throw IngestError(file: displayName, line: 1, column: 1,
                              message: "changed while being read: it ends after \(count) of its \(expected) bytes")
        }
        let raw = UnsafeBufferPointer(start: storage, count: count)
        mappedLength = nil
        guard Gzip.isCompressed(raw) else {
            buffer = raw
            return
        }
        defer { storage.deallocate() }
        buffer = try Gzip.inflate(raw, displayName: displayName)
    }

    /// Takes ownership of `count` bytes at `storage` (allocated with `allocate(capacity:)`),
    /// such as the CSV text a database export streamed into memory.
    init(owning storage: UnsafeMutablePointer<UInt8>, count: Int) {
        buffer = UnsafeBufferPointer(start: storage, count: count)
        mappedLength = nil
    }

    /// Takes ownership of `count` bytes at the start of a `length`-byte anonymous mapping
    /// (a stable ``ByteAccumulator``'s), unmapped when done.
    init(mapped storage: UnsafeMutablePointer<UInt8>, count: Int, length: Int) {
        buffer = UnsafeBufferPointer(start: storage, count: count)
        mappedLength = length
    }

    /// The length of the mapping that holds the bytes, or nil when they were allocated.
    private let mappedLength: Int?

    deinit {
        guard let base = buffer.baseAddress else { return }
        if let mappedLength { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }
}
