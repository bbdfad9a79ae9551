// C's `stdout` is a mutable global, which Swift 6 refuses to read unless the C library is
// imported with @preconcurrency (before Foundation re-exports it): the writer for `-` reads
// it once, on the thread that creates the writer, as print() does.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Foundation

/// Streams text to a file that appears only when complete: writes go to a temporary file
/// next to the destination, ``commit()`` flushes, fsyncs and renames it over the destination.
/// Until then (and if the writer is dropped without committing) the destination is untouched
/// and the temporary file is removed. The path `-` writes to standard output instead (no
/// temporary file; ``commit()`` flushes).
///
/// The destination must be a regular file or not exist: a directory, device, pipe or socket
/// is refused (renaming over `/dev/null` would replace the device). A symbolic link is
/// followed, so the file it points at is replaced and the link stays. A replaced file keeps
/// its permission bits (and, for root, its owner); a new file gets 0644.
///
/// Temporary files are named `.<name>.whitespot-<pid>.XXXXXX`. They are removed on
/// SIGINT, SIGTERM and SIGHUP once ``removeTemporariesOnSignals()`` was called, and any left
/// behind by a process that is gone (killed with SIGKILL, a power cut) are swept when a later
/// writer opens a file in the same directory and they are older than an hour.
///
/// ```swift
/// let out = try AtomicFileWriter(path: "recs.csv")
/// try out.write("customer,rank\n")
/// try out.commit()
/// ```
public final class AtomicFileWriter {
    /// The destination path as given.
    public let path: String
    /// Where the file is written: `path`, or the file a symbolic link at `path` points at.
    private let destination: String
    private let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    /// The temporary file's stdio buffer: ``bufferBytes`` instead of glibc's one 4 KiB block, so a
    /// large output reaches the kernel in a few hundred writes instead of a hundred thousand.
    /// Freed after the file is closed.
    private var buffer: UnsafeMutablePointer<CChar>?
    /// The size of ``buffer``.
    static let bufferBytes = 1 << 20
    /// Bytes written between two requests to start writing the file's pages to disk
    /// (``startWriteback()``): 32 MiB.
    static let writebackStride = 32 << 20
    /// Bytes handed to ``write(bytes:)`` so far, and the offset up to which writeback was started.
    private var written = 0, writebackStarted = 0
    private let toStandardOutput: Bool

    /// Opens a temporary file in the destination's directory (or standard output for `-`).
    /// - Throws: ``WriteError`` when the directory is not writable or the destination exists
    ///   and is not a regular file.
    public init(path: String) throws {
        self.path = path
        toStandardOutput = path == "-"
        if toStandardOutput {
            destination = path
            temporaryPath = ""
            file = stdout
            return
        }
        destination = try Self.resolvedDestination(path)
        var existing = stat()
        let exists = stat(destination, &existing) == 0
        let directory = (destination as NSString).deletingLastPathComponent
        let base = (destination as NSString).lastPathComponent
        let folder = directory.isEmpty ? "." : directory
        TemporaryFiles.sweepStale(in: folder)
        // The name is registered for the signal handlers before the file exists (created
        // exclusively, as mkstemp would), so a signal never finds a file it does not know.
        var fd: Int32 = -1
        var candidate = ""
        while fd < 0 {
            candidate = folder + "/.\(base).\(TemporaryFiles.marker)-\(getpid()).\(Self.randomSuffix())"
            TemporaryFiles.register(candidate)
            fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd < 0 {
                let error = errno
                TemporaryFiles.unregister(candidate)
                guard error == EEXIST else { throw WriteError(path: path, reason: String(cString: strerror(error))) }
            }
        }
        temporaryPath = candidate
        file = fdopen(fd, "w")
        guard file != nil else {
            close(fd)
            unlink(temporaryPath)
            TemporaryFiles.unregister(temporaryPath)
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Self.bufferBytes)
        self.buffer = buffer
        setvbuf(file, buffer, _IOFBF, Self.bufferBytes)
        if exists {
            fchmod(fd, existing.st_mode & 0o7777)
            if getuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
        } else {
            fchmod(fd, 0o644)
        }
    }

    /// Six random letters and digits for a temporary file's name, as mkstemp draws them.
    private static func randomSuffix() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0 ..< 6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The file to replace for `path`: `path` itself, or the target of a symbolic link;
    /// refuses anything that exists and is not a regular file.
    private static func resolvedDestination(_ path: String) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return path }  // a new file
        var target = path
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                // A dangling link: write the file it names (relative to the link's directory).
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(path, &buffer, Int(PATH_MAX))
                guard n > 0 else { throw WriteError(path: path, reason: "cannot follow the symbolic link") }
                let name = String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return name.hasPrefix("/") ? name
                    : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
            }
            target = String(cString: resolved)
            free(resolved)
            guard stat(target, &info) == 0 else { return target }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return target
        case S_IFDIR: throw WriteError(path: path, reason: "is a directory")
        default: throw WriteError(path: path, reason: "is not a regular file (a device, pipe or socket); not replacing it")
        }
    }

    deinit {
        guard !toStandardOutput else { return }
        if let file { fclose(file) }
        buffer?.deallocate()
        if !temporaryGone { discardTemporary() }
    }

    /// Whether the temporary file was renamed, linked or removed.
    private var temporaryGone = false

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
        written += bytes.count
        if !toStandardOutput && written - writebackStarted >= Self.writebackStride + Self.bufferBytes { startWriteback(file) }
    }

    /// Asks the kernel to start writing the pages written so far to disk, without waiting
    /// (`posix_fadvise(POSIX_FADV_DONTNEED)` starts writeback of dirty pages on Linux, and drops
    /// the pages already clean), so that the `fsync` of ``commit()`` finds little left to write:
    /// on a 410 MB output it took 0.24 s at the end of the job, every other moment of which the
    /// cores were idle. The bytes still in the stdio buffer (at most ``bufferBytes``) are left.
    private func startWriteback(_ file: UnsafeMutablePointer<FILE>) {
        let upTo = written - Self.bufferBytes
        _ = posix_fadvise(fileno(file), off_t(writebackStarted), off_t(upTo - writebackStarted), POSIX_FADV_DONTNEED)
        writebackStarted = upTo
    }

    /// Flushes, syncs and renames the temporary file over the destination, then syncs the
    /// directory so that the rename itself survives a crash.
    public func commit() throws {
        try flushAndClose()
        guard toStandardOutput || rename(temporaryPath, destination) == 0 else {
            let failure = String(cString: strerror(errno))
            discardTemporary()
            throw WriteError(path: path, reason: failure)
        }
        if !toStandardOutput { finish(destination) }
    }

    /// Like ``commit()``, but the file appears at `name` (a path in the destination's
    /// directory) only if nothing exists there yet (a hard link, which never replaces).
    /// Returns false, keeping the complete temporary file, when `name` is taken, so that the
    /// caller can try another name.
    func commitNew(as name: String) throws -> Bool {
        if file != nil { try flushAndClose() }
        guard !toStandardOutput else { return true }
        guard link(temporaryPath, name) == 0 else {
            if errno == EEXIST { return false }
            let failure = String(cString: strerror(errno))
            discardTemporary()
            throw WriteError(path: name, reason: failure)
        }
        discardTemporary()
        finish(name)
        return true
    }

    private var closed = false

    private func flushAndClose() throws {
        guard let file, !closed else { throw WriteError(path: path, reason: "already committed") }
        closed = true
        self.file = nil
        if toStandardOutput {
            guard fflush(file) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let reason = String(cString: strerror(errno))
        let closedCleanly = fclose(file) == 0
        guard flushed, closedCleanly else {
            discardTemporary()
            throw WriteError(path: path, reason: flushed ? String(cString: strerror(errno)) : reason)
        }
    }

    private func discardTemporary() {
        temporaryGone = true
        unlink(temporaryPath)
        TemporaryFiles.unregister(temporaryPath)
    }

    private func finish(_ written: String) {
        temporaryGone = true
        TemporaryFiles.unregister(temporaryPath)
        let directory = (written as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Removes this process's unfinished temporary files when it receives SIGINT, SIGTERM or
    /// SIGHUP, then dies of the signal as it would have. For executables (a library does not
    /// install signal handlers on its own).
    public static func removeTemporariesOnSignals() {
        TemporaryFiles.installSignalHandlers()
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
