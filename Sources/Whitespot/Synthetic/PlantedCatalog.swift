#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Weighted sampling by binary search over cumulative weights.
struct WeightedPicker: Sendable {
    /// The items.
    let items: [Int32]
    private let cumulative: [Double]

    /// A picker over `items` with `weights` (same length, positive).
    init(_ items: [Int32], weights: [Double]) {
        self.items = items
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
    }

    /// Whether there is nothing to pick.
    var isEmpty: Bool { items.isEmpty }

    /// An item drawn with probability proportional to its weight.
    @inline(__always)
    func pick(_ rng: inout SplitMix64) -> Int32 {
        let x = rng.nextDouble() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return items[lo]
    }
}

/// The product side of ``SyntheticOrders``: categories, kinds, accessories, prices,
/// popularity, styles, segments and their preferred categories, and each customer's
/// personal styles and taste share.
struct PlantedCatalog {
    let categoryCount: Int
    var category: [Int32]
    var kind: [SyntheticOrders.ProductKind]
    var accessoryOf: [Int32]
    var priceCents: [Int64]
    /// Popularity-weighted main products and consumables per category.
    var mains: [WeightedPicker]
    var consumables: [WeightedPicker]
    /// Popularity-weighted accessories per main product (empty picker for the rest).
    var accessories: [WeightedPicker]
    var preferred: [[Int32]]
    var segmentOfCustomer: [Int32]
    /// Number of styles and the style of each product (-1 for accessories).
    let styleCount: Int
    var style: [Int32]
    /// Popularity-weighted main products and consumables per style.
    var styles: [WeightedPicker]
    /// Each customer's one or two personal styles and the share of their purchases they drive.
    var personalStyles: [[Int32]]
    var personalShare: [Double]

    init(products: Int, customers: Int, rng: inout SplitMix64) {
        let k = max(1, min(SyntheticOrders.categoryNames.count, products / 40))
        categoryCount = k
        // Products are dealt to categories in a random order; slot i of the deal gets
        // category i mod k and popularity rank i / k.
        var order = Array(0..<Int32(products))
        for i in stride(from: products - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(i + 1)) }
        var category = [Int32](repeating: 0, count: products)
        var kind = [SyntheticOrders.ProductKind](repeating: .main, count: products)
        var accessoryOf = [Int32](repeating: -1, count: products)
        var priceCents = [Int64](repeating: 0, count: products)
        var mains: [WeightedPicker] = [], consumables: [WeightedPicker] = []
        var rank = [Int](repeating: 0, count: products)
        var members = [[Int32]](repeating: [], count: k)
        for (i, p) in order.enumerated() {
            category[Int(p)] = Int32(i % k)
            rank[Int(p)] = i / k
            members[i % k].append(p)
            switch (i / k) % 10 {
            case 0..<5: kind[Int(p)] = .main
            case 5..<8: kind[Int(p)] = .accessory
            default: kind[Int(p)] = .consumable
            }
        }
        func weight(_ p: Int32) -> Double { 1 / pow(Double(rank[Int(p)] + 1), 1.1) }
        var accessoryLists = [[Int32]](repeating: [], count: products)
        for c in 0..<k {
            let mainItems = members[c].filter { kind[Int($0)] == .main }
            let consumableItems = members[c].filter { kind[Int($0)] == .consumable }
            let mainPicker = WeightedPicker(mainItems, weights: mainItems.map(weight))
            mains.append(mainPicker)
            consumables.append(WeightedPicker(consumableItems, weights: consumableItems.map(weight)))
            for p in mainItems {
                priceCents[Int(p)] = max(100, Int64((15000 * exp(0.9 * rng.nextGaussian())).rounded()))
            }
            for p in consumableItems {
                priceCents[Int(p)] = max(50, Int64((1500 * exp(0.6 * rng.nextGaussian())).rounded()))
            }
            for p in members[c] where kind[Int(p)] == .accessory {
                let owner = mainPicker.pick(&rng)
                accessoryOf[Int(p)] = owner
                accessoryLists[Int(owner)].append(p)
                let share = 0.05 + 0.15 * rng.nextDouble()
                priceCents[Int(p)] = max(50, Int64((Double(priceCents[Int(owner)]) * share).rounded()))
            }
        }
        self.category = category
        self.kind = kind
        self.accessoryOf = accessoryOf
        self.priceCents = priceCents
        self.mains = mains
        self.consumables = consumables
        accessories = accessoryLists.map { WeightedPicker($0, weights: $0.map(weight)) }

        let segments = min(SyntheticOrders.segmentNames.count, customers)
        var shuffled = Array(0..<Int32(k))
        for i in stride(from: k - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.nextInt(i + 1)) }
        preferred = (0..<segments).map { s in [shuffled[(2 * s) % k], shuffled[(2 * s + 1) % k]] }
        let segmentPicker = WeightedPicker(Array(0..<Int32(segments)),
                                           weights: (0..<segments).map { 1 / pow(Double($0 + 1), 0.7) })
        segmentOfCustomer = (0..<customers).map { _ in segmentPicker.pick(&rng) }

        // Styles cut across categories: every main product and consumable gets a uniform
        // random style; customers get one or two, independently of their segment.
        styleCount = max(1, products / SyntheticOrders.productsPerStyle)
        var style = [Int32](repeating: -1, count: products)
        var styleMembers = [[Int32]](repeating: [], count: styleCount)
        for p in 0..<products where kind[p] != .accessory {
            let s = rng.nextInt(styleCount)
            style[p] = Int32(s)
            styleMembers[s].append(Int32(p))
        }
        self.style = style
        styles = styleMembers.map { WeightedPicker($0, weights: $0.map(weight)) }
        var personalStyles: [[Int32]] = [], personalShare: [Double] = []
        personalStyles.reserveCapacity(customers); personalShare.reserveCapacity(customers)
        for _ in 0..<customers {
            let first = Int32(rng.nextInt(styleCount))
            personalStyles.append(rng.nextDouble() < 0.5 ? [first, Int32(rng.nextInt(styleCount))] : [first])
            personalShare.append(SyntheticOrders.personalShareRange.lowerBound
                + (SyntheticOrders.personalShareRange.upperBound - SyntheticOrders.personalShareRange.lowerBound) * rng.nextDouble())
        }
        self.personalStyles = personalStyles
        self.personalShare = personalShare
    }

    /// A product from one of customer `u`'s personal styles, or nil when that style is empty.
    @inline(__always)
    func personalProduct(for u: Int, _ rng: inout SplitMix64) -> Int32? {
        let own = personalStyles[u]
        let picker = styles[Int(own[own.count == 1 ? 0 : rng.nextInt(own.count)])]
        return picker.isEmpty ? nil : picker.pick(&rng)
    }

    /// A category for a segment-driven purchase of customer `u` (see ``SyntheticOrders`` for the mix).
    @inline(__always)
    func category(for u: Int, _ rng: inout SplitMix64) -> Int {
        let x = rng.nextDouble()
        let pref = preferred[Int(segmentOfCustomer[u])]
        if x < 0.55 { return Int(pref[0]) }
        if x < 0.85 { return Int(pref[1]) }
        return rng.nextInt(categoryCount)
    }
}
