import Foundation
import Testing
import Whitespot
import TestSupport

/// Runs every case of ``AdversarialCase/all`` against the built binary, plus the cases that
/// need more than one process: concurrent saves, signals and stale temporaries.
@Suite("adversarial inputs: no crash, nothing destroyed, nothing silently wrong")
struct AdversarialTests {
    /// The workspace every case copies: 60 order lines of 30 customers and 12 products from
    /// 2024-01-01 to 2024-07-18, a model trained on them and a model directory with `latest`.
    static let base: Result<String, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-adversarial-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var text = "customer_id,order_date,product_id,quantity,revenue\n"
        for n in 0 ..< 60 {
            text += "C\(n % 30),\(Days.iso(Days.from(year: 2024, month: 1, day: 1) + Int32(n * 3))),P\((n * 7) % 12),1,10\n"
        }
        try text.write(toFile: dir + "/orders.csv", atomically: false, encoding: .utf8)
        for args in [["--model", dir + "/model.safetensors"], ["--model-dir", dir + "/models"]] {
            let r = try WhitespotBinary.run(["train", dir + "/orders.csv", "--factors", "4", "--iterations", "2"] + args)
            guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: r.err]) }
        }
        return dir
    }

    /// A fresh copy of the base workspace.
    static func workspace() throws -> Workspace {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-adversarial-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: try base.get(), toPath: dir)
        return Workspace(dir: dir)
    }

    @Test(arguments: AdversarialCase.all)
    func adversarial(_ c: AdversarialCase) throws {
        let w = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let arguments = try c.arguments(w)
        let before = snapshot(w.dir)
        let r = try WhitespotBinary.run(arguments)
        switch c.outcome {
        case let .fails(text):
            #expect(r.status == 1 || r.status == 64, "exit \(r.status): \(r.err)")
            #expect(r.err.contains(text), "\(r.err)")
        case let .warns(text):
            #expect(r.status == 0, "exit \(r.status): \(r.err)")
            #expect(r.err.contains(text), "\(r.err)")
        case let .prints(text):
            #expect(r.status == 0, "exit \(r.status): \(r.err)")
            #expect(r.out.contains(text), "\(r.out)")
        }
        if !c.writes { #expect(snapshot(w.dir) == before, "the workspace changed") }
    }

    @Test("a symbolic link as --out is followed and stays a link; the file keeps its permissions")
    func symlinkAndPermissions() throws {
        let w = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        try w.write("target.csv", "old\n")
        chmod(w.path("target.csv"), 0o600)
        try FileManager.default.createSymbolicLink(atPath: w.path("link.csv"), withDestinationPath: "target.csv")
        let r = try WhitespotBinary.run(["score", w.orders, "--model", w.model, "--out", w.path("link.csv")])
        #expect(r.status == 0, "\(r.err)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: w.path("link.csv")) == "target.csv")
        #expect(try String(contentsOfFile: w.path("target.csv"), encoding: .utf8).hasPrefix("customer,"))
        var info = stat()
        #expect(stat(w.path("target.csv"), &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test("two train --model-dir runs in the same second keep both models; latest names one of them")
    func concurrentSaves() throws {
        let w = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let dir = w.path("fresh")
        let group = DispatchGroup()
        let statuses = Statuses()
        for seed in 1 ... 3 {
            DispatchQueue.global().async(group: group) {
                let r = try? WhitespotBinary.run(["train", w.orders, "--model-dir", dir, "--factors", "4", "--iterations", "1", "--seed", "\(seed)"])
                statuses.append(r?.status ?? -1)
            }
        }
        group.wait()
        #expect(statuses.values == [0, 0, 0])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".safetensors") }
        #expect(files.count == 3, "\(files)")
        let latest = try ModelRegistry(directory: dir).latestPath()
        #expect(files.contains((latest as NSString).lastPathComponent))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test("an interrupted score leaves no temporary file; stale ones of dead processes are swept")
    func signalsAndStaleTemporaries() throws {
        let w = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        // A stale temporary of a process that is gone, two hours old, and a fresh one.
        var dead: pid_t = 999_999
        while kill(dead, 0) == 0 { dead -= 1 }
        let stale = w.path(".out.csv.whitespot-\(dead).abcdef"), fresh = w.path(".out.csv.whitespot-\(dead).ghijkl")
        try w.write((stale as NSString).lastPathComponent, "partial")
        try w.write((fresh as NSString).lastPathComponent, "partial")
        let old = Date().addingTimeInterval(-7200)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: stale)

        // Many customers so that scoring runs long enough to be interrupted while writing.
        var text = "customer_id,order_date,product_id\n"
        for u in 0 ..< 200_000 { text += "U\(u),2024-03-01,P\(u % 12)\n" }
        try w.write("many.csv", text)
        for sig in [SIGINT, SIGTERM] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: WhitespotBinary.path)
            process.arguments = ["score", w.path("many.csv"), "--model", w.model, "--top", "12", "--out", w.path("out.csv"), "--threads", "1"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the temporary output exists, then interrupt.
            let deadline = Date().addingTimeInterval(60)
            let mark = ".out.csv.whitespot-\(process.processIdentifier)."
            func started() -> Bool {
                ((try? FileManager.default.contentsOfDirectory(atPath: w.dir)) ?? []).contains { $0.hasPrefix(mark) }
            }
            while process.isRunning && Date() < deadline && !started() { usleep(2_000) }
            let interrupted = process.isRunning
            kill(process.processIdentifier, sig)
            let grace = Date().addingTimeInterval(20)
            while process.isRunning && Date() < grace { usleep(10_000) }
            if process.isRunning {
                Issue.record("signal \(sig) did not end the process")
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if interrupted {
                #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == sig)
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: w.dir).filter { $0.contains(".whitespot-\(process.processIdentifier).") }
            #expect(left.isEmpty, "\(left)")
        }
        #expect(!FileManager.default.fileExists(atPath: stale), "a stale temporary of a dead process is swept")
        #expect(FileManager.default.fileExists(atPath: fresh), "a recent one is left alone")
    }
}

/// Exit statuses collected from several threads. `@unchecked`: `lock` guards `list` (the
/// checked alternative, Synchronization's `Mutex`, needs macOS 15; the package supports 13).
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int32] = []
    func append(_ s: Int32) { lock.lock(); list.append(s); lock.unlock() }
    var values: [Int32] { lock.lock(); defer { lock.unlock() }; return list }
}
