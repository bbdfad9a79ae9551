/// Joins chunk results in file order: the first chunk's ids stand, later chunks' ids are
/// re-interned in their own first-seen order, which is the serial first-seen order.
///
/// Parts are absorbed one by one as soon as they are parsed (``absorb(_:)``): their columns are
/// rewritten to global ids in place and their interners released, so a file read window by
/// window holds one set of ids, not one per part.
struct PartMerger {
    private let first: ChunkParser
    private var productCategory: [Int32], productName: [String?]
    /// Every part so far, in file order, with global ids in its columns.
    private(set) var parts: [ChunkParser] = []

    /// A merge that starts with `first`, whose ids stand.
    init(first: ChunkParser) {
        self.first = first
        productCategory = first.productCategory
        productName = first.productName
        parts = [first]
    }

    /// Appends the next part in file order.
    mutating func absorb(_ part: ChunkParser) {
        guard part !== first else { return }
        let c = Self.remap(part.customers, into: first.customers), p = Self.remap(part.products, into: first.products)
        let s = Self.remap(part.segments, into: first.segments), o = Self.remap(part.orders, into: first.orders)
        let k = Self.remap(part.categories, into: first.categories)
        for (local, global) in p.enumerated() {
            let category = part.productCategory[local] < 0 ? -1 : k[Int(part.productCategory[local])]
            if Int(global) == productCategory.count {
                productCategory.append(category)
                productName.append(part.productName[local])
            } else if productCategory[Int(global)] < 0 {
                productCategory[Int(global)] = category
            }
        }
        for (column, map) in [(part.customer, c), (part.product, p), (part.segment, s), (part.order, o)] {
            guard let column else { continue }
            for i in 0..<part.count where column.base[i] >= 0 { column.base[i] = map[Int(column.base[i])] }
        }
        part.releaseKeys()
        parts.append(part)
    }

    /// The merged lines; counts and bad-line examples go into `report`. Frees the parts' columns.
    func finish(into report: inout IngestReport, located: (RawProblem) -> IngestError) -> OrderLines {
        let parsers = parts
        var lines = OrderLines()
        /// Concatenates one column of every part (absent column: -1), then frees the parts' storage.
        func ids(_ column: ReferenceWritableKeyPath<ChunkParser, ColumnBuffer<Int32>?>) -> [Int32] {
            let columns = parsers.compactMap { part in part[keyPath: column].map { ($0, part.count) } }
            guard columns.count == parsers.count else {
                return [Int32](repeating: -1, count: parsers.reduce(0) { $0 + $1.count })
            }
            let out = [Int32](concatenating: columns) { _, id in id }
            for part in parsers { part[keyPath: column] = nil }
            return out
        }
        func values(_ column: ReferenceWritableKeyPath<ChunkParser, ColumnBuffer<Double>?>) -> [Double] {
            let columns = parsers.compactMap { part in part[keyPath: column].map { ($0, part.count) } }
            let out = [Double](concatenating: columns) { _, x in x }
            for part in parsers { part[keyPath: column] = nil }
            return out
        }
        lines.customer = ids(\.customer)
        lines.product = ids(\.product)
        lines.day = ids(\.day)
        lines.quantity = values(\.quantity)
        lines.revenue = values(\.revenue)
        lines.segment = ids(\.segment)
        lines.order = ids(\.order)
        lines.customers = first.customers.vocabulary()
        lines.products = first.products.vocabulary()
        lines.segments = first.segments.vocabulary()
        lines.orders = first.orders.vocabulary()
        lines.catalog.categories = first.categories.vocabulary()
        lines.catalog.category = productCategory
        lines.catalog.name = productName
        lines.catalog.price = [Double](repeating: .nan, count: lines.products.count)

        var skipped: [IngestReport.Skipped] = []
        for part in parsers {
            report.linesRead += part.linesRead
            report.blankLines += part.blankLines
            report.noCustomer += part.noCustomer
            report.excluded += part.excluded
            report.returnLines += part.returnLines
            for problem in part.problems {
                if let i = skipped.firstIndex(where: { $0.reason == problem.reason }) {
                    if skipped[i].examples.count < part.context.examplesPerReason {
                        skipped[i].examples.append(located(problem))
                    }
                } else {
                    skipped.append(.init(reason: problem.reason, count: 0, examples: [located(problem)]))
                }
            }
        }
        for i in skipped.indices {
            skipped[i].count = parsers.reduce(0) { $0 + ($1.problemCounts[skipped[i].reason] ?? 0) }
        }
        report.skipped = skipped
        return lines
    }

    /// Global id of each of `part`'s ids, interning new keys into `global` in local id order.
    private static func remap(_ part: ByteInterner, into global: ByteInterner) -> [Int32] {
        (0..<Int32(part.count)).map { id in
            global.intern(part.key(id)).id
        }
    }
}
