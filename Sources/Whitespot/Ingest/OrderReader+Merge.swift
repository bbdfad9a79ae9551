extension OrderReader {
    /// Joins chunk results in file order: the first chunk's ids stand, later chunks' ids are
    /// re-interned in their own first-seen order, which is the serial first-seen order.
    static func merge(
        _ parsers: [ChunkParser], into report: inout IngestReport, located: (RawProblem) -> IngestError
    ) -> OrderLines {
        let first = parsers[0]
        var lines = OrderLines()
        var productCategory = first.productCategory, productName = first.productName
        // Local → global id maps per part (identity for the first part).
        var c: [[Int32]] = [[]], p: [[Int32]] = [[]], s: [[Int32]] = [[]], o: [[Int32]] = [[]]
        for part in parsers.dropFirst() {
            c.append(remap(part.customers, into: first.customers))
            p.append(remap(part.products, into: first.products))
            s.append(remap(part.segments, into: first.segments))
            o.append(remap(part.orders, into: first.orders))
            let k = remap(part.categories, into: first.categories)
            for (local, global) in p[p.count - 1].enumerated() {
                let category = part.productCategory[local] < 0 ? -1 : k[Int(part.productCategory[local])]
                if Int(global) == productCategory.count {
                    productCategory.append(category)
                    productName.append(part.productName[local])
                } else if productCategory[Int(global)] < 0 {
                    productCategory[Int(global)] = category
                }
            }
        }
        /// Concatenates one column of every part, mapping ids through `maps` (none: values as
        /// they are; absent column: -1), then frees the parts' storage.
        func ids(_ column: ReferenceWritableKeyPath<ChunkParser, ColumnBuffer<Int32>?>, _ maps: [[Int32]]) -> [Int32] {
            let columns = parsers.compactMap { part in part[keyPath: column].map { ($0, part.count) } }
            guard columns.count == parsers.count else {
                return [Int32](repeating: -1, count: parsers.reduce(0) { $0 + $1.count })
            }
            let out = [Int32](concatenating: columns) { part, id in maps.isEmpty || part == 0 || id < 0 ? id : maps[part][Int(id)] }
            for part in parsers { part[keyPath: column] = nil }
            return out
        }
        func values(_ column: ReferenceWritableKeyPath<ChunkParser, ColumnBuffer<Double>?>) -> [Double] {
            let columns = parsers.compactMap { part in part[keyPath: column].map { ($0, part.count) } }
            let out = [Double](concatenating: columns) { _, x in x }
            for part in parsers { part[keyPath: column] = nil }
            return out
        }
        lines.customer = ids(\.customer, c)
        lines.product = ids(\.product, p)
        lines.day = ids(\.day, [])
        lines.quantity = values(\.quantity)
        lines.revenue = values(\.revenue)
        lines.segment = ids(\.segment, s)
        lines.order = ids(\.order, o)
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
