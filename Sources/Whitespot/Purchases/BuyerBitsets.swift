/// The buyers of a purchase matrix's most-bought products as bitsets over customers, so that
/// the customers who bought several of them are found a machine word at a time.
///
/// A product gets a bitset when at least 1/1024 of the customers bought it (below that, walking
/// its CSC list is as cheap), most-bought first, until ``budgetBytes`` is spent. Finding the
/// customers who bought all of a few bitset products costs ⌈customers / 64⌉ word operations
/// plus one per customer found, whatever the lists' lengths.
///
/// ```swift
/// let bits = BuyerBitsets(matrix)
/// if let a = bits.offset(of: 3), let b = bits.offset(of: 7), let c = bits.offset(of: 9) {
///     bits.members(allAt: [a, b])              // the customers who bought 3 and 7
///     [5, 8].withUnsafeBufferPointer { bits.count(of: $0, at: c) }   // how many of 5 and 8 bought 9
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
    /// How many customers each bitset holds.
    let sizes: [Int32]

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
        var bits = HugePages.array(repeating: UInt64(0), count: chosen.count * words)
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
        self.sizes = chosen.map { Int32(matrix.buyerCount(ofProduct: $0)) }
    }

    /// Where product `i`'s bitset starts in ``bits`` (nil: it has none).
    public func offset(of i: Int) -> Int? { slot[i] >= 0 ? Int(slot[i]) * words : nil }

    /// Whether the bitset at `offset` (see ``offset(of:)``) of the words `bits` holds customer
    /// `c`; for loops that read ``bits`` through one buffer pointer.
    @inline(__always) static func isSet(_ bits: UnsafeBufferPointer<UInt64>, customer c: Int, at offset: Int) -> Bool {
        bits[offset + c >> 6] & (1 << UInt64(c & 63)) != 0
    }

    /// How many of `customers` the bitset at `offset` holds.
    /// - Complexity: O(customers), one bit test each.
    public func count(of customers: UnsafeBufferPointer<Int32>, at offset: Int) -> Int {
        bits.withUnsafeBufferPointer { words in
            customers.reduce(0) { $0 + (BuyerBitsets.isSet(words, customer: Int($1), at: offset) ? 1 : 0) }
        }
    }

    /// The customers in every bitset at `offsets` (at least one), ascending.
    ///
    /// One pass over the words, branch-free except per customer found: the result is written
    /// into room for the smallest bitset's customers, a bound on the group that needs no count.
    /// - Complexity: O(bitsets · customers / 64 + the customers found), sequential reads.
    public func members(allAt offsets: [Int]) -> [Int32] {
        guard !offsets.isEmpty else { return [] }
        let bound = offsets.map { Int(sizes[$0 / words]) }.min() ?? 0
        return bits.withUnsafeBufferPointer { b in
            [Int32](unsafeUninitializedCapacity: bound) { found, count in
                guard let base = b.baseAddress, let out = found.baseAddress else { return count = 0 }
                var n = 0
                func collect(_ word: UInt64, at w: Int) {
                    var word = word
                    while word != 0 {
                        let c = w << 6 | word.trailingZeroBitCount
                        out[n] = Int32(truncatingIfNeeded: c)
                        n &+= 1
                        word &= word &- 1
                    }
                }
                if offsets.count == 2 {
                    let x = base + offsets[0], y = base + offsets[1]
                    for w in 0..<words { collect(x[w] & y[w], at: w) }
                } else {
                    for w in 0..<words {
                        var word = ~UInt64(0)
                        for o in offsets { word &= base[o + w] }
                        collect(word, at: w)
                    }
                }
                count = n
            }
        }
    }
}
