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
        guard file.count >= 8 else {
            throw Problem(message: "not a model file (\(file.count) bytes, too short for a safetensors header)")
        }
        let length = file.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length >= 2, length <= 100_000_000, file[file.startIndex + 8] == UInt8(ascii: "{") else {
            throw Problem(message: "not a model file (no safetensors header)")
        }
        guard 8 + Int(length) <= file.count else {
            throw Problem(message: "truncated (header of \(length) bytes, file has \(file.count))")
        }
        let headerBytes = file.subdata(in: file.startIndex + 8 ..< file.startIndex + 8 + Int(length))
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw Problem(message: "not a model file (the safetensors header is not a JSON object)")
        }
        let data = file[(file.startIndex + 8 + Int(length))...]
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
            let expected = shape.reduce(1, *) * dtype.size
            guard offsets[1] - offsets[0] == expected else {
                throw Problem(message: "tensor \(name) holds \(offsets[1] - offsets[0]) bytes, its shape \(shape) needs \(expected)")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: offsets[0] ..< offsets[1])
            end = max(end, offsets[1])
        }
        guard end <= data.count else {
            throw Problem(message: "truncated (\(end) bytes of tensors expected, \(data.count) present)")
        }
        guard end == data.count else {
            throw Problem(message: "\(data.count - end) unexpected bytes after the last tensor")
        }
        return Contents(entries: entries, metadata: metadata, data: data)
    }
}
