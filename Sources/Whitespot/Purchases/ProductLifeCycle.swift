/// When each product last sold, and the trailing window that tells whether it still sells.
///
/// A product is **active** at a reference day R with a window of W days when someone bought it
/// (a line with positive quantity) on a day in [R − W, R). Inactive products are never offered,
/// neither as whitespots nor as deep-sells: nobody buys them any more (discontinued, replaced
/// by a new code, out of season for longer than the data shows).
///
/// The **default window** comes from the data, as the shortest whole number of weeks W (at least
/// ``minimumWindowDays``, at most ``maximumWindowDays``) for which a product that still sells
/// rarely looks dead: over every product's selling life (its first to its last sale day), the
/// days that lie more than W days after the product's previous sale are at most
/// ``silenceShare`` of all days. With the gaps g between consecutive sale days of every
/// product, that share is Σ max(0, g − W) / Σ g. Products that sold on one day only give no gap.
///
/// With the default window each product also gets **its own rhythm**: a product is inactive
/// only when its silence exceeds both the default window and the longest gap between two of its
/// own consecutive sale days (``longestGap``), never more than ``maximumWindowDays``
/// (``productWindow(_:base:)``): a product that has already been silent that long and sold
/// again is not dead yet (one window for all drops slow sellers that still sell). The longest
/// gap, not a quantile: the rule needs only the evidence that the product came back after such a
/// silence, and a quantile would call dead a product whose silence is within what it has shown.
/// An explicit window (``ScoringConfiguration/activeWithinDays``) stays one plain window for
/// every product.
///
/// ```swift
/// let life = ProductLifeCycle(productCount: 3, product: [0, 0, 1], day: [10, 40, 12], quantity: [1, 2, 1])
/// life.lastSale          // [40, 12, Int32.min]
/// life.longestGap        // [30, 0, 0]
/// life.isActive(2, window: 28, referenceDay: 50)   // false: never sold
/// life.productWindow(0, base: 28)                  // 30: product 0 once went 30 days without a sale
/// ```
public struct ProductLifeCycle: Sendable, Equatable {
    /// Largest share of the products' selling days that may lie beyond the window (1 %).
    public static let silenceShare = 0.01
    /// Shortest default window (four weeks).
    public static let minimumWindowDays = 28
    /// Longest default window (a year).
    public static let maximumWindowDays = 364

    /// Last sale day of each product (`Int32.min` when it never sold).
    public let lastSale: [Int32]
    /// The data-derived default window in days (see the type's documentation).
    public let defaultWindowDays: Int
    /// Longest gap in days between two consecutive sale days of each product (0 when it sold on
    /// one day or never).
    public let longestGap: [Int32]

    /// The life cycle of `productCount` products from order lines given as parallel columns;
    /// lines with a product index below 0 or a quantity ≤ 0 are ignored.
    /// - Complexity: O(lines + products · days / 64 + gaps · log gaps).
    public init(productCount: Int, product: [Int32], day: [Int32], quantity: [Double]) {
        var last = [Int32](repeating: .min, count: productCount)
        var first = Int32.max, latest = Int32.min
        for j in product.indices where product[j] >= 0 && quantity[j] > 0 {
            let i = Int(product[j])
            last[i] = max(last[i], day[j])
            first = min(first, day[j]); latest = max(latest, day[j])
        }
        self.lastSale = last
        guard first <= latest else {
            self.defaultWindowDays = ProductLifeCycle.minimumWindowDays
            self.longestGap = [Int32](repeating: 0, count: productCount)
            return
        }
        // Sale days per product as a bitset over the data's day range (one bit per day).
        let span = Int(latest - first) + 1, words = (span + 63) / 64
        var sold = [UInt64](repeating: 0, count: productCount * words)
        for j in product.indices where product[j] >= 0 && quantity[j] > 0 {
            let d = Int(day[j] - first)
            sold[Int(product[j]) * words + d / 64] |= 1 << UInt64(d % 64)
        }
        var gaps: [Int32] = []
        var longest = [Int32](repeating: 0, count: productCount)
        for i in 0..<productCount {
            var previous = -1
            for w in 0..<words {
                var bits = sold[i * words + w]
                while bits != 0 {
                    let d = w * 64 + bits.trailingZeroBitCount
                    if previous >= 0 {
                        let gap = Int32(d - previous)
                        gaps.append(gap)
                        longest[i] = max(longest[i], gap)
                    }
                    previous = d
                    bits &= bits - 1
                }
            }
        }
        self.longestGap = longest
        self.defaultWindowDays = ProductLifeCycle.window(gaps: gaps)
    }

    /// The shortest whole number of weeks W in the clamp range with Σ max(0, g − W) ≤
    /// ``silenceShare`` · Σ g over `gaps`.
    static func window(gaps: [Int32]) -> Int {
        let sorted = gaps.sorted(by: >)
        let total = sorted.reduce(0.0) { $0 + Double($1) }
        guard total > 0 else { return minimumWindowDays }
        var suffix = 0.0, count = 0
        // Walk W upward in weeks; gaps longer than W are a prefix of the descending order.
        var beyond: [(sum: Double, count: Int)] = []
        for g in sorted { suffix += Double(g); count += 1; beyond.append((suffix, count)) }
        for w in stride(from: minimumWindowDays, through: maximumWindowDays, by: 7) {
            // Number of gaps longer than w: binary search in the descending order.
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(sorted[mid]) > w { lo = mid + 1 } else { hi = mid }
            }
            let silent = lo == 0 ? 0 : beyond[lo - 1].sum - Double(w) * Double(beyond[lo - 1].count)
            if silent <= silenceShare * total { return w }
        }
        return maximumWindowDays
    }

    /// Product `i`'s own window under a default window of `base` days: the larger of `base` and
    /// the product's ``longestGap``, at most ``maximumWindowDays`` (never below `base`).
    public func productWindow(_ i: Int, base: Int) -> Int {
        max(base, min(Int(longestGap[i]), ProductLifeCycle.maximumWindowDays))
    }

    /// Whether product `i` is active at `referenceDay` under the default window of `base` days
    /// with its own rhythm (``productWindow(_:base:)``); always true when `base` is 0 (off).
    public func isActive(_ i: Int, base: Int, referenceDay: Int32) -> Bool {
        isActive(i, window: base == 0 ? 0 : productWindow(i, base: base), referenceDay: referenceDay)
    }

    /// Whether product `i` sold in the `window` days before `referenceDay` (always true when
    /// `window` is 0: the life-cycle rule is off).
    @inlinable public func isActive(_ i: Int, window: Int, referenceDay: Int32) -> Bool {
        window == 0 || (lastSale[i] != .min && Int(lastSale[i]) >= Int(referenceDay) - window)
    }
}
