import Foundation
import Testing
@testable import Whitespot

@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    @Test("a file several writeback strides long arrives whole, byte for byte, and only at commit")
    func longFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rows.csv"
        // Pieces of uneven sizes, so that strides end inside a piece and inside the stdio buffer.
        let pieces = (0 ..< 700).map { n in [UInt8](repeating: UInt8(n % 251), count: 100_003 + n % 17) }
        let total = pieces.reduce(0) { $0 + $1.count }
        #expect(total > 2 * AtomicFileWriter.writebackStride + AtomicFileWriter.bufferBytes)
        let out = try AtomicFileWriter(path: path)
        for piece in pieces { try piece.withUnsafeBytes { try out.write(bytes: $0) } }
        #expect(!FileManager.default.fileExists(atPath: path))
        try out.commit()
        var expected = Data(capacity: total)
        for piece in pieces { expected.append(contentsOf: piece) }
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written.count == total)
        #expect(written == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["rows.csv"])
    }
}
