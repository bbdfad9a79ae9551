extension OrderReader {
    /// Header names accepted for each catalogue column.
    static let catalogProductNames = ["product", "product_id", "sku"]
    static let catalogNameNames = ["name", "product_name", "description"]
    static let catalogCategoryNames = ["category"]
    static let catalogPriceNames = ["price", "unit_price", "list_price"]
    /// Header names accepted for the customer file's columns.
    static let customerIdNames = ["customer", "customer_id"]
    static let customerSegmentNames = ["segment"]

    /// The catalogue's fields, the id first, with the header names accepted when unmapped.
    static let catalogFields: [(OrderField, [String])] = [
        (.product, catalogProductNames), (.name, catalogNameNames), (.category, catalogCategoryNames), (.price, catalogPriceNames),
    ]
    /// The customer file's fields, the id first.
    static let customerFields: [(OrderField, [String])] = [(.customer, customerIdNames), (.segment, customerSegmentNames)]

    /// The catalogue's columns under `mapping`.
    /// - Throws: ``IngestError`` (see ``sideColumns(_:path:kind:option:mapping:fields:)``).
    static func catalogColumns(_ catalog: CSVTable, path: String, mapping: ColumnMapping) throws -> [OrderField: Int] {
        try sideColumns(catalog, path: path, kind: "catalogue", option: "--catalog-columns", mapping: mapping, fields: catalogFields)
    }

    /// Replaces each product by its value in the catalogue's `level` column; products the
    /// catalogue does not know, or gives no value, keep their own id (counted in the report).
    static func rollUp(_ lines: inout OrderLines, to level: String, catalog: CSVTable, idColumn: Int, report: inout IngestReport) {
        guard let levelColumn = catalog.column([level]) else { return }
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

    /// Overrides product names, categories and prices with the catalogue's values where given;
    /// returns what the catalogue matched and applied.
    static func apply(_ catalog: CSVTable, path: String, columns: [OrderField: Int], to lines: inout OrderLines) -> SideFileReport {
        var report = SideFileReport(file: path, kind: "catalogue",
                                    columns: describe(columns, header: catalog.header, fields: catalogFields))
        report.rowsRead = catalog.rows.count
        let idColumn = columns[.product]!
        lines.catalog.resize(to: lines.products.count)
        var listed = [Bool](repeating: false, count: lines.products.count)
        var named = listed, categorised = listed, priced = listed
        for row in catalog.rows {
            guard let p = lines.products.index(of: String(row[idColumn].trimmingSpaces())).map(Int.init) else { continue }
            report.rowsMatched += 1
            listed[p] = true
            if let c = columns[.name], !row[c].isEmpty { lines.catalog.name[p] = row[c]; named[p] = true }
            if let c = columns[.category], !row[c].isEmpty {
                lines.catalog.category[p] = lines.catalog.categories.intern(String(row[c].trimmingSpaces()))
                categorised[p] = true
            }
            if let c = columns[.price], let v = Double(row[c].trimmingSpaces()), v.isFinite, v >= 0 {
                lines.catalog.price[p] = v
                priced[p] = true
            }
        }
        func count(_ flags: [Bool]) -> Int { flags.reduce(0) { $0 + ($1 ? 1 : 0) } }
        report.idsNotListed = lines.products.count - count(listed)
        report.applied = ["name": count(named), "category": count(categorised), "price": count(priced)]
        return report
    }

    /// Sets every line's segment to its customer's segment from the customer file, where given.
    /// - Throws: ``IngestError`` when the file lacks a customer column or a mapped column.
    static func applyCustomers(path: String, mapping: ColumnMapping, to lines: inout OrderLines, report: inout IngestReport) throws {
        let table = try CSVTable(path: path)
        let columns = try sideColumns(table, path: path, kind: "customer file", option: "--customers-columns",
                                      mapping: mapping, fields: customerFields)
        guard let idColumn = columns[.customer], let segmentColumn = columns[.segment] else {
            let listed = table.header.map { "'\($0)'" }.joined(separator: ", ")
            throw IngestError(file: path, line: 1, column: 1, message: "no segment column in the customer file: name it segment "
                + "or map it with --customers-columns segment=COLUMN; columns are: \(listed)")
        }
        var side = SideFileReport(file: path, kind: "customer file", columns: describe(columns, header: table.header, fields: customerFields))
        side.rowsRead = table.rows.count
        var listed = [Bool](repeating: false, count: lines.customers.count)
        var segmentOf = [Int32](repeating: -1, count: lines.customers.count)
        for row in table.rows {
            guard let u = lines.customers.index(of: String(row[idColumn].trimmingSpaces())) else { continue }
            side.rowsMatched += 1
            listed[Int(u)] = true
            guard !row[segmentColumn].trimmingSpaces().isEmpty else { continue }
            if segmentOf[Int(u)] < 0 { report.customersFromFile += 1 }
            segmentOf[Int(u)] = lines.segments.intern(String(row[segmentColumn].trimmingSpaces()))
        }
        for i in 0..<lines.count {
            let s = segmentOf[Int(lines.customer[i])]
            if s >= 0 { lines.segment[i] = s }
        }
        side.idsNotListed = listed.reduce(0) { $0 + ($1 ? 0 : 1) }
        side.applied = ["segment": report.customersFromFile]
        report.customersFile = side
    }
}
