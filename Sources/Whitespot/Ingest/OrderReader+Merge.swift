extension OrderReader {
    /// Joins chunk results in file order: the first chunk's ids stand, later chunks' ids are
    /// re-interned in their own first-seen order, which is the serial first-seen order.
    static func merge(
        _ parsers: [ChunkParser], into report: inout IngestReport, located: (RawProblem) -> IngestError
    ) -> OrderLines {
        let first = parsers[0]
        var lines = OrderLines()
        let hasSegment = first.context.index(.segment) >= 0, hasOrder = first.context.index(.order) >= 0
        var productCategory = first.productCategory, productName = first.productName
        lines.customer = first.customer; lines.product = first.product; lines.day = first.day
        lines.quantity = first.quantity; lines.revenue = first.revenue
        lines.segment = hasSegment ? first.segment : []
        lines.order = hasOrder ? first.order : []
        for part in parsers.dropFirst() {
            let c = remap(part.customers, into: first.customers)
            let p = remap(part.products, into: first.products)
            let s = remap(part.segments, into: first.segments)
            let o = remap(part.orders, into: first.orders)
            let k = remap(part.categories, into: first.categories)
            for (local, global) in p.enumerated() {
                let category = part.productCategory[local] < 0 ? -1 : k[Int(part.productCategory[local])]
                if Int(global) == productCategory.count {
                    productCategory.append(category)
                    productName.append(part.productName[local])
                } else if productCategory[Int(global)] < 0 {
                    productCategory[Int(global)] = category
                }
            }
            lines.customer += part.customer.lazy.map { c[Int($0)] }
            lines.product += part.product.lazy.map { p[Int($0)] }
            lines.day += part.day
            lines.quantity += part.quantity
            lines.revenue += part.revenue
            if hasSegment { lines.segment += part.segment.lazy.map { $0 < 0 ? -1 : s[Int($0)] } }
            if hasOrder { lines.order += part.order.lazy.map { o[Int($0)] } }
        }
        let n = lines.customer.count
        if !hasSegment { lines.segment = [Int32](repeating: -1, count: n) }
        if !hasOrder { lines.order = [Int32](repeating: -1, count: n) }
        lines.customers = first.customers.vocabulary()
        lines.products = first.products.vocabulary()
        lines.segments = first.segments.vocabulary()
        lines.orders = first.orders.vocabulary()
        lines.catalog.categories = first.categories.vocabulary()
        lines.catalog.category = productCategory
        lines.catalog.name = productName
        lines.catalog.price = typicalPrices(lines)

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
            part.key(id).withUnsafeBufferPointer { global.intern($0).id }
        }
    }

    /// Typical unit price per product: Σ revenue / Σ quantity over lines with positive quantity
    /// and revenue (NaN when there are none).
    static func typicalPrices(_ lines: OrderLines) -> [Double] {
        let m = lines.products.count
        var revenue = [Double](repeating: 0, count: m), quantity = [Double](repeating: 0, count: m)
        for i in 0..<lines.count where lines.quantity[i] > 0 && lines.revenue[i] > 0 {
            revenue[Int(lines.product[i])] += lines.revenue[i]
            quantity[Int(lines.product[i])] += lines.quantity[i]
        }
        return (0..<m).map { quantity[$0] > 0 ? revenue[$0] / quantity[$0] : .nan }
    }
}
