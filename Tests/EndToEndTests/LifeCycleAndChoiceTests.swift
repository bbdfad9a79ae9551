import Foundation
import Testing
import TestSupport

/// The product life cycle's own windows and tuning's one-standard-error choice, on the real
/// Superstore export rolled up to its 17 sub-categories (Benchmarks/EVALUATION.md).
@Suite struct LifeCycleAndChoiceTests {
    static let subCategories = Superstore.mapping + ["--product-level", "Sub-Category", "--cutoff", "2019-07-01",
                                                     "--factors", "8", "--iterations", "3", "--threads", "2", "--json"]

    /// The delivered list's figures and what it may never offer, from `evaluate --json`.
    static func evaluate(_ extra: [String] = []) throws -> ReportCheck.JSONValue {
        let r = try WhitespotBinary.run(["evaluate", Superstore.file] + subCategories + extra)
        #expect(r.status == 0, "\(r.err)")
        return try JSONDecoder().decode(ReportCheck.JSONValue.self, from: Data(r.out.utf8))
    }

    static func number(_ root: ReportCheck.JSONValue, _ pointer: String) throws -> Double {
        guard case .number(let value) = root.resolve(pointer) else { throw CocoaError(.coderValueNotFound) }
        return value
    }

    /// Copiers last sold 54 days before the cutoff, beyond the data-derived window of 49 days but
    /// within its own longest gap between sales, and was bought again in test: the default life
    /// cycle keeps it, the same window given explicitly (one window for every product) drops it.
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent")) func defaultWindowKeepsProductsWithinTheirOwnGap() throws {
        let own = try Self.evaluate()
        let delivered = try #require((0..<8).first { i in
            if case .text("delivered list") = own.resolve("/methods/\(i)/method") { return true } else { return false }
        })
        let window = try Self.number(own, "/methods/\(delivered)/parameters/activeWithinDays")
        #expect(window >= 28 && window < 54)
        guard case .text(let perProduct) = own.resolve("/methods/\(delivered)/parameters/productWindows") else {
            Issue.record("no productWindows parameter"); return
        }
        #expect(perProduct == "longest own gap")
        #expect(try Self.number(own, "/notOffered/inactive") == 0)
        let plain = try Self.evaluate(["--active-within", String(Int(window))])
        #expect(plain.resolve("/methods/\(delivered)/parameters/productWindows") == nil)
        #expect(try Self.number(plain, "/notOffered/inactive") >= 10)
    }

    /// The tuning report names the highest trial, popularity (the simplest setting) and the
    /// paired gain between them, and chooses by the one-standard-error rule.
    @Test(.enabled(if: Superstore.available, "shared/data/superstore is absent")) func tuningKeepsPopularityUnlessBeatenBeyondNoise() throws {
        let root = try Self.evaluate(["--tune", "--grid-factors", "4", "--grid-regularization", "1", "--grid-alpha", "1",
                                      "--grid-blend", "0,0.5,1", "--grid-families", "als", "--grid-half-life", "0",
                                      "--grid-segments", "column,all", "--grid-penetration-window", "0"])
        let chosen = Int(try Self.number(root, "/tuning/chosen")), highest = Int(try Self.number(root, "/tuning/highest"))
        let simplest = Int(try Self.number(root, "/tuning/simplest"))
        guard case .array(let trials) = root.resolve("/tuning/trials") else { Issue.record("no trials"); return }
        // One fit at three weights, then one segment of all customers at the weights below 1:
        // popularity is its trial at w = 0.
        #expect(trials.count == 5 && simplest == 3)
        guard case .text(let segments) = root.resolve("/tuning/trials/\(simplest)/parameters/segments") else {
            Issue.record("no segments"); return
        }
        let blend = try Self.number(root, "/tuning/trials/\(simplest)/parameters/blend")
        #expect(segments == "all" && blend == 0)
        let ndcg = try (0..<trials.count).map { try Self.number(root, "/tuning/trials/\($0)/ndcg") }
        #expect(ndcg[highest] == ndcg.max())
        let mean = try Self.number(root, "/tuning/gainOverSimplest/mean")
        let standardError = try Self.number(root, "/tuning/gainOverSimplest/standardError")
        #expect(abs(mean - (ndcg[highest] - ndcg[simplest])) < 1e-9)
        #expect(chosen == (mean > standardError ? highest : simplest))
    }
}
