import COpenBLAS
import Foundation

extension BLAS {
    /// Runs `body` with OpenBLAS's thread pool at `count` threads (nil: the count in force),
    /// the only way Whitespot changes that count.
    ///
    /// The count is process-wide (`openblas_set_num_threads`), so scopes coordinate:
    /// - **Overlapping scopes share one count.** The first scope to enter saves the count in
    ///   force and sets its own; scopes on other threads asking for the same count (or nil) join
    ///   at once; a scope asking for a different count waits until every current scope has left,
    ///   and while it waits no new scope joins, so it is not starved. The last scope to leave
    ///   restores the saved count. So two scoring calls overlapping on two threads each run with
    ///   OpenBLAS single-threaded from start to end, and the count is the caller's again
    ///   afterwards, whatever the interleaving. (Saving and restoring around each call does
    ///   neither: a call that starts inside another saves the other's count, and the first to
    ///   finish resets the count under the one still running.)
    /// - **Nested scopes never wait.** Work a scope starts, on the scope's own thread or on a
    ///   ``ConcurrentLoop`` worker (which inherits the caller's ``InheritedScope``), runs inside
    ///   the enclosing scope: a nested `withThreads` runs `body` at the enclosing count without
    ///   changing it, since the scope's other workers rely on it. Waiting there would deadlock,
    ///   as the enclosing scope cannot leave before its workers finish. So the outermost
    ///   operation decides the count once and worker loops never change it; an operation that
    ///   needs another count for one step (the trainer's multithreaded Gram matrix between
    ///   single-threaded solves) enters scopes one after the other, never one inside another.
    ///
    /// BLAS calls made outside every scope run at whatever count is in force. Which of several
    /// overlapping scopes entered first changes no result: each runs at its own count (or, nested,
    /// at its enclosing scope's). A body must not wait for a thread other than its
    /// ``ConcurrentLoop`` workers that enters a scope: that thread may be waiting for this scope
    /// to leave.
    public static func withThreads<R>(_ count: Int?, _ body: () throws -> R) rethrows -> R {
        try threadScopes.within(count, body)
    }

    /// The current size of OpenBLAS's thread pool.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The pool size in force outside every ``withThreads(_:_:)`` scope: the current size when
    /// no scope is active, else the size the last scope to leave restores.
    public static var threadsOutsideScopes: Int { threadScopes.outside }

    /// The scopes of OpenBLAS's pool in this process.
    static let threadScopes = ThreadCountScopes(
        get: { Int(openblas_get_num_threads()) }, set: { openblas_set_num_threads(Int32($0)) })
}

/// The scopes of a process-wide thread count: who holds it, who waits (the bookkeeping of
/// ``BLAS/withThreads(_:_:)``, which describes the rules; tests drive it with a stand-in count).
///
/// `@unchecked Sendable`: every stored variable is read and written with `condition` locked.
final class ThreadCountScopes: @unchecked Sendable {
    private let get: @Sendable () -> Int
    private let set: @Sendable (Int) -> Void
    private let condition = NSCondition()
    /// Outermost scopes currently inside.
    private var holders = 0
    /// The count they share.
    private var current = 0
    /// The count in force before the first of them entered.
    private var saved = 0
    /// Scopes waiting (for a count other than `current`, or behind one that does).
    private var waiting = 0

    /// Scopes of the count that `get` reads and `set` changes.
    init(get: @escaping @Sendable () -> Int, set: @escaping @Sendable (Int) -> Void) {
        self.get = get
        self.set = set
    }

    /// Runs `body` in a scope of `count` (nil: the count in force), as ``BLAS/withThreads(_:_:)``.
    func within<R>(_ count: Int?, _ body: () throws -> R) rethrows -> R {
        if InheritedScope.isInside { return try body() }
        enter(count.map { max(1, $0) })
        defer { leave() }
        return try InheritedScope.with(inside: true, body)
    }

    /// The count outside every scope (``BLAS/threadsOutsideScopes``).
    var outside: Int {
        condition.lock()
        defer { condition.unlock() }
        return holders > 0 ? saved : get()
    }

    /// Blocks until the count is `count` (nil: any) for this scope, then holds it.
    private func enter(_ count: Int?) {
        condition.lock()
        defer { condition.unlock() }
        var queued = false
        while mustWait(count, queued: queued) {
            if !queued { waiting += 1; queued = true }
            condition.wait()
        }
        if queued { waiting -= 1 }
        if holders == 0 {
            saved = get()
            current = count ?? saved
            if current != saved { set(current) }
        }
        holders += 1
    }

    /// Whether a scope asking for `count` must wait: scopes hold another count, or others
    /// already wait (joining then would starve them).
    private func mustWait(_ count: Int?, queued: Bool) -> Bool {
        guard holders > 0 else { return false }
        if let count, count != current { return true }
        return waiting > (queued ? 1 : 0)
    }

    /// Releases this scope's hold; the last one out restores the saved count and wakes the waiters.
    private func leave() {
        condition.lock()
        defer { condition.unlock() }
        holders -= 1
        if holders == 0 {
            if current != saved { set(saved) }
            condition.broadcast()
        }
    }
}
