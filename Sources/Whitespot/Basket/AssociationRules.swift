/// One association rule A → C with the metrics exactly as mlxtend's `association_rules` defines them.
///
/// With N baskets and n(X) the number of baskets containing every item of X:
/// - antecedent support s(A) = n(A) / N, consequent support s(C) = n(C) / N
/// - support s(A ∪ C) = n(A ∪ C) / N
/// - confidence = s(A ∪ C) / s(A)
/// - lift = confidence / s(C)
/// - leverage = s(A ∪ C) − s(A) · s(C)
/// - conviction = (1 − s(C)) / (1 − confidence), +∞ when confidence = 1
public struct AssociationRule: Sendable, Equatable {
    /// Antecedent product indices, ascending.
    public let antecedent: [Int32]
    /// Consequent product indices, ascending.
    public let consequent: [Int32]
    /// s(A).
    public let antecedentSupport: Double
    /// s(C).
    public let consequentSupport: Double
    /// s(A ∪ C).
    public let support: Double
    /// s(A ∪ C) / s(A).
    public let confidence: Double
    /// confidence / s(C).
    public let lift: Double
    /// s(A ∪ C) − s(A) · s(C).
    public let leverage: Double
    /// (1 − s(C)) / (1 − confidence); +∞ when confidence = 1.
    public let conviction: Double

    /// A rule from the basket counts n(A), n(C), n(A ∪ C) out of N baskets.
    public init(antecedent: [Int32], consequent: [Int32], antecedentCount: Int, consequentCount: Int, count: Int, baskets: Int) {
        let n = Double(baskets)
        let sA = Double(antecedentCount) / n, sC = Double(consequentCount) / n, s = Double(count) / n
        let confidence = s / sA
        self.antecedent = antecedent
        self.consequent = consequent
        self.antecedentSupport = sA
        self.consequentSupport = sC
        self.support = s
        self.confidence = confidence
        self.lift = confidence / sC
        self.leverage = s - sA * sC
        self.conviction = confidence >= 1 ? .infinity : (1 - sC) / (1 - confidence)
    }
}

/// Frequent itemsets (Apriori) and the association rules between them.
///
/// Itemsets of up to `maxLength` (2 or 3) products with support ≥ `minSupport`; from each
/// itemset X of 2 or more items, every rule A → X \ A with A a non-empty proper subset and
/// confidence ≥ `minConfidence` (as mlxtend's `apriori` + `association_rules(metric="confidence")`).
/// Rules are ordered by lift, then confidence, then support (all descending), then by the
/// ids of antecedent and consequent in byte order.
///
/// ```swift
/// let analysis = BasketAnalysis(Baskets(lines), minSupport: 0.001, minConfidence: 0.1)
/// for rule in analysis.rules.prefix(10) { print(analysis.describe(rule)) }
/// ```
public struct BasketAnalysis: Sendable {
    /// The baskets analysed.
    public let baskets: Baskets
    /// Smallest support of a frequent itemset.
    public let minSupport: Double
    /// Smallest confidence of a rule.
    public let minConfidence: Double
    /// Largest itemset size.
    public let maxLength: Int
    /// Number of frequent itemsets by size (index 0: single products).
    public let frequentCounts: [Int]
    /// The rules, best first.
    public let rules: [AssociationRule]
    /// Baskets left out of pair counting (and triple counting) because they hold more than
    /// ``maxPairBasket`` frequent products.
    public let oversizedForPairs: Int
    /// Baskets left out of triple counting because they hold more than ``maxTripleBasket``
    /// frequent products (those over ``maxPairBasket`` included).
    public let oversizedForTriples: Int
    /// The most frequent products in one basket.
    public let largestBasket: Int
    /// Frequent pairs found but not turned into rules because there were more than
    /// ``maxFrequentItemsets`` (0 when within the limit).
    public let droppedPairs: Int
    /// Frequent triples found but not turned into rules (more than ``maxFrequentItemsets``).
    public let droppedTriples: Int

    /// Most frequent pairs, and most frequent triples, turned into rules (each gives up to 2
    /// or 6 rules): beyond it the support threshold is far too low for the baskets (a few
    /// huge baskets make every combination frequent) and the rules would take gigabytes.
    public static let maxFrequentItemsets = 200_000

    /// Largest basket (in frequent products) whose pairs are counted: a basket of m products
    /// holds m(m − 1)/2 pairs, so one order of 5,000 lines would be 12.5 million pairs and as many
    /// candidate rules. Larger baskets still count towards single-product supports and N.
    public static let maxPairBasket = 500
    /// Largest basket whose triples are counted (m(m − 1)(m − 2)/6 candidates: 2.6 million at 250).
    public static let maxTripleBasket = 250

    /// Mines `baskets`.
    /// - Precondition: `maxLength` is 2 or 3.
    /// - Complexity: O(Σ_b m_b^maxLength) over baskets with m_b frequent products, each m_b at
    ///   most ``maxPairBasket`` (pairs) or ``maxTripleBasket`` (triples): larger baskets are left
    ///   out of those counts and reported in ``oversizedForPairs`` and ``oversizedForTriples``.
    public init(_ baskets: Baskets, minSupport: Double, minConfidence: Double, maxLength: Int = 2) {
        precondition(maxLength == 2 || maxLength == 3, "maxLength must be 2 or 3")
        let n = baskets.count
        // Frequent: support = count / N ≥ minSupport, compared as mlxtend compares it.
        func isFrequentCount(_ c: Int) -> Bool { c > 0 && Double(c) / Double(n) >= minSupport }
        var single = [Int](repeating: 0, count: baskets.products.count)
        for item in baskets.itemsFlat { single[Int(item)] += 1 }
        let frequent = single.indices.filter { isFrequentCount(single[$0]) }
        var isFrequent = [Bool](repeating: false, count: single.count)
        for i in frequent { isFrequent[i] = true }

        // Pairs of frequent products.
        var pairs: [UInt64: Int] = [:]
        var scratch: [Int32] = []
        var largest = 0, oversizedForPairs = 0, oversizedForTriples = 0
        for b in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            for item in baskets.items(of: b) where isFrequent[Int(item)] { scratch.append(item) }
            largest = max(largest, scratch.count)
            guard scratch.count <= BasketAnalysis.maxPairBasket else { oversizedForPairs += 1; continue }
            for x in 0..<scratch.count {
                for y in (x + 1)..<max(x + 1, scratch.count) { pairs[BasketAnalysis.key(scratch[x], scratch[y]), default: 0] += 1 }
            }
        }
        pairs = pairs.filter { isFrequentCount($0.value) }
        var droppedPairs = 0, droppedTriples = 0
        if pairs.count > BasketAnalysis.maxFrequentItemsets {
            droppedPairs = pairs.count
            pairs = [:]
        }

        // Triples whose three pairs are frequent.
        var triples: [[Int32]: Int] = [:]
        if maxLength == 3 {
            for b in 0..<n {
                scratch.removeAll(keepingCapacity: true)
                for item in baskets.items(of: b) where isFrequent[Int(item)] { scratch.append(item) }
                let m = scratch.count
                guard m >= 3 else { continue }
                guard m <= BasketAnalysis.maxTripleBasket else { oversizedForTriples += 1; continue }
                for x in 0..<(m - 2) {
                    for y in (x + 1)..<(m - 1) where pairs[BasketAnalysis.key(scratch[x], scratch[y])] != nil {
                        for z in (y + 1)..<m
                        where pairs[BasketAnalysis.key(scratch[x], scratch[z])] != nil
                            && pairs[BasketAnalysis.key(scratch[y], scratch[z])] != nil {
                            triples[[scratch[x], scratch[y], scratch[z]], default: 0] += 1
                        }
                    }
                }
            }
            triples = triples.filter { isFrequentCount($0.value) }
            if triples.count > BasketAnalysis.maxFrequentItemsets {
                droppedTriples = triples.count
                triples = [:]
            }
        }

        func count(_ items: [Int32]) -> Int {
            switch items.count {
            case 1: return single[Int(items[0])]
            case 2: return pairs[BasketAnalysis.key(items[0], items[1])] ?? 0
            default: return triples[items] ?? 0
            }
        }
        var rules: [AssociationRule] = []
        func emit(_ itemset: [Int32], _ together: Int) {
            let m = itemset.count
            for mask in 1..<((1 << m) - 1) {
                let a = (0..<m).filter { mask & (1 << $0) != 0 }.map { itemset[$0] }
                let c = (0..<m).filter { mask & (1 << $0) == 0 }.map { itemset[$0] }
                let nA = count(a)
                guard nA > 0, Double(together) / Double(nA) >= minConfidence else { continue }
                rules.append(AssociationRule(antecedent: a, consequent: c, antecedentCount: nA,
                                             consequentCount: count(c), count: together, baskets: n))
            }
        }
        for (key, together) in pairs { emit([Int32(key >> 32), Int32(key & 0xffff_ffff)], together) }
        for (itemset, together) in triples { emit(itemset, together) }

        let rank = baskets.products.byteOrderRanks()
        func ids(_ items: [Int32]) -> [Int32] { items.map { rank[Int($0)] }.sorted() }
        rules.sort { l, r in
            if l.lift != r.lift { return l.lift > r.lift }
            if l.confidence != r.confidence { return l.confidence > r.confidence }
            if l.support != r.support { return l.support > r.support }
            let la = ids(l.antecedent), ra = ids(r.antecedent)
            if la != ra { return la.lexicographicallyPrecedes(ra) }
            return ids(l.consequent).lexicographicallyPrecedes(ids(r.consequent))
        }
        self.baskets = baskets
        self.minSupport = minSupport
        self.minConfidence = minConfidence
        self.maxLength = maxLength
        self.frequentCounts = [frequent.count, pairs.count] + (maxLength == 3 ? [triples.count] : [])
        self.rules = rules
        self.oversizedForPairs = oversizedForPairs
        self.oversizedForTriples = oversizedForTriples
        self.largestBasket = largest
        self.droppedPairs = droppedPairs
        self.droppedTriples = droppedTriples
    }

    /// The key of an unordered pair of product indices.
    static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        let (lo, hi) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(lo)) << 32 | UInt64(UInt32(hi))
    }

    /// The products of `items` for people, joined with ", ": each id followed by its name in
    /// parentheses when the data names it (`22423 (REGENCY CAKESTAND 3 TIER)`), else the id alone.
    public func names(_ items: [Int32]) -> String {
        items.map { item in
            let id = baskets.products[Int(item)]
            return productName(item).map { "\(id) (\($0))" } ?? id
        }.joined(separator: ", ")
    }

    /// The display name of product `item`, when the data names it.
    public func productName(_ item: Int32) -> String? {
        baskets.productNames.isEmpty ? nil : baskets.productNames[Int(item)]
    }
}
