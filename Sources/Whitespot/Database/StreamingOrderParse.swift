import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the CSV text of a database export while it arrives: whenever ``chunkBytes`` more
/// complete records are in, they go to a ``ChunkParser`` on a concurrent background queue (parts
/// run side by side when the text arrives faster than one core parses it), so reading from the
/// database and parsing overlap instead of following each other. The rest is parsed by
/// ``finish(rows:)``, and the parts are merged in order, as a file's would be: the result is the
/// same as parsing the whole text at the end.
///
/// Records are cut only at line ends before the first double quote of the data (after one, a
/// line end may sit inside a quoted field); without address space for a stable buffer the
/// whole text is parsed at the end.
final class StreamingOrderParse {
    /// The text so far.
    let text: ByteAccumulator
    /// How much new text starts a background parse (smaller in tests, to cut small exports).
    nonisolated(unsafe) static var chunkBytes = 32 << 20
    /// The address space reserved for the text (pages are committed only when written).
    static let reservedBytes = 1 << 40

    private let file: String
    private let options: IngestOptions
    private var prepared: OrderReader.Prepared?
    private var parsers: [ChunkParser] = []
    private var cut = 0
    private var checked = 0
    private var pipelined: Bool
    private let queue = DispatchQueue(label: "whitespot.streaming-parse", attributes: .concurrent)
    private let group = DispatchGroup()

    /// A parse of the text of `file` read with `options`.
    init(file: String, options: IngestOptions) {
        self.file = file
        self.options = options
        if let stable = ByteAccumulator(stableLength: Self.reservedBytes) {
            text = stable
            pipelined = true
        } else {
            text = ByteAccumulator()
            pipelined = false
        }
    }

    /// Hands complete records that arrived since the last call to a background parser, when
    /// enough did. Call after appending.
    /// - Throws: ``IngestError`` for a bad header (as the read at the end would).
    func advance() throws {
        guard pipelined, text.count - max(cut, checked) >= Self.chunkBytes else { return }
        let b = text.bytes
        if memchr(b.baseAddress! + checked, 34, b.count - checked) != nil {
            pipelined = false
            return
        }
        checked = b.count
        if prepared == nil {
            let p = try OrderReader.prepare(b, file: file, options: options)
            prepared = p
            cut = p.dataStart
        }
        var end = b.count
        while end > cut && b[end - 1] != 10 { end -= 1 }
        guard end > cut, var context = prepared?.context else { return }
        context.bytes = UnsafeBufferPointer(start: b.baseAddress, count: end)
        let parser = ChunkParser(context: context, range: cut..<end)
        parsers.append(parser)
        cut = end
        queue.async(group: group) { parser.run() }
    }

    /// Parts handed to background parsers so far.
    var partsParsedEarly: Int { parsers.count }

    /// Waits for the background parsers, parses the rest and merges.
    /// - Throws: ``IngestError`` as ``OrderReader/read(path:options:)``.
    func finish(rows: Bool) throws -> (OrderLines, IngestReport) {
        group.wait()
        return try OrderReader.read(text.finish(), file: file, options: options, rows: rows,
                                    prepared: prepared, parsed: parsers, parsedEnd: prepared == nil ? nil : cut)
    }

    deinit { group.wait() }
}

/// A parser handed to one background worker and read again only after the worker's group has
/// been waited for: one thread at a time touches it, which the compiler cannot see.
extension ChunkParser: @unchecked Sendable {}
