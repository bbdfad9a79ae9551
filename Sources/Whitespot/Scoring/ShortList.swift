/// Why a customer received fewer whitespots than the list length asked for.
public enum ShortListCause: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    /// They have bought (nearly) every product the candidate options leave: exclusions,
    /// `--categories`, or simply a small catalogue.
    case fewProductsLeft = "few-products-left"
    /// The rest are products nobody bought within the active window (product life cycle).
    case inactiveProducts = "inactive-products"
    /// The rest are variants of products they already buy (same name under another code).
    case variants

    /// A phrase for the summary: "12 customers: ...".
    public var phrase: String {
        switch self {
        case .fewProductsLeft: return "have bought nearly every product the options leave"
        case .inactiveProducts: return "the other products they have not bought no longer sell"
        case .variants: return "the other products are variants of what they buy"
        }
    }
}

extension Scorer {
    /// Why customer `u` has fewer than `top` whitespots: the first filter after which fewer
    /// than `top` candidates remain (products not bought or re-activated, then chosen by the
    /// candidate options, then active, then not variants). Nil when they have enough.
    /// - Complexity: O(products · log(the customer's purchases)).
    public func shortfall(ofCustomer u: Int) -> ShortListCause? {
        let top = configuration.top
        var left = 0, active = 0, offerable = 0
        for i in 0..<data.products.count where chosen[i] {
            if let k = data.purchases.pair(customer: u, product: i), data.purchases.lastDay[k] >= reactivationDay { continue }
            left += 1
            guard eligible[i] else { continue }
            active += 1
            if !isVariantOfPurchase(i, customer: u) { offerable += 1 }
        }
        if left < top { return .fewProductsLeft }
        if active < top { return .inactiveProducts }
        return offerable < top ? .variants : nil
    }
}
