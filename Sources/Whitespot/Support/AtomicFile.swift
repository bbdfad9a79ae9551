import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see the old content or the new, never a mix: a temporary file
/// in the same directory, `fsync`, `rename` over the target, then `fsync` of the directory.
///
/// A crash or a full disk leaves the previous file in place (and at worst a stray
/// `.name.tmp-…` file, removed on failure whenever the process survives).
///
/// ```swift
/// try AtomicFile.write(Data("hello\n".utf8), to: "out/greeting.txt")
/// ```
public enum AtomicFile {
    /// A file could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        /// The target path.
        public let path: String
        /// What failed, with the system's reason.
        public let reason: String
        public var description: String { "\(path): cannot write (\(reason))" }
    }

    /// Replaces `path` atomically with `data`.
    /// - Throws: ``WriteError`` naming the path and the system error.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temp = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        func fail(_ what: String) -> WriteError {
            WriteError(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
        }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw fail("create temporary file in \(directory)") }
        var ok = false
        defer { if !ok { unlink(temp) } }
        let written: Bool = data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard written else { let e = fail("write"); close(fd); throw e }
        guard fsync(fd) == 0 else { let e = fail("fsync"); close(fd); throw e }
        guard close(fd) == 0 else { throw fail("close") }
        guard rename(temp, path) == 0 else { throw fail("rename") }
        ok = true
        let dirfd = open(directory, O_RDONLY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }
}
