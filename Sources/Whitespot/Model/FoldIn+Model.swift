extension FoldIn {
    /// Prepares fold-in against a trained model's product factors and regularisation.
    ///
    /// ```swift
    /// let x = FoldIn(model: model).foldIn(productIndices: [3, 17], confidences: [2.1, 1.7])
    /// ```
    public init(model: WhitespotModel) {
        self.init(productFactors: model.productFactors, factors: model.factors,
                  regularization: model.parameters.regularization)
    }
}
