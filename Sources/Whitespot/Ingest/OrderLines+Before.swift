extension OrderLines {
    /// The lines dated before `day`, re-indexed so that their customer and product
    /// vocabularies hold exactly the customers and products of those lines (in first-seen
    /// order), with the catalogue entries of those products; segment, order and category
    /// vocabularies stay as they are. Also returns, for every customer and product of `self`,
    /// its new index or -1 when it has no line before `day`.
    ///
    /// This is the training period of a held-out split (``TemporalSplit``) and what
    /// `whitespot import-factors --before` reads.
    ///
    /// ```swift
    /// let (train, _, _) = lines.before(Days.from(year: 2010, month: 10, day: 1))
    /// ```
    /// - Complexity: O(lines).
    public func before(_ day: Int32) -> (lines: OrderLines, customerMap: [Int32], productMap: [Int32]) {
        var customers = Vocabulary(), products = Vocabulary()
        var customerMap = [Int32](repeating: -1, count: self.customers.count)
        var productMap = [Int32](repeating: -1, count: self.products.count)
        var out = OrderLines()
        out.segments = segments
        out.orders = orders
        out.hasRevenue = hasRevenue
        out.hasQuantity = hasQuantity
        out.catalog.categories = catalog.categories
        for i in 0..<count where self.day[i] < day {
            let c = Int(customer[i]), p = Int(product[i])
            if customerMap[c] < 0 { customerMap[c] = customers.intern(self.customers[c]) }
            if productMap[p] < 0 {
                productMap[p] = products.intern(self.products[p])
                out.catalog.category.append(p < catalog.category.count ? catalog.category[p] : -1)
                out.catalog.name.append(p < catalog.name.count ? catalog.name[p] : nil)
                out.catalog.price.append(p < catalog.price.count ? catalog.price[p] : .nan)
            }
            out.append(customer: customerMap[c], product: productMap[p], day: self.day[i],
                       quantity: quantity[i], revenue: revenue[i], segment: segment[i], order: order[i])
        }
        out.customers = customers
        out.products = products
        return (out, customerMap, productMap)
    }
}
