#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the running work is inside a process-wide scope (``BLAS/withThreads(_:_:)``), as a
/// per-thread flag that ``ConcurrentLoop/run(iterations:_:)`` hands from the calling thread to
/// its Dispatch workers.
///
/// A scope is entered once per top-level operation; work it starts, on its own thread or on a
/// ``ConcurrentLoop`` worker, sees ``isInside`` and runs within the enclosing scope instead of
/// entering (and waiting for) a new one, which would deadlock while the enclosing scope waits
/// for that work to finish.
enum InheritedScope {
    /// Whether the current thread runs inside a scope.
    static var isInside: Bool { pthread_getspecific(key) != nil }

    /// Runs `body` with ``isInside`` set to `inside` on the current thread, then restores it.
    static func with<R>(inside: Bool, _ body: () throws -> R) rethrows -> R {
        let before = pthread_getspecific(key)
        pthread_setspecific(key, inside ? UnsafeRawPointer(bitPattern: 1) : nil)
        defer { pthread_setspecific(key, before) }
        return try body()
    }

    /// The thread-specific slot holding the flag (non-nil: inside).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()
}
