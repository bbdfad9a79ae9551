#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The order-line side of ``SyntheticOrders``: activity, baskets, personal styles, later
/// accessories, repeats and returns.
struct PlantedLines {
    let parameters: SyntheticOrders.Parameters
    let catalog: PlantedCatalog
    var customer: [Int32] = [], product: [Int32] = [], day: [Int32] = [], quantity: [Int32] = []

    init(parameters: SyntheticOrders.Parameters, catalog: PlantedCatalog) {
        self.parameters = parameters
        self.catalog = catalog
        customer.reserveCapacity(parameters.lines); product.reserveCapacity(parameters.lines)
        day.reserveCapacity(parameters.lines); quantity.reserveCapacity(parameters.lines)
    }

    /// Lines per customer: Pareto(1.6) weights (capped at 50) scaled to the total; the
    /// remainder of the rounding goes one each to the first customers.
    private func linesPerCustomer(_ rng: inout SplitMix64) -> [Int] {
        let n = parameters.customers
        let weights = (0..<n).map { _ in min(50, pow(1 - rng.nextDouble(), -1 / 1.6)) }
        let total = weights.reduce(0, +)
        var counts = weights.map { Int(Double(parameters.lines) * $0 / total) }
        var rest = parameters.lines - counts.reduce(0, +)
        var u = 0
        while rest > 0 { counts[u % n] += 1; rest -= 1; u += 1 }
        return counts
    }

    private mutating func add(_ u: Int, _ p: Int32, _ d: Int, _ q: Int) {
        customer.append(Int32(u)); product.append(p); day.append(Int32(d)); quantity.append(Int32(q))
    }

    /// Generates every customer's orders.
    mutating func generate(rng: inout SplitMix64) {
        let days = parameters.days
        let counts = linesPerCustomer(&rng)
        var history: [Int32] = []
        for u in 0..<parameters.customers {
            var remaining = counts[u]
            guard remaining > 0 else { continue }
            history.removeAll(keepingCapacity: true)
            let start = rng.nextInt(max(1, days * 7 / 10))
            let end = rng.nextDouble() < 0.25 ? start + rng.nextInt(days - start) : days - 1
            while remaining > 0 {
                let d = start + rng.nextInt(end - start + 1)
                var basket = 1
                while basket < 5, rng.nextDouble() < 0.5 { basket += 1 }
                basket = min(basket, remaining)
                while basket > 0 {
                    var p: Int32, q: Int
                    if !history.isEmpty, rng.nextDouble() < 0.3 {
                        p = history[rng.nextInt(history.count)]
                        q = 1 + rng.nextInt(6)
                    } else if rng.nextDouble() < catalog.personalShare[u],
                              let own = catalog.personalProduct(for: u, &rng) {
                        p = own
                        if catalog.kind[Int(p)] == .consumable {
                            q = 1 + rng.nextInt(10)
                            history.append(p)
                        } else {
                            q = rng.nextDouble() < 0.1 ? 2 : 1
                        }
                    } else {
                        let c = catalog.category(for: u, &rng)
                        let consumables = catalog.consumables[c]
                        if consumables.isEmpty || rng.nextDouble() < 0.65 {
                            p = catalog.mains[c].pick(&rng)
                            q = rng.nextDouble() < 0.1 ? 2 : 1
                        } else {
                            p = consumables.pick(&rng)
                            q = 1 + rng.nextInt(10)
                            history.append(p)
                        }
                    }
                    add(u, p, d, q); basket -= 1; remaining -= 1
                    if remaining > 0, rng.nextDouble() < parameters.returnRate {
                        add(u, p, min(days - 1, d + 1 + rng.nextInt(15)), -q); remaining -= 1
                        basket = min(basket, remaining)
                    }
                    let accessories = catalog.accessories[Int(p)]
                    if remaining > 0, !accessories.isEmpty, rng.nextDouble() < SyntheticOrders.accessoryRate {
                        let on = rng.nextDouble() < SyntheticOrders.sameOrderAccessoryShare ? d
                            : d + SyntheticOrders.accessoryDelay.lowerBound + rng.nextInt(SyntheticOrders.accessoryDelay.count)
                        if on <= end {
                            add(u, accessories.pick(&rng), on, 1 + rng.nextInt(2)); remaining -= 1
                            basket = min(max(0, basket - 1), remaining)
                        }
                    }
                }
            }
        }
    }

    /// The lines in day order (stable counting sort), with days offset by `firstDay`.
    func sortedByDay(firstDay: Int32) -> ([Int32], [Int32], [Int32], [Int32]) {
        let n = customer.count, days = parameters.days
        var start = [Int](repeating: 0, count: days + 1)
        for d in day { start[Int(d) + 1] += 1 }
        for d in 0..<days { start[d + 1] += start[d] }
        var c = [Int32](repeating: 0, count: n), p = c, dd = c, q = c
        for i in 0..<n {
            let d = Int(day[i]), k = start[d]
            start[d] = k + 1
            c[k] = customer[i]; p[k] = product[i]; dd[k] = day[i] + firstDay; q[k] = quantity[i]
        }
        return (c, p, dd, q)
    }
}
