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
    convenience init(path: String, displayName: String) throws {
        try self.init(rest: InputWindows(path: path, displayName: displayName, windowBytes: nil), displayName: displayName)
    }

    /// Reads the rest of `windows` (not yet advanced) into memory, inflating gzip.
    /// - Throws: ``IngestError`` at line 1 when the input cannot be read, shrinks while it is
    ///   read, or is damaged gzip.
    init(rest windows: InputWindows, displayName: String) throws {
        precondition(windows.offset == 0, "a gzip header is recognised only at the start")
        let raw = try windows.take()
        mappedLength = nil
        guard Gzip.isCompressed(raw) else {
            buffer = raw
            return
        }
        defer { raw.deallocate() }
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
