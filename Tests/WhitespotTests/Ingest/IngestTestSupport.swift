import Foundation
@testable import Whitespot

/// A scratch directory for one test, removed by `cleanup()`.
struct ScratchDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` and returns its path.
    func file(_ name: String, bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Writes UTF-8 `text` to `name` and returns its path.
    func file(_ name: String, _ text: String) -> String { file(name, bytes: Array(text.utf8)) }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Reads `csv` as an order file named `orders.csv` with options set by `configure`.
func readOrders(
    _ csv: String, _ configure: (inout IngestOptions) throws -> Void = { _ in }
) throws -> (OrderLines, IngestReport) {
    let dir = ScratchDirectory()
    defer { dir.cleanup() }
    var options = IngestOptions()
    try configure(&options)
    return try OrderReader.read(path: dir.file("orders.csv", csv), options: options)
}

/// The error reading `bytes` produces (nil when it reads fine), with the path shortened to the file name.
func ingestError(bytes: [UInt8], _ configure: (inout IngestOptions) throws -> Void = { _ in }) -> IngestError? {
    let dir = ScratchDirectory()
    defer { dir.cleanup() }
    do {
        var options = IngestOptions()
        try configure(&options)
        _ = try OrderReader.read(path: dir.file("orders.csv", bytes: bytes), options: options)
        return nil
    } catch var e as IngestError {
        e.file = URL(fileURLWithPath: e.file).lastPathComponent
        return e
    } catch {
        return nil
    }
}

/// The error reading `csv` produces, as `orders.csv:line:column: message (value)`.
func ingestError(_ csv: String, _ configure: (inout IngestOptions) throws -> Void = { _ in }) -> IngestError? {
    ingestError(bytes: Array(csv.utf8), configure)
}

extension OrderLines {
    /// Customer id of line `i`.
    func customerId(_ i: Int) -> String { customers[Int(customer[i])] }
    /// Product id of line `i`.
    func productId(_ i: Int) -> String { products[Int(product[i])] }
}
