extension Array {
    /// Calls `body` with the base address of the array's elements.
    ///
    /// For the numeric kernels, which take plain pointers. The array must not be empty.
    @inline(__always)
    func withBase<R>(_ body: (UnsafePointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            precondition(!buffer.isEmpty, "base address of an empty array")
            return try body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }

    /// Calls `body` with the mutable base address of the array's elements (non-empty).
    @inline(__always)
    mutating func withMutableBase<R>(_ body: (UnsafeMutablePointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { buffer in
            precondition(!buffer.isEmpty, "base address of an empty array")
            return try body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }
}

/// Calls `body` with the base addresses of two non-empty arrays.
@inline(__always)
func withBases<A, B, R>(_ a: [A], _ b: [B], _ body: (UnsafePointer<A>, UnsafePointer<B>) throws -> R) rethrows -> R {
    try a.withBase { a in try b.withBase { b in try body(a, b) } }
}
