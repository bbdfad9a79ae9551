import Foundation
@testable import Whitespot

// libFuzzer target: `OrderReader.read` on a file holding the fuzzed bytes, read four ways
// (canonical columns, with `--skip-bad-lines`, and two `--columns` mappings with other date
// formats, a decimal comma, exclusions and a product level). Every read must return or throw
// an error; a trap, an AddressSanitizer report or a hang is a finding.

/// The scratch file the fuzzed bytes are written to, one per process (in memory when /dev/shm exists).
let scratchPath = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
    + "/whitespot-fuzz-orders-\(getpid()).csv"

/// Replaces the scratch file's contents with `size` bytes at `data` (plain POSIX calls: no
/// temporary file and rename per input).
func writeScratch(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot open \(scratchPath)") }
    defer { close(fd) }
    var done = 0
    while done < size {
        let n = write(fd, data + done, size - done)
        guard n > 0 else { fatalError("cannot write \(scratchPath)") }
        done += n
    }
}

/// The option sets every input is read with.
let optionSets: [IngestOptions] = {
    var plain = IngestOptions()
    plain.workers = 1
    var skipping = plain
    skipping.skipBadLines = true
    skipping.examplesPerReason = 2
    // The mapping of the seeds with German headers (see corpus/orders/mapped-*.csv).
    let columns = "customer=Kunde,date=Datum,product=Artikel,quantity=Menge,price=Preis,segment=Land,order=Beleg,name=Bezeichnung,category=Gruppe"
    var mapped = plain
    var mappedLevel = plain
    do {
        mapped.mapping = try ColumnMapping(parsing: columns)
        mapped.dateFormat = try DateFormat("dd.MM.yyyy")
        mapped.decimalComma = true
        mapped.excludeProducts = ["POST", "M"]
        mappedLevel.mapping = try ColumnMapping(parsing: columns)
        mappedLevel.dateFormat = try DateFormat("M/d/yy H:mm")
        mappedLevel.productLevel = "Gruppe"
        mappedLevel.skipBadLines = true
    } catch {
        fatalError("fuzz harness options: \(error)")
    }
    return [plain, skipping, mapped, mappedLevel]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOrderReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    writeScratch(data, size)
    for options in optionSets {
        if let (lines, report) = try? OrderReader.read(path: scratchPath, options: options) {
            // What came back must be self-consistent: every column as long as the lines.
            precondition([lines.product.count, lines.day.count, lines.quantity.count, lines.revenue.count,
                          lines.segment.count, lines.order.count].allSatisfy { $0 == lines.count })
            precondition(lines.customer.allSatisfy { $0 >= 0 && Int($0) < lines.customers.count })
            precondition(lines.product.allSatisfy { $0 >= 0 && Int($0) < lines.products.count })
            precondition(report.linesKept == lines.count)
            _ = PurchaseMatrix(lines)
        }
    }
    return 0
}
