import Foundation

/// Hands values from one thread to another through a queue of at most `capacity` values: the
/// producer waits when it is full, the consumer when it is empty. What a COPY writer uses to
/// let the scorer format the next block while the previous one is being sent.
///
/// ```swift
/// let handoff = BoundedHandoff<String>(capacity: 2)
/// // consumer thread: while let text = handoff.take() { send(text) }
/// try handoff.put("rows")   // producer
/// handoff.close()           // no more values: take() returns nil once the queue is empty
/// ```
final class BoundedHandoff<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Value] = []
    private var closed = false
    private var failure: Error?
    private let capacity: Int

    /// A handoff holding at most `capacity` values.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds a value, waiting while the queue is full.
    /// - Throws: the consumer's error, once it gave up (``fail(_:)``).
    func put(_ value: Value) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(value)
        condition.broadcast()
    }

    /// The next value, waiting while the queue is empty; nil when closed and empty.
    func take() -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        guard !queue.isEmpty else { return nil }
        condition.broadcast()
        return queue.removeFirst()
    }

    /// No more values will be put.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer's error, when it gave up.
    var error: Error? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// The consumer gave up with `error`: waiting and later puts throw it.
    func fail(_ error: Error) {
        condition.lock()
        failure = error
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `produce` on this thread and `consume` on another, on every value `produce` puts,
    /// in order, at most `capacity` values behind. Returns when both are done.
    /// - Throws: what `produce` or `consume` threw first (`consume` is not called again after
    ///   it throws; `produce` is stopped at its next put).
    static func overlapped(capacity: Int, consume: (Value) throws -> Void, produce: (@escaping (Value) throws -> Void) throws -> Void) throws {
        let handoff = BoundedHandoff<Value>(capacity: capacity)
        let done = DispatchSemaphore(value: 0)
        try withoutActuallyEscaping(consume) { consume in
            // The consumer thread reaches `consume` through a box it empties before signalling,
            // so nothing holds the closure once this block ends (as withoutActuallyEscaping checks).
            let box = ConsumerBox<Value>()
            box.consume = consume
            Thread.detachNewThread {
                while let value = handoff.take() {
                    guard handoff.error == nil, let consume = box.consume else { continue }
                    do { try consume(value) } catch { handoff.fail(error) }
                }
                box.consume = nil
                done.signal()
            }
            defer { handoff.close(); done.wait() }
            try produce(handoff.put)
        }
        if let error = handoff.error { throw error }
    }
}

/// The consumer closure of ``BoundedHandoff/overlapped(capacity:consume:produce:)``, emptied by
/// the consumer thread when it is done.
private final class ConsumerBox<Value>: @unchecked Sendable {
    var consume: ((Value) throws -> Void)?
}
