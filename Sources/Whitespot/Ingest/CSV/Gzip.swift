import CZlib

/// gzip-compressed input (`orders.csv.gz`), recognised by its magic bytes and inflated with zlib.
///
/// Files compressed by `gzip` (one member) and concatenations of members (`cat a.gz b.gz`,
/// `pigz`) are both read; the extension does not matter.
enum Gzip {
    /// Whether `bytes` start like a gzip file (1f 8b).
    static func isCompressed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The inflated bytes of `compressed`, in memory allocated with `allocate(capacity:)`
    /// (the caller owns it).
    /// - Throws: ``IngestError`` at line 1 for damaged or truncated data.
    static func inflate(_ compressed: UnsafeBufferPointer<UInt8>, displayName: String) throws -> (UnsafeMutablePointer<UInt8>, Int) {
        func damaged(_ what: String) -> IngestError {
            IngestError(file: displayName, line: 1, column: 1, message: "is gzip-compressed but \(what)")
        }
        var capacity = max(compressed.count * 4, 1 << 20), count = 0
        var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var stream = z_stream()
        // 15 + 16: the gzip wrapper only (a zlib or raw deflate stream is not a .gz file).
        guard whitespot_inflate_init(&stream, 15 + 16) == Z_OK else {
            storage.deallocate()
            throw damaged("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        while true {
            if count == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: storage, count: count)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let inputLeft = compressed.count - consumed
            stream.next_in = UnsafeMutablePointer(mutating: compressed.baseAddress! + consumed)
            stream.avail_in = UInt32(min(inputLeft, Int(UInt32.max)))
            stream.next_out = storage + count
            stream.avail_out = UInt32(min(capacity - count, Int(UInt32.max)))
            let inBefore = Int(stream.avail_in), outBefore = Int(stream.avail_out)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            consumed += inBefore - Int(stream.avail_in)
            count += outBefore - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                // Another member may follow (concatenated gzip files); trailing zero padding is ignored.
                let rest = UnsafeBufferPointer(rebasing: compressed[consumed...])
                guard isCompressed(rest) else { return (storage, count) }
                guard inflateReset(&stream) == Z_OK else { storage.deallocate(); throw damaged("zlib could not restart") }
            case Z_OK:
                continue
            case Z_BUF_ERROR where consumed == compressed.count:
                storage.deallocate()
                throw damaged("ends early (truncated after \(compressed.count) bytes)")
            case Z_BUF_ERROR:
                continue
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                storage.deallocate()
                throw damaged("damaged (\(reason)) after \(count) uncompressed bytes")
            }
        }
    }
}
