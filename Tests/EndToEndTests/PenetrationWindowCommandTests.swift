import Foundation
import Testing
import TestSupport
import Whitespot

@Suite("--penetration-window end to end")
struct PenetrationWindowCommandTests {
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
    func trainStoresTheWindowAndBadWindowsFailNamingTheFlag() throws {
        let dir = try scratchDirectory("penetration-window")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.safetensors").path
        let trained = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + [
            "--model", path, "--factors", "4", "--iterations", "2", "--threads", "2", "--penetration-window", "90"])
        #expect(trained.status == 0, "\(trained.err)")
        #expect(try WhitespotModel.load(from: path).penetrationWindowDays == 90)
        // Reusing the tuned setting keeps the window, and takes no window of its own.
        let reused = dir.appendingPathComponent("reused.safetensors").path
        let again = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + [
            "--model", reused, "--params-from", path, "--threads", "2"])
        #expect(again.status == 0, "\(again.err)")
        #expect(try WhitespotModel.load(from: reused).penetrationWindowDays == 90)
        let both = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + [
            "--model", reused, "--params-from", path, "--penetration-window", "30"])
        #expect(both.status != 0 && both.err.contains("--params-from takes every hyper-parameter"), "\(both.err)")

        let zero = try WhitespotBinary.run(["train", Superstore.file] + Superstore.mapping + [
            "--model", dir.appendingPathComponent("zero.safetensors").path, "--penetration-window", "0"])
        #expect(zero.status != 0 && zero.err.contains("--penetration-window"), "\(zero.err)")
        let grid = try WhitespotBinary.run(["evaluate", Superstore.file] + Superstore.mapping + [
            "--cutoff", "2019-07-01", "--tune", "--grid-penetration-window", "0,1.5"])
        #expect(grid.status != 0 && grid.err.contains("--grid-penetration-window: whole numbers of days"), "\(grid.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("zero.safetensors").path))
    }
}
