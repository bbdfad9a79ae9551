import Dispatch

/// Dispatch's parallel loop for bodies whose safety the compiler cannot prove.
///
/// `DispatchQueue.concurrentPerform` takes a `@Sendable` body. Whitespot's parallel loops
/// give each iteration disjoint rows of shared buffers (through unsafe pointers) and read
/// values that no iteration changes; that partitioning is invisible to the type checker. The
/// loops state it here, in one place, rather than with an unchecked wrapper at each call.
///
/// ```swift
/// var out = [Int](repeating: 0, count: 4)
/// out.withUnsafeMutableBufferPointer { out in ConcurrentLoop.run(iterations: 4) { out[$0] = $0 * $0 } }
/// ```
enum ConcurrentLoop {
    /// Runs `body(i)` for every i in 0 ..< `iterations` on Dispatch's worker threads (the
    /// calling thread included) and returns when all have finished. Workers run inside the
    /// caller's ``InheritedScope``, if any.
    ///
    /// - Precondition: iterations write disjoint memory, and read only memory that no
    ///   iteration writes, or synchronise (a lock) where they share.
    static func run(iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            if InheritedScope.isInside {
                DispatchQueue.concurrentPerform(iterations: iterations) { i in InheritedScope.with(inside: true) { shared.value(i) } }
            } else {
                DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
            }
        }
    }

    /// The body handed to Dispatch's workers. `@unchecked`: its captures are partitioned by
    /// iteration as ``run(iterations:_:)`` requires, which the compiler cannot check.
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
