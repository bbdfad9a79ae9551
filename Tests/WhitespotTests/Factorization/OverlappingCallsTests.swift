import Foundation
import Testing
@testable import Whitespot

/// Library calls that overlap in time on several threads: each must give what it gives alone,
/// and OpenBLAS's process-wide thread count must be the caller's again afterwards.
@Suite("overlapping library calls")
struct OverlappingCallsTests {
    /// Runs `a` and `b` on two threads, `b` started once `a` has entered its OpenBLAS scope (the
    /// pool is down to one thread) and doing more work, so that `a` finishes first: the
    /// interleaving in which saving and restoring the count around each call leaves the count
    /// of `a`'s scope behind.
    static func overlap<A: Sendable, B: Sendable>(_ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
        let results = Results<A, B>()
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { results.set(a: a()) }
        let deadline = Date().addingTimeInterval(5)
        while BLAS.threads != 1 && Date() < deadline { usleep(50) }
        DispatchQueue.global().async(group: done) { results.set(b: b()) }
        done.wait()
        return results.both
    }

    @Test("two scoring calls overlapping on two threads give the sequential lists and restore the thread count")
    func overlappingScoring() throws {
        let (lines, model) = ScoringFixture.random(customers: 2000, products: 300, k: 8)
        var configuration = ScoringFixture.engineConfiguration()
        configuration.rules = .off
        let scorer = try Scorer(model: model, lines: lines, configuration: configuration)
        let few = Array(0 ..< 400), many = Array(400 ..< 2000)
        let alone = (scorer.rankings(forCustomers: few, top: 10, threads: 2), scorer.rankings(forCustomers: many, top: 10, threads: 2))
        let before = BLAS.threadsOutsideScopes
        for _ in 0 ..< 3 {
            let (a, b) = Self.overlap(
                { scorer.rankings(forCustomers: few, top: 10, threads: 2) },
                { scorer.rankings(forCustomers: many, top: 10, threads: 2) })
            #expect(a == alone.0 && b == alone.1)
            #expect(BLAS.threadsOutsideScopes == before)
        }
    }
}

/// The results of two threads, set once each. `@unchecked Sendable`: guarded by `lock`.
final class Results<A, B>: @unchecked Sendable {
    private let lock = NSLock()
    private var a: A?, b: B?
    func set(a value: A) { lock.withLock { a = value } }
    func set(b value: B) { lock.withLock { b = value } }
    var both: (A, B) { lock.withLock { (a!, b!) } }
}
