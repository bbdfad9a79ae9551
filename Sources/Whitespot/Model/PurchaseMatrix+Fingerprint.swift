extension PurchaseMatrix {
    /// A fingerprint of the purchase pairs: FNV-1a 64 (``FNV1a64``) over, for every customer
    /// in index order with at least one pair, the customer id, then for each of its pairs in
    /// CSR order the product id, line count (Int32 LE), bit patterns of net quantity and net
    /// revenue (Float64 LE), first and last day (Int32 LE). Formatted "fnv1a64:<16 hex digits>".
    ///
    /// Equal order files give equal fingerprints; any change to a pair's aggregates changes it.
    /// - Complexity: O(pairs + total id length).
    public func fingerprint(customers: Vocabulary, products: Vocabulary) -> String {
        var h = FNV1a64()
        for u in 0 ..< customerCount where rowStart[u] < rowStart[u + 1] {
            h.update(customers[u])
            for k in pairs(ofCustomer: u) {
                h.update(products[Int(product[k])])
                h.update(littleEndian: lines[k])
                h.update(littleEndian: quantity[k].bitPattern)
                h.update(littleEndian: revenue[k].bitPattern)
                h.update(littleEndian: firstDay[k])
                h.update(littleEndian: lastDay[k])
            }
        }
        return "fnv1a64:" + h.hex
    }
}
