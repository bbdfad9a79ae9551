import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened for reading with `read(2)`: never memory-mapped, so a file that is
/// truncated or replaced while it is read gives an error instead of a SIGBUS.
///
/// ```swift
/// let file = try ReadableFile(path: "model.safetensors", kind: "model file")
/// let head = try file.read(count: 8, at: 0)
/// ```
final class ReadableFile {
    /// Why a file could not be read, in words (the caller adds the path).
    struct Problem: Error, CustomStringConvertible {
        /// What is wrong.
        let message: String
        /// The message.
        var description: String { message }
    }

    private let fd: Int32
    /// The size when the file was opened.
    let size: Int

    /// Opens `path`, which must be a regular file; `kind` names what was expected in messages
    /// ("is a directory, not a model file").
    init(path: String, kind: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Problem(message: "cannot read (\(Self.reason(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = Self.reason(errno)
            close(fd)
            throw Problem(message: "cannot read (\(reason))")
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            throw Problem(message: type == S_IFDIR ? "is a directory, not a \(kind)" : "is not a regular file (a device, pipe or socket), not a \(kind)")
        }
        self.fd = fd
        size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// Exactly `count` bytes from `offset`.
    /// - Throws: ``Problem`` when the file ends early (it shrank while being read) or a read fails.
    func read(count: Int, at offset: Int) throws -> Data {
        var data = Data(count: count)
        var done = 0
        try data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Problem(message: "cannot read (\(Self.reason(errno)))")
                }
                if n == 0 {
                    throw Problem(message: "changed while being read (ends after \(offset + done) of \(size) bytes)")
                }
                done += n
            }
        }
        return data
    }

    /// The whole file as it was sized when opened.
    func readAll() throws -> Data { try read(count: size, at: 0) }

    /// The system's words for an `errno` value.
    static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code))
    }
}
