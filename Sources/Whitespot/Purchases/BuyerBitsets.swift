/// The buyers of a purchase matrix's most-bought products as bitsets over customers, so that
/// the customers who bought several of them are counted a machine word at a time.
///
/// A product gets a bitset when at least 1/1024 of the customers bought it (below that, walking
/// its CSC list is as cheap), most-bought first, until ``budgetBytes`` is spent. Counting the
/// customers who bought all of a few bitset products costs ⌈customers / 64⌉ word operations,
/// whatever the lists' lengths.
///
/// ```swift
/// let bits = BuyerBitsets(matrix)
/// if let a = bits.offset(of: 3), let b = bits.offset(of: 7), let c = bits.offset(of: 9) {
///     bits.count(allAt: [a, b], alsoAt: c)   // (bought 3 and 7, bought 3, 7 and 9)
/// }
/// ```
public struct BuyerBitsets: Sendable {
    /// Largest memory the bitsets may take (64 MiB).
    public static let budgetBytes = 64 << 20

    /// Words per bitset: ⌈customers / 64⌉.
    let words: Int
    /// Bitset index of each product, or -1 when it has none.
    let slot: [Int32]
    /// The bitsets, one after another.
    let bits: [UInt64]

    /// Bitsets for the most-bought products of `matrix` within `budgetBytes`.
    /// - Complexity: O(products · log products + the chosen products' buyers + their bitsets' words).
    public init(_ matrix: PurchaseMatrix, budgetBytes: Int = BuyerBitsets.budgetBytes) {
        let words = (matrix.customerCount + 63) / 64
        let minimum = max(64, matrix.customerCount / 1024)
        let capacity = words == 0 ? 0 : budgetBytes / (words * 8)
        let chosen = (0..<matrix.productCount).filter { matrix.buyerCount(ofProduct: $0) >= minimum }
            .sorted { matrix.buyerCount(ofProduct: $0) > matrix.buyerCount(ofProduct: $1) || ($0 < $1 && matrix.buyerCount(ofProduct: $0) == matrix.buyerCount(ofProduct: $1)) }
            .prefix(capacity)
        var slot = [Int32](repeating: -1, count: matrix.productCount)
        var bits = [UInt64](repeating: 0, count: chosen.count * words)
        for (n, i) in chosen.enumerated() {
            slot[i] = Int32(n)
            for e in matrix.entries(ofProduct: i) {
                let c = Int(matrix.customerOfEntry[e])
                bits[n * words + c / 64] |= 1 << UInt64(c % 64)
            }
        }
        self.words = words
        self.slot = slot
        self.bits = bits
    }

    /// Where product `i`'s bitset starts in ``bits`` (nil: it has none).
    public func offset(of i: Int) -> Int? { slot[i] >= 0 ? Int(slot[i]) * words : nil }

    /// Whether the bitset at `offset` (see ``offset(of:)``) holds customer `c`.
    @inline(__always) public func isSet(customer c: Int, at offset: Int) -> Bool {
        bits[offset + c >> 6] & (1 << UInt64(c & 63)) != 0
    }

    /// In one pass over the words: how many customers are in every bitset at `offsets` (at
    /// least one), and how many of them are also in the bitset at `extra` (0 without one).
    /// - Complexity: O(bitsets · customers / 64), sequential reads.
    public func count(allAt offsets: [Int], alsoAt extra: Int?) -> (all: Int, withExtra: Int) {
        bits.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, let first = offsets.first else { return (0, 0) }
            let z = base + (extra ?? first)
            var all = 0, withExtra = 0
            if offsets.count == 2 {
                let x = base + first, y = base + offsets[1]
                for w in 0..<words {
                    let both = x[w] & y[w]
                    all &+= both.nonzeroBitCount
                    withExtra &+= (both & z[w]).nonzeroBitCount
                }
            } else {
                for w in 0..<words {
                    var word = ~UInt64(0)
                    for o in offsets { word &= base[o + w] }
                    all &+= word.nonzeroBitCount
                    withExtra &+= (word & z[w]).nonzeroBitCount
                }
            }
            return (all, extra == nil ? 0 : withExtra)
        }
    }
}
