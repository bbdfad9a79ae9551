/// The 64-bit FNV-1a hash (Fowler, Noll, Vo): h ← (h ⊕ byte) · 0x100000001b3, starting from
/// 0xcbf29ce484222325. Any single changed byte changes the result (each step is a bijection
/// of the state), which is what file checksums and data fingerprints here need.
///
/// ```swift
/// var h = FNV1a64()
/// h.update("abc")
/// h.hex   // "e71fa2190541574b"
/// ```
public struct FNV1a64: Sendable, Equatable {
    /// The current hash value.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A fresh hash of nothing.
    public init() {}

    /// Hashes raw bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        value = h
    }

    /// Hashes the UTF-8 bytes of a string followed by a 0 byte (so "ab"+"c" ≠ "a"+"bc").
    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        update(byte: 0)
    }

    /// Hashes one byte.
    public mutating func update(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Hashes the little-endian bytes of a fixed-width integer.
    public mutating func update<T: FixedWidthInteger>(littleEndian v: T) {
        withUnsafeBytes(of: v.littleEndian) { update($0) }
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
