import Foundation

/// Streams text to a file that appears only when complete: writes go to a temporary file
/// next to the destination, ``commit()`` flushes, fsyncs and renames it over the destination.
/// Until then (and if the writer is dropped without committing) the destination is untouched
/// and the temporary file is removed. The path `-` writes to standard output instead (no
/// temporary file; ``commit()`` flushes).
///
/// ```swift
/// let out = try AtomicFileWriter(path: "recs.csv")
/// try out.write("customer,rank\n")
/// try out.commit()
/// ```
public final class AtomicFileWriter {
    /// The destination path.
    public let path: String
    private let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private let toStandardOutput: Bool

    /// Opens a temporary file in the destination's directory (or standard output for `-`).
    /// - Throws: ``WriteError`` when the directory is not writable.
    public init(path: String) throws {
        self.path = path
        toStandardOutput = path == "-"
        if toStandardOutput {
            temporaryPath = ""
            file = stdout
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.\(base).XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress.unsafelyUnwrapped) }
        file = fdopen(fd, "w")
        guard file != nil else {
            close(fd)
            unlink(temporaryPath)
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o644)
    }

    deinit {
        if let file, !toStandardOutput {
            fclose(file)
            unlink(temporaryPath)
        }
    }

    /// Appends text.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends raw bytes.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write(bytes: $0) }
    }

    /// Appends bytes.
    public func write(bytes: UnsafeRawBufferPointer) throws {
        guard let file else { throw WriteError(path: path, reason: "already committed") }
        guard bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Flushes, syncs and renames the temporary file over the destination, then syncs the
    /// directory so that the rename itself survives a crash.
    public func commit() throws {
        guard let file else { throw WriteError(path: path, reason: "already committed") }
        self.file = nil
        if toStandardOutput {
            guard fflush(file) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let reason = String(cString: strerror(errno))
        fclose(file)
        guard flushed, rename(temporaryPath, path) == 0 else {
            let failure = flushed ? String(cString: strerror(errno)) : reason
            unlink(temporaryPath)
            throw WriteError(path: path, reason: failure)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Writing the output failed (disk full, permissions, missing directory).
    public struct WriteError: Error, CustomStringConvertible {
        /// The destination path.
        public let path: String
        /// The system's explanation.
        public let reason: String
        /// `path: cannot write: reason`.
        public var description: String { "\(path): cannot write: \(reason)" }
    }
}
