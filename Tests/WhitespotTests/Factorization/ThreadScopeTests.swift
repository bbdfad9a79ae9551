import Foundation
import Testing
@testable import Whitespot

/// The rules of ``BLAS/withThreads(_:_:)``, checked on scopes of a stand-in count (so that other
/// tests' OpenBLAS scopes running at the same time cannot interfere), then on OpenBLAS itself.
@Suite("scoped OpenBLAS thread counts")
struct ThreadScopeTests {
    /// A process-wide count as OpenBLAS keeps it, recording every change.
    final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var count: Int
        private var log: [Int] = []
        init(_ count: Int) { self.count = count }
        var value: Int { lock.withLock { count } }
        var changes: [Int] { lock.withLock { log } }
        func set(_ n: Int) { lock.withLock { count = n; log.append(n) } }
        var scopes: ThreadCountScopes { ThreadCountScopes(get: { self.value }, set: { self.set($0) }) }
    }

    /// Runs `body` on a new thread; the returned group finishes with it.
    static func thread(_ body: @escaping @Sendable () -> Void) -> DispatchGroup {
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread { body(); group.leave() }
        return group
    }

    @Test("overlapping scopes share the count; the last one out, not the first, restores the caller's")
    func overlapRestoresOnce() {
        let pool = Pool(5), scopes = pool.scopes, seen = Results<Int, Int>()
        let aEntered = DispatchSemaphore(value: 0), bEntered = DispatchSemaphore(value: 0)
        let aMayLeave = DispatchSemaphore(value: 0), aLeft = DispatchSemaphore(value: 0)
        let a = Self.thread {
            scopes.within(1) { aEntered.signal(); aMayLeave.wait() }
            aLeft.signal()
        }
        aEntered.wait()
        let b = Self.thread {
            scopes.within(1) {
                bEntered.signal()
                aLeft.wait()
                seen.set(b: pool.value)
            }
            seen.set(a: pool.value)
        }
        #expect(bEntered.wait(timeout: .now() + 5) == .success, "a scope of the count in force joins at once")
        aMayLeave.signal()
        a.wait()
        b.wait()
        #expect(seen.both.1 == 1, "the count stays while a scope is inside, after another left")
        #expect(seen.both.0 == 5 && pool.value == 5 && pool.changes == [1, 5])
    }

    @Test("a scope asking for another count waits until the others have left, and no new scope joins meanwhile")
    func differentCountWaits() {
        let pool = Pool(2), scopes = pool.scopes, order = Order()
        let aEntered = DispatchSemaphore(value: 0), aMayLeave = DispatchSemaphore(value: 0)
        let a = Self.thread { scopes.within(1) { aEntered.signal(); aMayLeave.wait(); order.add("a leaves") } }
        aEntered.wait()
        let b = Self.thread { scopes.within(3) { order.add("b at \(pool.value)") } }
        usleep(50_000)
        let c = Self.thread { scopes.within(1) { order.add("c at \(pool.value)") } }
        usleep(50_000)
        #expect(order.entries.isEmpty, "b waits for a's count to go; c waits behind b")
        aMayLeave.signal()
        for group in [a, b, c] { group.wait() }
        #expect(order.entries.first == "a leaves")
        #expect(Set(order.entries.dropFirst()) == ["b at 3", "c at 1"])
        #expect(pool.value == 2)
    }

    @Test("nested scopes, on the same thread or on a ConcurrentLoop worker, run at the enclosing count without waiting")
    func nestedScopesDoNotWait() {
        let pool = Pool(4), scopes = pool.scopes
        let counts = scopes.within(1) { () -> [Int] in
            var inner = [Int](repeating: 0, count: 4)
            inner.withUnsafeMutableBufferPointer { inner in
                ConcurrentLoop.run(iterations: 4) { i in inner[i] = scopes.within(3) { pool.value } }
            }
            return inner + [scopes.within(2) { pool.value }]
        }
        #expect(counts == [1, 1, 1, 1, 1])
        #expect(pool.value == 4 && pool.changes == [1, 4])
        #expect(!InheritedScope.isInside)
    }

    @Test("a scope of nil keeps the count in force and changes nothing")
    func nilKeepsTheCount() {
        let pool = Pool(6), scopes = pool.scopes
        #expect(scopes.within(nil) { pool.value } == 6 && scopes.outside == 6)
        #expect(scopes.within(0) { pool.value } == 1, "counts below 1 mean 1")
        #expect(pool.changes == [1, 6])
    }

    @Test("OpenBLAS runs at the scope's count, and at the caller's count again afterwards")
    func openBLASScope() {
        let outside = BLAS.threadsOutsideScopes
        #expect(BLAS.withThreads(1) { BLAS.threads } == 1)
        #expect(BLAS.threadsOutsideScopes == outside)
    }
}

/// Strings appended by several threads. `@unchecked Sendable`: guarded by `lock`.
final class Order: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ entry: String) { lock.withLock { list.append(entry) } }
    var entries: [String] { lock.withLock { list } }
}
