extension EvaluationSummary.ProfileFact {
    /// The data-profile facts of the report from what ingest read: lines read and kept, dates,
    /// what was dropped or netted, the product level and where segments came from.
    ///
    /// ```swift
    /// let run = try HeldOutEvaluation.run(lines, orders: "orders.csv", options: options,
    ///                                     profile: EvaluationSummary.ProfileFact.facts(of: report))
    /// ```
    public static func facts(of r: IngestReport) -> [EvaluationSummary.ProfileFact] {
        var facts: [EvaluationSummary.ProfileFact] = [
            .init("Order lines read", Double(r.linesRead)), .init("Order lines kept", Double(r.linesKept)),
        ]
        if let range = r.dateRange { facts.append(.init("Dates", text: range)) }
        if r.noCustomer > 0 { facts.append(.init("Lines without a customer (dropped)", Double(r.noCustomer))) }
        if r.excluded > 0 { facts.append(.init("Lines of excluded products (dropped)", Double(r.excluded))) }
        if r.returnLines > 0 { facts.append(.init("Return lines (netted against purchases)", Double(r.returnLines))) }
        if r.skippedCount > 0 { facts.append(.init("Bad lines skipped", Double(r.skippedCount))) }
        if let level = r.productLevel { facts.append(.init("Products rolled up to", text: level)) }
        if r.customersFromFile > 0 {
            facts.append(.init("Segments", text: "from the customer file, a snapshot of today: they may postdate the cutoff"))
        }
        return facts
    }
}
