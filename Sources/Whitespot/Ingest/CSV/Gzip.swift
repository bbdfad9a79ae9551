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

    /// The inflated bytes of `compressed`, in memory the caller owns (allocated with
    /// `allocate(capacity:)`).
    /// - Throws: ``IngestError`` at line 1 for damaged or truncated data.
    static func inflate(_ compressed: UnsafeBufferPointer<UInt8>, displayName: String) throws -> UnsafeBufferPointer<UInt8> {
        func damaged(_ what: String) -> IngestError {
            IngestError(file: displayName, line: 1, column: 1, message: "is gzip-compressed but \(what)")
        }
        let out = ByteAccumulator(capacity: max(compressed.count * 4, 1 << 20))
        var stream = z_stream()
        // 15 + 16: the gzip wrapper only (a zlib or raw deflate stream is not a .gz file).
        guard whitespot_inflate_init(&stream, 15 + 16) == Z_OK else { throw damaged("zlib could not start") }
        defer { inflateEnd(&stream) }
        let step = 1 << 20
        var consumed = 0
        while true {
            stream.next_in = UnsafeMutablePointer(mutating: compressed.baseAddress! + consumed)
            stream.avail_in = UInt32(min(compressed.count - consumed, step))
            let offered = Int(stream.avail_in)
            var status = Z_OK
            out.appendWriting(upTo: step) { target in
                stream.next_out = target
                stream.avail_out = UInt32(step)
                status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return step - Int(stream.avail_out)
            }
            consumed += offered - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                // Another member may follow (concatenated gzip files, as `cat a.gz b.gz` makes).
                let rest = UnsafeBufferPointer(rebasing: compressed[consumed...])
                guard isCompressed(rest) else { return out.take() }
                guard inflateReset(&stream) == Z_OK else { throw damaged("zlib could not restart") }
            case Z_OK:
                continue
            case Z_BUF_ERROR where consumed == compressed.count:
                throw damaged("ends early (truncated after \(compressed.count) bytes)")
            case Z_BUF_ERROR:
                continue
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw damaged("damaged (\(reason)) after \(out.count) uncompressed bytes")
            }
        }
    }
}
