import Foundation

/// The safetensors container: an 8-byte little-endian header length N, N bytes of JSON header
/// (padded with spaces to a multiple of 8), then the raw little-endian tensor bytes.
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets into the data section) and `__metadata__` to a string → string map.
enum Safetensors {
    /// Element types used here.
    enum DType: String {
        case f32 = "F32", i32 = "I32", u8 = "U8"
        var size: Int { self == .u8 ? 1 : 4 }
    }

    /// One tensor to write.
    struct Tensor {
        let name: String
        let dtype: DType
        let shape: [Int]
        let bytes: Data
    }

    /// Where a tensor lies in a file being read.
    struct Entry {
        let dtype: DType
        let shape: [Int]
        /// Byte range within the data section.
        let range: Range<Int>
    }

    /// A parsed file: header entries, metadata, and the data section (a slice of the file,
    /// so indices start at `data.startIndex`).
    struct Contents {
        let entries: [String: Entry]
        let metadata: [String: String]
        let data: Data

        /// The bytes of a tensor's data.
        func bytes(of entry: Entry) -> Data {
            data[(data.startIndex + entry.range.lowerBound) ..< (data.startIndex + entry.range.upperBound)]
        }
    }

    /// Why a container could not be parsed (the caller adds the path).
    struct Problem: Error {
        let message: String
    }

    /// Where `tensors` lie when laid out in the given order.
    static func layout(_ tensors: [Tensor]) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        var offset = 0
        for t in tensors {
            entries[t.name] = Entry(dtype: t.dtype, shape: t.shape, range: offset ..< offset + t.bytes.count)
            offset += t.bytes.count
        }
        return entries
    }

    /// FNV-1a 64 of a header's content in a canonical order: every metadata key and value
    /// except `excluding` (sorted by key), then every tensor's name, dtype, shape and offsets
    /// (sorted by name). Independent of JSON spacing and key order.
    static func headerHash(metadata: [String: String], entries: [String: Entry], excluding: String) -> FNV1a64 {
        var h = FNV1a64()
        for key in metadata.keys.sorted() where key != excluding {
            h.update(key)
            h.update(metadata[key] ?? "")
        }
        for name in entries.keys.sorted() {
            guard let e = entries[name] else { continue }
            h.update(name)
            h.update(e.dtype.rawValue)
            for d in e.shape { h.update(littleEndian: Int64(d)) }
            h.update(byte: 0xff)
            h.update(littleEndian: Int64(e.range.lowerBound))
            h.update(littleEndian: Int64(e.range.upperBound))
        }
        return h
    }

    /// The whole file for `tensors` (laid out in the given order) and `metadata`.
    static func encode(tensors: [Tensor], metadata: [String: String]) throws -> Data {
        var header: [String: Any] = ["__metadata__": metadata]
        var offset = 0
        for t in tensors {
            header[t.name] = ["dtype": t.dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + t.bytes.count]]
            offset += t.bytes.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for t in tensors { out.append(t.bytes) }
        return out
    }

    /// Parses the header of `file` and checks that every tensor lies inside the data section.
    static func decode(_ file: Data) throws -> Contents {
        let header = try decodeHeader(file, fileSize: file.count)
        return Contents(entries: header.entries, metadata: header.metadata, data: file[(file.startIndex + header.length)...])
    }

    /// The parts of a header: tensor entries, metadata, and the byte length of the 8-byte
    /// length field plus the JSON (where the data section begins).
    struct Header {
        let entries: [String: Entry]
        let metadata: [String: String]
        let length: Int
    }

    /// The byte count of the header (length field + JSON) that `prefix` (at least the first 8
    /// bytes of a file) announces.
    static func headerLength(_ prefix: Data, fileSize: Int) throws -> Int {
        guard prefix.count >= 8, fileSize >= 8 else {
            throw Problem(message: "not a model file (\(fileSize) bytes, too short for a safetensors header)")
        }
        let length = prefix.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length >= 2, length <= 100_000_000, prefix.count > 8, prefix[prefix.startIndex + 8] == UInt8(ascii: "{") else {
            throw Problem(message: "not a model file (no safetensors header)")
        }
        guard 8 + Int(length) <= fileSize else {
            throw Problem(message: "truncated (header of \(length) bytes, file has \(fileSize))")
        }
        return 8 + Int(length)
    }

    /// Parses the header at the start of `prefix` (which holds at least the whole header) of a
    /// file of `fileSize` bytes, and checks that every tensor lies inside the data section.
    static func decodeHeader(_ prefix: Data, fileSize: Int) throws -> Header {
        let total = try headerLength(prefix, fileSize: fileSize)
        guard prefix.count >= total else { throw Problem(message: "truncated (header of \(total - 8) bytes, \(prefix.count - 8) read)") }
        let headerBytes = prefix.subdata(in: prefix.startIndex + 8 ..< prefix.startIndex + total)
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw Problem(message: "not a model file (the safetensors header is not a JSON object)")
        }
        let dataSize = fileSize - total
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        var end = 0
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw Problem(message: "malformed __metadata__ in header") }
                metadata = m
                continue
            }
            guard let t = value as? [String: Any], let d = t["dtype"] as? String, let dtype = DType(rawValue: d),
                  let shape = t["shape"] as? [Int], let offsets = t["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] >= 0, offsets[1] >= offsets[0], shape.allSatisfy({ $0 >= 0 })
            else { throw Problem(message: "malformed header entry for tensor \(name)") }
            guard let expected = byteCount(shape: shape, elementSize: dtype.size), expected <= dataSize else {
                throw Problem(message: "tensor \(name) has shape \(shape), larger than the file's \(dataSize) bytes of tensors")
            }
            guard offsets[1] - offsets[0] == expected else {
                throw Problem(message: "tensor \(name) holds \(offsets[1] - offsets[0]) bytes, its shape \(shape) needs \(expected)")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: offsets[0] ..< offsets[1])
            end = max(end, offsets[1])
        }
        guard end <= dataSize else {
            throw Problem(message: "truncated (\(end) bytes of tensors expected, \(dataSize) present)")
        }
        guard end == dataSize else {
            throw Problem(message: "\(dataSize - end) unexpected bytes after the last tensor")
        }
        return Header(entries: entries, metadata: metadata, length: total)
    }

    /// The bytes a tensor of `shape` needs, or nil when the product overflows `Int`.
    static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var n = elementSize
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }
}
