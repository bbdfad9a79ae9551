#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file (or standard input, a pipe) read front to back through one window of memory,
/// so that a large order file never has to be in memory whole.
///
/// The window holds the bytes from ``offset`` on; ``advance(past:)`` drops a prefix that has
/// been used and reads on, ``grow()`` doubles the window when a record does not fit. Files are
/// read with `read(2)`, not memory-mapped: a mapped file that another process truncates while
/// it is parsed kills the reader with SIGBUS, whereas a read that ends early is reported
/// ("changed while being read").
final class InputWindows {
    private let fd: Int32
    private let displayName: String
    /// The size of a regular file when opened (0 for a pipe).
    let expectedSize: Int
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes in the window.
    private(set) var count = 0
    /// File offset of the window's first byte.
    private(set) var offset = 0
    /// Whether the window reaches the end of the input.
    private(set) var atEnd = false

    /// Opens `path` (`-` = standard input) and reads the first `windowBytes` bytes (nil: room
    /// for the whole file).
    /// - Throws: ``IngestError`` at line 1 when the file cannot be opened or read, is a
    ///   directory, or shrinks while it is read.
    init(path: String, displayName: String, windowBytes: Int?) throws {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IngestError(file: displayName, line: 1, column: 1, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        var expected = 0
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if fd != 0 { close(fd) }
                throw IngestError(file: displayName, line: 1, column: 1, message: "is a directory, not an order file")
            }
            if (info.st_mode & S_IFMT) == S_IFREG { expected = Int(info.st_size) }
        }
        self.fd = fd
        self.displayName = displayName
        expectedSize = expected
        capacity = max(windowBytes ?? (expected + 1), 1 << 16)
        storage = .allocate(capacity: capacity)
        try fill()
    }

    deinit {
        storage.deallocate()
        if fd != 0 { close(fd) }
    }

    /// The bytes in the window (valid until the next ``advance(past:)``, ``grow()`` or ``take()``).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Reads until the window is full or the input ends.
    private func fill() throws {
        while count < capacity && !atEnd {
            let n = read(fd, storage + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError(file: displayName, line: 1, column: 1, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                atEnd = true
                let total = offset + count
                guard total >= expectedSize else {
                    throw IngestError(file: displayName, line: 1, column: 1,
                                      message: "changed while being read: it ends after \(total) of its \(expectedSize) bytes")
                }
            }
            count += n
        }
    }

    /// Drops the first `n` bytes of the window, moves the rest to its front and reads on.
    func advance(past n: Int) throws {
        precondition(n <= count)
        storage.update(from: storage + n, count: count - n)
        count -= n
        offset += n
        try fill()
    }

    /// Doubles the window and reads on, for a record longer than the window.
    func grow() throws { try resize(capacity * 2) }

    /// Reads the rest of the input into the window.
    func readToEnd() throws {
        // One byte more than the size, so that reaching the end needs no reallocation.
        while !atEnd { try resize(max(capacity * 2, expectedSize - offset + 1)) }
    }

    /// Moves the window into `newCapacity` bytes and reads on.
    private func resize(_ newCapacity: Int) throws {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
        try fill()
    }

    /// Reads the rest of the input and hands the window's memory over (allocated with
    /// `allocate(capacity:)`; the caller deallocates it).
    func take() throws -> UnsafeBufferPointer<UInt8> {
        try readToEnd()
        let whole = UnsafeBufferPointer(start: storage, count: count)
        capacity = 16
        storage = .allocate(capacity: capacity)
        count = 0
        return whole
    }
}
