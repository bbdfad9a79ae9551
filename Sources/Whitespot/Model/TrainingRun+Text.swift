extension TrainingRun {
    /// Mean seconds per iteration run (0 when none ran).
    public var secondsPerIteration: Double {
        iterationSeconds.isEmpty ? 0 : iterationSeconds.reduce(0, +) / Double(iterationSeconds.count)
    }

    /// What training did, in one line for people: customers × products, purchases, factors,
    /// iterations (and why fewer ran than `asked` allowed), seconds and the final loss; for an
    /// item-item model its λ, rows and half-life instead of factors and iterations; for an
    /// ensemble its weight v and both.
    ///
    /// ```
    /// Trained 3,898 customers × 167 products (34,766 purchases): 16 factors, 6 iterations, 0.1 s (0.01 s/iteration)
    /// ```
    public func text(asked: TrainingParameters) -> String {
        var text = "Trained \(TextFormat.count(model.customers.count)) customers × \(TextFormat.count(model.products.count)) products"
        if let e = model.ease {
            let item = "EASE, λ \(e.regularization), rows \(e.rows.rawValue)" + (e.halfLifeDays.map { ", half-life \($0) d" } ?? "")
                + (e.neighbours.map { ", \($0) weights kept per product" } ?? "")
            if let v = model.ensembleWeight {
                text += " (\(TextFormat.count(pairs)) purchases): ensemble, v = \(v) of ALS (\(model.factors) factors, "
                    + "\(iterationSeconds.count) iterations) and 1 − v of \(item)"
                return text + ", \(TextFormat.amount(fitSeconds, decimals: 1)) s"
            }
            return text + " (\(TextFormat.count(pairs)) purchases): item-item (\(item)), \(TextFormat.amount(fitSeconds, decimals: 1)) s"
        }
        let ran = iterationSeconds.count
        text += " (\(TextFormat.count(pairs)) purchases): \(asked.factors) factors, \(ran) iterations"
        text += ran < asked.iterations
            ? " (stopped early: the last one lowered the loss by less than \(TextFormat.amount((asked.tolerance ?? 0) * 100, decimals: 2)) %),"
            : ","
        text += " \(TextFormat.amount(fitSeconds, decimals: 1)) s (\(TextFormat.amount(secondsPerIteration, decimals: 2)) s/iteration)"
        if let last = losses.last { text += ", final loss \(TextFormat.amount(last, decimals: 5))" }
        return text
    }
}
