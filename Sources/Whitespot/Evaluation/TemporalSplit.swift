/// A held-out split of order lines at a cutoff day, as shared/EVALUATION.md defines it.
///
/// - **Train** = lines dated before the cutoff T; **test** = lines dated on or after T.
/// - The catalogue = products with a line in train; customers = customers with a line in train.
///   ``train`` is re-indexed so that its customer and product vocabularies hold exactly those
///   (in first-seen order of the train lines); its segment, order and category vocabularies are
///   the input's.
/// - "Bought" means a pair of a ``PurchaseMatrix``: positive net quantity after returns.
///   *Bought in train* nets the train lines only; *bought in test* nets the test lines only,
///   so a test-period return cancels a test-period purchase of the same product, and a return
///   in test of something bought in train makes nothing relevant.
/// - A customer is **evaluated** when they bought in test at least one catalogue product they
///   did not buy in train; those products are their **relevant set** R. Products first sold
///   after T and customers first seen after T are not evaluated.
/// - A customer's segment is computed from train only (``CustomerSegments``: the segment on
///   their latest train line; RFM with the reference day T).
///
/// ```swift
/// let split = try TemporalSplit(lines, cutoff: Days.from(year: 2019, month: 7, day: 1), segmentBy: .column)
/// split.counts.evaluatedCustomers   // 312
/// ```
public struct TemporalSplit: Sendable {
    /// The cutoff day T (days since 1970-01-01): the first day of the test period.
    public let cutoff: Int32
    /// Train lines (dated before T), re-indexed to the train customers and catalogue.
    public let train: OrderLines
    /// The train purchase matrix (customers × catalogue).
    public let matrix: PurchaseMatrix
    /// The test purchase matrix: test lines of train customers and catalogue products, netted
    /// per pair (for judging deep-sells: did they buy more than before?).
    public let test: PurchaseMatrix
    /// Days in the test period: from the cutoff to the last day of the data, inclusive.
    public let testDays: Int
    /// Segments of the train customers (from train lines only).
    public let segments: CustomerSegments
    /// How ``segments`` were formed.
    public let segmentSource: SegmentSource
    /// Evaluated customers (train indices), ascending.
    public let evaluated: [Int32]
    /// Offsets of each evaluated customer's relevant products in ``relevant``:
    /// customer `evaluated[e]` has `relevant[relevantStart[e] ..< relevantStart[e+1]]`.
    public let relevantStart: [Int]
    /// Relevant products (catalogue indices), ascending within a customer.
    public let relevant: [Int32]
    /// The sizes of the split.
    public let counts: Counts

    /// The sizes of a split, as every evaluation reports them.
    public struct Counts: Codable, Sendable, Equatable {
        /// Customers with a train line.
        public var customers: Int
        /// Catalogue size: products with a train line.
        public var products: Int
        /// (customer, product) pairs bought in train.
        public var trainPairs: Int
        /// Customers with a non-empty relevant set.
        public var evaluatedCustomers: Int
        /// Relevant (customer, product) pairs: Σ |R| over evaluated customers.
        public var testPairs: Int
        /// Order lines before the cutoff.
        public var trainLines: Int
        /// Order lines on or after the cutoff (all of them, before any filtering).
        public var testLines: Int
    }

    /// Splits `lines` at `cutoff`.
    ///
    /// - Throws: ``EvaluationError`` when the cutoff leaves no train lines, no test lines, or no
    ///   evaluated customer.
    /// - Complexity: O(lines · log(row length)).
    public init(_ lines: OrderLines, cutoff: Int32, segmentBy source: SegmentSource) throws {
        var first = Int32.max, last = Int32.min
        for d in lines.day { first = min(first, d); last = max(last, d) }
        guard lines.count > 0 else { throw EvaluationError.noOrders }
        guard cutoff > first else {
            throw EvaluationError.cutoffBeforeData(cutoff: cutoff, firstDay: first)
        }
        guard cutoff <= last else {
            throw EvaluationError.cutoffAfterData(cutoff: cutoff, lastDay: last)
        }

        let (train, customerMap, productMap) = lines.before(cutoff)
        let customers = train.customers, products = train.products
        let testLines = lines.count - train.count

        // Test lines of train customers and catalogue products, netted per pair.
        var tc: [Int32] = [], tp: [Int32] = [], td: [Int32] = [], tq: [Double] = [], tr: [Double] = []
        for i in 0..<lines.count where lines.day[i] >= cutoff {
            let c = customerMap[Int(lines.customer[i])], p = productMap[Int(lines.product[i])]
            guard c >= 0, p >= 0 else { continue }
            tc.append(c); tp.append(p); td.append(lines.day[i]); tq.append(lines.quantity[i]); tr.append(lines.revenue[i])
        }
        let matrix = PurchaseMatrix(train)
        let test = PurchaseMatrix(
            customerCount: customers.count, productCount: products.count,
            customer: tc, product: tp, day: td, quantity: tq, revenue: tr)

        var evaluated: [Int32] = [], relevantStart = [0], relevant: [Int32] = []
        for u in 0..<customers.count {
            let before = relevant.count
            for k in test.pairs(ofCustomer: u) where matrix.pair(customer: u, product: Int(test.product[k])) == nil {
                relevant.append(test.product[k])
            }
            if relevant.count > before {
                evaluated.append(Int32(u))
                relevantStart.append(relevant.count)
            }
        }
        guard !evaluated.isEmpty else { throw EvaluationError.nothingToEvaluate(cutoff: cutoff) }

        self.cutoff = cutoff
        self.train = train
        self.matrix = matrix
        self.test = test
        self.testDays = Int(last - cutoff) + 1
        self.segmentSource = source
        self.segments = CustomerSegments(train, by: source, referenceDay: cutoff)
        self.evaluated = evaluated
        self.relevantStart = relevantStart
        self.relevant = relevant
        self.counts = Counts(
            customers: customers.count, products: products.count, trainPairs: matrix.pairCount,
            evaluatedCustomers: evaluated.count, testPairs: relevant.count,
            trainLines: train.count, testLines: testLines)
    }

    /// A purchase matrix of the train lines dated in the `days` days before the cutoff, indexed
    /// like ``matrix`` (for the recent baselines).
    public func recentMatrix(days: Int) -> PurchaseMatrix {
        let from = Int(cutoff) - days
        var c: [Int32] = [], p: [Int32] = [], d: [Int32] = [], q: [Double] = [], r: [Double] = []
        for i in 0..<train.count where Int(train.day[i]) >= from {
            c.append(train.customer[i]); p.append(train.product[i]); d.append(train.day[i])
            q.append(train.quantity[i]); r.append(train.revenue[i])
        }
        return PurchaseMatrix(customerCount: train.customers.count, productCount: train.products.count,
                              customer: c, product: p, day: d, quantity: q, revenue: r)
    }

    /// The relevant products of the `e`-th evaluated customer.
    @inlinable public func relevantProducts(_ e: Int) -> ArraySlice<Int32> {
        relevant[relevantStart[e] ..< relevantStart[e + 1]]
    }

    /// The default validation cutoff inside train, for tuning: the day of the train line at
    /// 85 % of the train lines sorted by day, so that roughly the last 15 % of the train lines
    /// (whole days) form the validation period. Never later than the last train day, never
    /// the first.
    public var validationCutoff: Int32 {
        let days = train.day.sorted()
        let day = days[min(days.count - 1, days.count * 85 / 100)]
        return max(day, (days.first ?? day) + 1)
    }
}
