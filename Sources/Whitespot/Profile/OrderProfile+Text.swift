extension OrderProfile {
    /// The profile as a short plain-text report.
    ///
    /// ```
    /// orders.csv: 525,461 lines read, 409,848 kept
    ///   skipped    107,927 without customer · 3,690 excluded products · 0 bad lines
    ///   returns    9,396 return lines netted; 2,411 customer-product pairs netted to nothing
    /// ```
    public var text: String {
        let r = ingest
        var out: [String] = []
        out.append("\(r.file): \(TextFormat.count(r.linesRead)) lines read, \(TextFormat.count(r.linesKept)) kept")
        let columns = OrderField.allCases.compactMap { f in r.columns[f.rawValue].map { "\(f.rawValue)=\($0)" } }
        out.append("  columns    \(columns.joined(separator: ", ")) (delimiter \(r.delimiter))")
        var dropped = ["\(TextFormat.count(r.noCustomer)) without customer"]
        dropped.append("\(TextFormat.count(r.excluded)) excluded products")
        dropped.append("\(TextFormat.count(r.skippedCount)) bad lines")
        if r.blankLines > 0 { dropped.append("\(TextFormat.count(r.blankLines)) blank lines") }
        out.append("  skipped    " + dropped.joined(separator: " · "))
        for s in r.skipped {
            out.append("             \(TextFormat.count(s.count)) \(s.reason.rawValue)")
            for e in s.examples { out.append("               \(e)") }
        }
        out.append("  returns    \(TextFormat.count(r.returnLines)) return lines netted; \(TextFormat.count(nettedOutPairs)) customer-product pairs netted to nothing")
        if let range = r.dateRange, let lo = r.firstDay, let hi = r.lastDay {
            out.append("  dates      \(range) (\(TextFormat.count(Int(hi - lo) + 1)) days)")
        }
        var sizes = ["\(TextFormat.count(customers)) customers", "\(TextFormat.count(products)) products"]
        if let level = r.productLevel { sizes[1] += " (rolled up to \(level))" }
        if categories > 0 { sizes.append("\(TextFormat.count(categories)) categories") }
        if let orders { sizes.append("\(TextFormat.count(orders)) orders") }
        out.append("  size       " + sizes.joined(separator: " · "))
        let perCustomer = customers == 0 ? 0 : Double(purchases) / Double(customers)
        out.append("  matrix     \(TextFormat.count(purchases)) purchases · density \(TextFormat.percent(density)) · \(TextFormat.amount(perCustomer, decimals: 1)) products per customer")
        if let revenue { out.append("  revenue    \(TextFormat.amount(revenue))") }
        out.append("  catalogue  \(TextFormat.count(inactiveProducts, "product")) nobody bought in the last \(activeWindowDays) days "
                   + "nor within their own longest gap between sales (the default active window: not offered) · \(TextFormat.count(sharedNames, "name")) span "
                   + "\(TextFormat.count(codesInSharedNames)) product codes (variants: not offered to buyers of another code)")
        out.append("")
        out.append("segments (\(segmentSource.rawValue)): \(segments.count)")
        let nameWidth = min(40, segments.prefix(12).map(\.name.count).max() ?? 0)
        for s in segments.prefix(12) {
            out.append("  \(TextFormat.pad(s.name, nameWidth))  \(TextFormat.pad(TextFormat.count(s.customers), 9, right: true))  \(TextFormat.pad(TextFormat.percent(s.share), 6, right: true))")
        }
        if segments.count > 12 { out.append("  … \(segments.count - 12) more") }
        out.append("")
        out.append("top products (by buyers)")
        let idWidth = min(30, topProducts.map(\.id.count).max() ?? 0)
        for p in topProducts {
            var line = "  \(TextFormat.pad(p.id, idWidth))  \(TextFormat.pad(TextFormat.count(p.buyers), 8, right: true)) buyers \(TextFormat.pad(TextFormat.percent(p.share), 6, right: true))"
            if revenue != nil { line += "  revenue \(TextFormat.amount(p.revenue))" }
            if let name = p.name { line += "  \(name)" }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }
}
