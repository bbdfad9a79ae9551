@testable import Whitespot

/// Synthetic order lines with structure: customers in `groups` groups, each group buying
/// mostly from its own block of products, plus noise. Deterministic in `seed`.
func syntheticLines(customers: Int = 80, products: Int = 40, lines: Int = 900, groups: Int = 4, seed: UInt64 = 7) -> OrderLines {
    var rng = SplitMix64(seed: seed)
    var out = OrderLines()
    for u in 0 ..< customers { out.customers.intern("C\(u)") }
    for i in 0 ..< products { out.products.intern("P\(i)") }
    let segment = ["Retail", "Wholesale"].map { out.segments.intern($0) }
    let block = products / groups
    for _ in 0 ..< lines {
        let u = Int(rng.next() % UInt64(customers))
        let g = u % groups
        let i = rng.next() % 5 == 0 ? Int(rng.next() % UInt64(products)) : g * block + Int(rng.next() % UInt64(block))
        let q = Double(1 + rng.next() % 4)
        out.append(customer: Int32(u), product: Int32(i), day: Int32(19_000 + Int(rng.next() % 365)),
                   quantity: q, revenue: q * 9.5, segment: segment[u % 2])
    }
    return out
}

/// Small hyper-parameters for fast tests.
func smallParameters(solver: TrainingParameters.Solver = .cg, threads: Int = 1) -> TrainingParameters {
    var p = TrainingParameters()
    p.factors = 8
    p.iterations = 6
    p.regularization = 0.1
    p.solver = solver
    p.threads = threads
    return p
}
