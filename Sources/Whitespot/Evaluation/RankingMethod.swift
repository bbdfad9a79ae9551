/// A way of ranking catalogue products for customers, as the evaluation harness sees it.
///
/// A method only gives scores; ``RankingEvaluator`` applies the protocol's rules: it drops
/// products the customer bought in train, orders by score descending and then by product id
/// ascending in UTF-8 byte order, and cuts the list at K.
///
/// ```swift
/// let methods = [RankingMethod.popularity(split), .segmentPenetration(split)]
/// ```
public struct RankingMethod: Sendable {
    /// Display name, e.g. ``MethodName/segmentPenetration``.
    public var name: MethodName
    /// Hyper-parameters printed beside the figures, in display order.
    public var parameters: [MethodParameter]
    /// How scores are produced.
    public var scores: Scores

    /// How a method produces scores for the catalogue (indices of ``TemporalSplit/train``).
    public enum Scores: Sendable {
        /// The same scores for every customer of a group: customer `u` uses
        /// `scores[groupOf[u]]`, one score per catalogue product. The harness sorts each
        /// group once.
        case grouped(groupOf: [Int32], scores: [[Float]])
        /// Scores per customer, filled a block at a time: given `customers` (train indices),
        /// write customer `customers[r]`'s score of product `i` to `scores[r * productCount + i]`.
        /// Called concurrently from several threads with disjoint buffers; OpenBLAS runs
        /// single-threaded meanwhile.
        case perCustomer(@Sendable (_ customers: UnsafeBufferPointer<Int32>, _ scores: UnsafeMutablePointer<Float>) -> Void)
        /// Finished lists from a ranker that applies the protocol itself (the scorer's batch
        /// API): given customers (train indices) and a length, the best candidates of each,
        /// best first, bought products excluded and ties in byte order. The harness uses the
        /// lists as they are.
        case lists(@Sendable (_ customers: [Int], _ length: Int) -> [[Int32]])
    }

    /// A method from its parts.
    public init(name: MethodName, parameters: [MethodParameter] = [], scores: Scores) {
        self.name = name; self.parameters = parameters; self.scores = scores
    }

    /// Popularity: score = number of distinct train customers who bought the product.
    public static func popularity(_ split: TemporalSplit) -> RankingMethod {
        popularity(of: split.matrix, name: .popularity, parameters: [])
    }

    /// Segment penetration, the classic whitespot ranking: score = share of the customer's
    /// segment (train customers) who bought the product (``SegmentPenetration``).
    public static func segmentPenetration(_ split: TemporalSplit) -> RankingMethod {
        segmentPenetration(of: split.matrix, split: split, name: .segmentPenetration, parameters: [])
    }

    /// Recent popularity: score = number of distinct train customers who bought the product in
    /// `recent`, the purchases of the last `days` days before the cutoff
    /// (``TemporalSplit/recentMatrix(days:)``). Catalogues change; all-time popularity flatters a model.
    public static func recentPopularity(_ recent: PurchaseMatrix, days: Int) -> RankingMethod {
        popularity(of: recent, name: .recentPopularity, parameters: [MethodParameter("days", .number(Double(days)))])
    }

    /// Recent segment penetration: score = share of the customer's segment (all its train
    /// customers) who bought the product in `recent`, the last `days` days before the cutoff.
    public static func recentSegmentPenetration(_ split: TemporalSplit, recent: PurchaseMatrix, days: Int) -> RankingMethod {
        segmentPenetration(of: recent, split: split, name: .recentSegmentPenetration,
                           parameters: [MethodParameter("days", .number(Double(days)))])
    }

    /// Popularity over `matrix`: one score list for everybody, the product's distinct buyers.
    private static func popularity(of matrix: PurchaseMatrix, name: MethodName, parameters: [MethodParameter]) -> RankingMethod {
        let scores = (0..<matrix.productCount).map { Float(matrix.buyerCount(ofProduct: $0)) }
        return RankingMethod(
            name: name, parameters: parameters,
            scores: .grouped(groupOf: [Int32](repeating: 0, count: matrix.customerCount), scores: [scores]))
    }

    /// Segment penetration over `matrix` with the split's segments: the observed shares, the
    /// scorer's penetration term without shrinkage (m = 0), to the bit.
    private static func segmentPenetration(
        of matrix: PurchaseMatrix, split: TemporalSplit, name: MethodName, parameters: [MethodParameter]
    ) -> RankingMethod {
        let pen = SegmentPenetration(matrix: matrix, segments: split.segments)
        let shares = pen.floatShares(), p = pen.productCount
        let scores = (0..<pen.segmentCount).map { s in Array(shares[s * p ..< (s + 1) * p]) }
        return RankingMethod(
            name: name, parameters: [MethodParameter("segments", .text(split.segmentSource.rawValue))] + parameters,
            scores: .grouped(groupOf: split.segments.ofCustomer, scores: scores))
    }

    /// Matrix factorisation: score = x_uᵀ y_i, the raw inner product of the customer's and
    /// the product's embeddings (row-major `customers × factors` and `products × factors`),
    /// computed a block of customers at a time with one sgemm.
    public static func matrixFactorisation(
        customerFactors: [Float], productFactors: [Float], factors: Int, parameters: [MethodParameter]
    ) -> RankingMethod {
        let productCount = productFactors.count / max(1, factors)
        return RankingMethod(
            name: .matrixFactorisation, parameters: parameters,
            scores: .perCustomer { customers, scores in
                var block = [Float](repeating: 0, count: customers.count * factors)
                customerFactors.withUnsafeBufferPointer { x in
                    for (r, u) in customers.enumerated() {
                        for f in 0..<factors { block[r * factors + f] = x[Int(u) * factors + f] }
                    }
                }
                block.withUnsafeBufferPointer { a in
                    productFactors.withUnsafeBufferPointer { y in
                        guard let a = a.baseAddress, let y = y.baseAddress else { return }
                        BLAS.gemm(transposeB: true, m: customers.count, n: productCount, k: factors,
                                  a: a, b: y, c: scores)
                    }
                }
            })
    }
}

/// One hyper-parameter of a method: a name and a number or a text.
public struct MethodParameter: Sendable, Equatable {
    /// The parameter's name, e.g. "factors".
    public var name: String
    /// Its value.
    public var value: Value

    /// A number or a text.
    public enum Value: Sendable, Equatable, Codable, CustomStringConvertible {
        /// A numeric value (written as a JSON number).
        case number(Double)
        /// A textual value (written as a JSON string).
        case text(String)

        /// A whole number without decimals ("64"), else its shortest round-trip form; a text as is.
        public var description: String {
            switch self {
            case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
            case .text(let s): return s
            }
        }

        /// Reads a JSON number as ``number(_:)``, anything else as ``text(_:)``.
        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let x = try? c.decode(Double.self) { self = .number(x) } else { self = .text(try c.decode(String.self)) }
        }

        /// A JSON number or string.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let x): try c.encode(x)
            case .text(let s): try c.encode(s)
            }
        }
    }

    /// A parameter from its parts.
    public init(_ name: String, _ value: Value) { self.name = name; self.value = value }

    /// Parameters as tables and stores print them: "name=value" pairs separated by spaces.
    public static func text(_ parameters: [MethodParameter]) -> String {
        parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }
}
