extension SyntheticOrders {
    /// Header of the order file: the canonical column names.
    public static let orderHeader = "customer_id,order_date,product_id,quantity,revenue,segment"
    /// Header of the catalogue file.
    public static let catalogHeader = "product_id,product_name,category,unit_price"

    /// Display name of a product: category, kind and number, e.g. `Coffee accessory P17`.
    public func productName(_ p: Int) -> String {
        "\(SyntheticOrders.categoryNames[Int(categoryOfProduct[p])]) \(kind[p].rawValue) \(SyntheticOrders.productId(p))"
    }

    /// Writes the order lines as CSV in the canonical format (atomically; `-` = stdout):
    /// `customer_id,order_date,product_id,quantity,revenue,segment`, revenue = quantity × list price.
    /// - Throws: ``AtomicFileWriter/WriteError``.
    public func writeOrders(to path: String) throws {
        let out = try AtomicFileWriter(path: path)
        try out.write(SyntheticOrders.orderHeader + "\n")
        let customerIds = ByteTable((0..<parameters.customers).map { SyntheticOrders.customerId($0) + "," })
        let productIds = ByteTable((0..<parameters.products).map { SyntheticOrders.productId($0) + "," })
        let firstDay = parameters.firstDay
        let dates = ByteTable((0..<parameters.days).map { Days.iso(firstDay + Int32($0)) + "," })
        let segments = ByteTable(SyntheticOrders.segmentNames.map { $0 + "\n" })
        let capacity = 1 << 20, longestLine = 256
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var n = 0
        for i in 0..<count {
            n += customerIds.copy(Int(customer[i]), to: buffer + n)
            n += dates.copy(Int(day[i] - firstDay), to: buffer + n)
            n += productIds.copy(Int(product[i]), to: buffer + n)
            n += ByteTable.writeInteger(Int64(quantity[i]), to: buffer + n)
            buffer[n] = UInt8(ascii: ","); n += 1
            n += ByteTable.writeCents(Int64(quantity[i]) * priceCents[Int(product[i])], to: buffer + n)
            buffer[n] = UInt8(ascii: ","); n += 1
            n += segments.copy(Int(segmentOfCustomer[Int(customer[i])]), to: buffer + n)
            if n > capacity - longestLine || i == count - 1 {
                try out.write(bytes: UnsafeRawBufferPointer(start: buffer, count: n))
                n = 0
            }
        }
        try out.commit()
    }

    /// Writes the product catalogue as CSV (atomically): `product_id,product_name,category,unit_price`.
    /// - Throws: ``AtomicFileWriter/WriteError``.
    public func writeCatalog(to path: String) throws {
        let out = try AtomicFileWriter(path: path)
        try out.write(SyntheticOrders.catalogHeader + "\n")
        for p in 0..<parameters.products {
            let cents = priceCents[p]
            let price = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            try out.write("\(SyntheticOrders.productId(p)),\(productName(p)),\(SyntheticOrders.categoryNames[Int(categoryOfProduct[p])]),\(price)\n")
        }
        try out.commit()
    }

    /// The lines as ``OrderLines``, exactly as ``OrderReader`` reads the written order file
    /// together with the written catalogue (`--catalog`): ids in first-seen order, categories,
    /// names and list prices from the catalogue.
    public func orderLines() -> OrderLines {
        var lines = OrderLines()
        var customerIndex = [Int32](repeating: -1, count: parameters.customers)
        var productIndex = [Int32](repeating: -1, count: parameters.products)
        var segmentIndex = [Int32](repeating: -1, count: SyntheticOrders.segmentNames.count)
        var customerIds: [String] = [], productIds: [String] = [], segmentIds: [String] = []
        let n = count
        lines.customer = [Int32](repeating: 0, count: n)
        lines.product = lines.customer
        lines.segment = lines.customer
        lines.order = [Int32](repeating: -1, count: n)
        lines.day = day
        lines.quantity = quantity.map(Double.init)
        lines.revenue = (0..<n).map { Double(Int64(quantity[$0]) * priceCents[Int(product[$0])]) / 100 }
        for i in 0..<n {
            let u = Int(customer[i]), p = Int(product[i]), s = Int(segmentOfCustomer[u])
            if customerIndex[u] < 0 { customerIndex[u] = Int32(customerIds.count); customerIds.append(SyntheticOrders.customerId(u)) }
            if productIndex[p] < 0 { productIndex[p] = Int32(productIds.count); productIds.append(SyntheticOrders.productId(p)) }
            if segmentIndex[s] < 0 { segmentIndex[s] = Int32(segmentIds.count); segmentIds.append(SyntheticOrders.segmentNames[s]) }
            lines.customer[i] = customerIndex[u]
            lines.product[i] = productIndex[p]
            lines.segment[i] = segmentIndex[s]
        }
        lines.customers = Vocabulary(customerIds)
        lines.products = Vocabulary(productIds)
        lines.segments = Vocabulary(segmentIds)
        lines.hasQuantity = true
        lines.hasRevenue = true
        lines.catalog.resize(to: productIds.count)
        for p in 0..<parameters.products where productIndex[p] >= 0 {
            let i = Int(productIndex[p])
            lines.catalog.category[i] = lines.catalog.categories.intern(SyntheticOrders.categoryNames[Int(categoryOfProduct[p])])
            lines.catalog.name[i] = productName(p)
            lines.catalog.price[i] = Double(priceCents[p]) / 100
        }
        return lines
    }
}

/// Short byte strings stored back to back, copied into an output line by index.
struct ByteTable {
    private let bytes: [UInt8]
    private let offsets: [Int]

    init(_ strings: [String]) {
        var bytes: [UInt8] = [], offsets = [0]
        for s in strings { bytes += s.utf8; offsets.append(bytes.count) }
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Copies string `i` to `to`; returns its length.
    @inline(__always)
    func copy(_ i: Int, to: UnsafeMutablePointer<UInt8>) -> Int {
        let lo = offsets[i], n = offsets[i + 1] - lo
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            to.update(from: base + lo, count: n)
        }
        return n
    }

    /// Writes a decimal integer; returns its length.
    @inline(__always)
    static func writeInteger(_ v: Int64, to: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var x = v.magnitude
        if v < 0 { to[0] = UInt8(ascii: "-"); n = 1 }
        var digits = 1, probe = x
        while probe >= 10 { probe /= 10; digits += 1 }
        for k in stride(from: digits - 1, through: 0, by: -1) {
            to[n + k] = UInt8(48 + x % 10)
            x /= 10
        }
        return n + digits
    }

    /// Writes cents as a decimal amount with two places (`-12.05`); returns its length.
    @inline(__always)
    static func writeCents(_ cents: Int64, to: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if cents < 0 { to[0] = UInt8(ascii: "-"); n = 1 }
        let m = Int64(cents.magnitude)
        n += writeInteger(m / 100, to: to + n)
        to[n] = UInt8(ascii: ".")
        to[n + 1] = UInt8(48 + m % 100 / 10)
        to[n + 2] = UInt8(48 + m % 10)
        return n + 3
    }
}
