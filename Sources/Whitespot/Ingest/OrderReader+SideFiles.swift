extension OrderReader {
    /// Header names accepted for each catalogue column.
    static let catalogProductNames = ["product", "product_id", "sku"]
    static let catalogNameNames = ["name", "product_name", "description"]
    static let catalogCategoryNames = ["category"]
    static let catalogPriceNames = ["price", "unit_price", "list_price"]
    /// Header names accepted for the customer file's columns.
    static let customerIdNames = ["customer", "customer_id"]
    static let customerSegmentNames = ["segment"]

    /// Replaces each product by its value in the catalogue's `level` column; products the
    /// catalogue does not know, or gives no value, keep their own id (counted in the report).
    static func rollUp(_ lines: inout OrderLines, to level: String, catalog: CSVTable, report: inout IngestReport) {
        guard let levelColumn = catalog.column([level]), let idColumn = catalog.column(catalogProductNames) else { return }
        var groupOf = [String: String]()
        for row in catalog.rows where !row[levelColumn].trimmingSpaces().isEmpty {
            groupOf[String(row[idColumn].trimmingSpaces())] = String(row[levelColumn].trimmingSpaces())
        }
        var groups = Vocabulary()
        var map = [Int32](repeating: 0, count: lines.products.count)
        var category = [Int32]()
        for p in 0..<lines.products.count {
            let id = lines.products[p]
            let group = groupOf[id]
            if group == nil { report.productsWithoutLevel += 1 }
            map[p] = groups.intern(group ?? id)
            if Int(map[p]) == category.count { category.append(lines.catalog.category[p]) }
        }
        lines.product = lines.product.map { map[Int($0)] }
        lines.products = groups
        lines.catalog.category = category
        lines.catalog.name = Array(repeating: nil, count: groups.count)
        lines.catalog.price = [Double](repeating: .nan, count: groups.count)
    }

    /// Overrides product names, categories and prices with the catalogue's values where given.
    static func apply(_ catalog: CSVTable, to lines: inout OrderLines) {
        guard let idColumn = catalog.column(catalogProductNames) else { return }
        let nameColumn = catalog.column(catalogNameNames)
        let categoryColumn = catalog.column(catalogCategoryNames)
        let priceColumn = catalog.column(catalogPriceNames)
        lines.catalog.resize(to: lines.products.count)
        for row in catalog.rows {
            guard let p = lines.products.index(of: String(row[idColumn].trimmingSpaces())).map(Int.init) else { continue }
            if let c = nameColumn, !row[c].isEmpty { lines.catalog.name[p] = row[c] }
            if let c = categoryColumn, !row[c].isEmpty {
                lines.catalog.category[p] = lines.catalog.categories.intern(String(row[c].trimmingSpaces()))
            }
            if let c = priceColumn, let v = Double(row[c].trimmingSpaces()), v.isFinite, v >= 0 {
                lines.catalog.price[p] = v
            }
        }
    }

    /// Sets every line's segment to its customer's segment from the customer file, where given.
    /// - Throws: ``IngestError`` when the file lacks a customer or segment column.
    static func applyCustomers(path: String, to lines: inout OrderLines, report: inout IngestReport) throws {
        let table = try CSVTable(path: path)
        let columns = table.header.map { "'\($0)'" }.joined(separator: ", ")
        guard let idColumn = table.column(customerIdNames), let segmentColumn = table.column(customerSegmentNames) else {
            throw IngestError(file: path, line: 1, column: 1,
                              message: "a customer file needs columns customer (or customer_id) and segment; columns are: \(columns)")
        }
        var segmentOf = [Int32](repeating: -1, count: lines.customers.count)
        for row in table.rows where !row[segmentColumn].trimmingSpaces().isEmpty {
            guard let u = lines.customers.index(of: String(row[idColumn].trimmingSpaces())) else { continue }
            if segmentOf[Int(u)] < 0 { report.customersFromFile += 1 }
            segmentOf[Int(u)] = lines.segments.intern(String(row[segmentColumn].trimmingSpaces()))
        }
        for i in 0..<lines.count {
            let s = segmentOf[Int(lines.customer[i])]
            if s >= 0 { lines.segment[i] = s }
        }
    }
}
