extension OrderReader {
    /// Bytes of an order file held in memory at a time while it is read (smaller in tests, to
    /// cut small files into many windows).
    nonisolated(unsafe) static var windowBytes = 256 << 20

    /// Reads an order file window by window: each window is cut after its last complete line,
    /// parsed in parallel parts and merged into the lines so far before the next is read, so
    /// memory holds one window of text instead of the whole file. Results, errors included, are
    /// those of reading the whole file at once: parts are merged in file order, and problems are
    /// located (line, column) while their window is in memory.
    ///
    /// Windows are cut only at line ends before the first double quote (after one, a line end
    /// may sit inside a quoted field): from there on the rest of the file is read whole. gzip
    /// input is inflated whole.
    static func read(_ windows: InputWindows, file: String, options: IngestOptions) throws -> (OrderLines, IngestReport) {
        if Gzip.isCompressed(windows.bytes) {
            return try read(InputBytes(rest: windows, displayName: file), file: file, options: options)
        }
        // The first window holds the header record whole and at least the 64 KiB that the
        // encoding check looks at.
        while !windows.atEnd && !holdsHeader(windows.bytes, options: options) { try windows.grow() }
        let p = try prepare(windows.bytes, file: file, options: options)
        var start = p.dataStart, linesBefore = 0
        var merger: PartMerger?
        var positions: [Int: (line: Int, column: Int)] = [:]
        func located(_ problem: RawProblem) -> IngestError {
            IngestError(file: file, at: positions[problem.offset] ?? (1, 1), problem)
        }
        while true {
            let b = windows.bytes
            var end = b.count
            if !windows.atEnd {
                if CSVDialect.containsQuote(b, start..<b.count) { try windows.readToEnd(); continue }
                while end > start && b[end - 1] != 10 { end -= 1 }
                if end == start { try windows.grow(); continue }
            }
            var context = p.context
            context.bytes = b
            let parts = split(b, start..<end, workers: options.workers).map { ChunkParser(context: context, range: $0) }
            if parts.count == 1 { parts[0].run() } else { ConcurrentLoop.run(iterations: parts.count) { parts[$0].run() } }
            // Problems are located now, while their bytes are here, and keyed by file offset.
            let origin = windows.offset
            func place(_ problem: inout RawProblem) {
                var (line, column) = CSVDialect.locate(b, problem.offset, from: origin == 0 ? nil : 0)
                line += linesBefore
                problem.offset += origin
                positions[problem.offset] = (line, column)
            }
            for part in parts {
                for i in part.problems.indices { place(&part.problems[i]) }
                if part.fatal != nil { place(&part.fatal!) }
                if merger == nil { merger = PartMerger(first: part) } else { merger!.absorb(part) }
            }
            if let fatal = parts.lazy.compactMap(\.fatal).first { throw located(fatal) }
            if end == b.count && windows.atEnd { break }
            linesBefore += CSVDialect.lineBreaks(b, 0..<end)
            try windows.advance(past: end)
            start = 0
        }
        return try finish(merger!, p, file: file, options: options, located: located)
    }

    /// Whether `b` holds the first record (the header) up to its line end, and 64 KiB or more.
    private static func holdsHeader(_ b: UnsafeBufferPointer<UInt8>, options: IngestOptions) -> Bool {
        guard b.count >= 1 << 16 else { return false }
        let start = CSVDialect.contentStart(b)
        let delimiter = options.delimiter ?? CSVDialect.detectDelimiter(b, from: start)
        let scanner = CSVScanner(bytes: b, range: start..<b.count, delimiter: delimiter)
        return scanner.next() != .end && scanner.position < b.count
    }
}
