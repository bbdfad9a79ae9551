#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, reachable from inside a type that has its own `write` methods.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// A file written atomically: bytes go to a temporary file next to the destination, which
/// replaces the destination only on ``commit()``. Without a commit (an error, a crash) the
/// destination is untouched and the temporary file is removed. `-` writes to standard output.
///
/// ```swift
/// let out = try OutputFile(path: "orders.csv")
/// out.write("customer_id,order_date,product_id\n")
/// try out.commit()
/// ```
public final class OutputFile {
    /// The destination path.
    public let path: String
    private var temporary: String?
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var failure: Int32 = 0
    private static let bufferSize = 1 << 20

    /// Opens a temporary file beside `path` (or standard output for `-`).
    /// - Throws: ``OutputFileError`` when the directory is not writable.
    public init(path: String) throws {
        self.path = path
        buffer.reserveCapacity(OutputFile.bufferSize)
        if path == "-" {
            temporary = nil
            fd = 1
            return
        }
        let temp = "\(path).tmp-\(getpid())"
        fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        temporary = temp
    }

    deinit {
        if let temporary {
            if fd >= 0 { close(fd) }
            unlink(temporary)
        }
    }

    /// Appends text.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= OutputFile.bufferSize { flush() }
    }

    /// Appends bytes.
    public func write<C: Collection>(bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= OutputFile.bufferSize { flush() }
    }

    /// Appends one byte.
    @inline(__always)
    public func write(byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= OutputFile.bufferSize { flush() }
    }

    private func flush() {
        guard failure == 0 else { buffer.removeAll(keepingCapacity: true); return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let n = systemWrite(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and moves the file into place.
    /// - Throws: ``OutputFileError`` when a write or the rename failed (the destination is untouched).
    public func commit() throws {
        flush()
        guard failure == 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(failure))) }
        guard let temporary else { return }
        guard fsync(fd) == 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        guard rename(temporary, path) == 0 else {
            throw OutputFileError(path: path, reason: String(cString: strerror(errno)))
        }
        self.temporary = nil
    }
}

/// A file that could not be written.
public struct OutputFileError: Error, CustomStringConvertible, Sendable {
    /// The destination.
    public var path: String
    /// The system's reason.
    public var reason: String
    /// `cannot write path: reason`.
    public var description: String { "cannot write \(path): \(reason)" }
}
