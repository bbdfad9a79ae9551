#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole content of an input file, memory-mapped when it is a regular file, otherwise
/// (standard input, pipes) read into memory.
final class InputBytes {
    /// The bytes.
    let buffer: UnsafeBufferPointer<UInt8>
    /// Whether the bytes are a mapping of the file (then ``release(_:)`` frees memory).
    let mapped: Bool

    /// Reads `path` (`-` = standard input).
    /// - Throws: ``IngestError`` at line 1 when the file cannot be opened or read.
    init(path: String, displayName: String) throws {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError(file: displayName, line: 1, column: 1, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw IngestError(file: displayName, line: 1, column: 1, message: "is a directory, not an order file")
        }
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            let size = Int(info.st_size)
            if let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                _ = madvise(p, size, MADV_SEQUENTIAL)
                buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: size)
                mapped = true
                return
            }
        }
        var capacity = 1 << 20, count = 0
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
                storage.deallocate()
                throw IngestError(file: displayName, line: 1, column: 1, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            count += n
        }
        buffer = UnsafeBufferPointer(start: storage, count: count)
        mapped = false
    }

    /// Drops the pages wholly inside `range` from memory (they are read again from the file if
    /// touched later), so a sequential parse does not keep the whole file resident.
    func release(_ range: Range<Int>) {
        guard mapped, let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = Int(bitPattern: base) + range.lowerBound
        let lo = (start + page - 1) / page * page
        let hi = (Int(bitPattern: base) + range.upperBound) / page * page
        guard hi > lo, let p = UnsafeMutableRawPointer(bitPattern: lo) else { return }
        _ = madvise(p, hi - lo, MADV_DONTNEED)
    }

    deinit {
        guard let base = buffer.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
        } else {
            base.deallocate()
        }
    }
}
