extension RankingMethod {
    /// The item–item model: score = (x_u · B)_i, the raw EASE score of the customer's train row
    /// x_u (``EASEParameters/rowValue(lines:ageDays:)``, ages to the last day of `matrix`) against
    /// the kept weights `weights`, accumulated row by row over the purchases.
    public static func itemItem(
        matrix: PurchaseMatrix, weights: ItemWeights, ease: EASEParameters, parameters: [MethodParameter]
    ) -> RankingMethod {
        let n = matrix.productCount, today = matrix.lastDay.max() ?? 0
        return RankingMethod(
            name: .itemItem, parameters: parameters,
            scores: .perCustomer { customers, scores in
                for (r, u) in customers.enumerated() {
                    let row = scores + r * n
                    row.update(repeating: 0, count: n)
                    for k in matrix.pairs(ofCustomer: Int(u)) {
                        let v = ease.rowValue(lines: matrix.lines[k], ageDays: today - matrix.lastDay[k])
                        weights.accumulate(row: Int(matrix.product[k]), times: v, into: row)
                    }
                }
            })
    }
}
