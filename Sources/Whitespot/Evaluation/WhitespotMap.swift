/// The whitespot map: for the largest segments and product groups, the share of the segment's
/// customers who bought at least one product of the group (train period).
///
/// share(s, g) = |{u in s : u bought some product of g}| / |s|, "bought" as in ``PurchaseMatrix``.
/// A product group is the product's category when the catalogue knows categories for at least
/// two groups; otherwise each of the most popular products is its own group. Rows are the
/// `maxSegments` largest segments (by customers, ties by name), columns the `maxGroups`
/// groups with the most buyers (ties by name). Low cells in an otherwise strong column are
/// whitespots: a product group the segment under-buys.
public struct WhitespotMap: Sendable, Equatable, Encodable {
    /// What a column is: "category" or "product".
    public var groupKind: String
    /// Row names (segments), largest first.
    public var segments: [String]
    /// Customers in each row's segment.
    public var segmentCustomers: [Int]
    /// Column ids (categories or product ids).
    public var groups: [String]
    /// Column labels: the category, or the product's name when known (else its id).
    public var groupLabels: [String]
    /// share[row][column].
    public var share: [[Double]]

    /// Builds the map from a split's train matrix, catalogue and segments.
    public init(_ split: TemporalSplit, maxSegments: Int = 12, maxGroups: Int = 12) {
        let matrix = split.matrix, catalog = split.train.catalog, products = split.train.products
        let categorised = Set(catalog.category.filter { $0 >= 0 }).count >= 2
        // Group of each product (−1: not shown) and group names.
        var groupOf = [Int32](repeating: -1, count: matrix.productCount)
        let groups = categorised ? catalog.categories : products
        if categorised {
            for i in 0..<matrix.productCount where i < catalog.category.count {
                groupOf[i] = catalog.category[i]
            }
        } else {
            for i in 0..<matrix.productCount { groupOf[i] = Int32(i) }
        }
        let names = groups.ids, ranks = groups.byteOrderRanks()
        // Buyers of each group (distinct customers).
        let segmentCount = split.segments.names.count
        var buyers = [Int](repeating: 0, count: names.count)
        var segmentBuyers = [Int](repeating: 0, count: segmentCount * names.count)
        var stamp = [Int](repeating: -1, count: names.count)
        for u in 0..<matrix.customerCount {
            let s = Int(split.segments.ofCustomer[u])
            for k in matrix.pairs(ofCustomer: u) {
                let g = Int(groupOf[Int(matrix.product[k])])
                guard g >= 0, stamp[g] != u else { continue }
                stamp[g] = u
                buyers[g] += 1
                segmentBuyers[s * names.count + g] += 1
            }
        }
        let columns = names.indices.filter { buyers[$0] > 0 }
            .sorted { RankingOrder.precedes(buyers[$0], rank: ranks[$0], buyers[$1], rank: ranks[$1]) }
            .prefix(maxGroups)
        let sizes = split.segments.sizes
        let rows = (0..<segmentCount).filter { sizes[$0] > 0 }
            .sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : split.segments.names[$0].utf8.lexicographicallyPrecedes(split.segments.names[$1].utf8) }
            .prefix(maxSegments)

        self.groupKind = categorised ? "category" : "product"
        self.segments = rows.map { split.segments.names[$0] }
        self.segmentCustomers = rows.map { sizes[$0] }
        self.groups = columns.map { names[$0] }
        self.groupLabels = columns.map { g in
            categorised ? names[g] : (g < catalog.name.count ? catalog.name[g] : nil) ?? names[g]
        }
        self.share = rows.map { s in
            columns.map { g in Double(segmentBuyers[s * names.count + g]) / Double(sizes[s]) }
        }
    }
}
