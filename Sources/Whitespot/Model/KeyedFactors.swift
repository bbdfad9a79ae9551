import Foundation

/// Customer and product factors keyed by their ids, trained elsewhere: by Spark MLlib ALS
/// (`spark/whitespot_spark_train.py` writes them as a factors file, see ``load(from:)``) or
/// taken from a model file for another split of the same orders (with its item–item weights,
/// for an EASE model or an ensemble).
///
/// ```swift
/// let keyed = try KeyedFactors.load(from: "spark-factors.safetensors")
/// let pair = try keyed.aligned(to: lines.customers, lines.products, matrix: PurchaseMatrix(lines))
/// ```
public struct KeyedFactors: Sendable, Equatable {
    /// Customer ids, indexing the rows of ``customerFactors``.
    public var customers: Vocabulary
    /// Product ids, indexing the rows of ``productFactors``.
    public var products: Vocabulary
    /// Embedding dimension k.
    public var factors: Int
    /// Customer embeddings, customers × k, row-major.
    public var customerFactors: [Float]
    /// Product embeddings, products × k, row-major.
    public var productFactors: [Float]
    /// The Whitespot hyper-parameters the factors were trained with (or translated from).
    public var parameters: TrainingParameters
    /// Purchase pairs the trainer saw, when it says (a factors file does; a model does not).
    public var pairs: Int?
    /// Who trained the factors and how, in words (e.g. the Spark ALS settings).
    public var trainer: String
    /// The family of the model they come from (factors files: ALS).
    public var family: ModelFamily = .als
    /// The item–item weights B of an EASE model or an ensemble (indexed like ``products``);
    /// empty otherwise.
    public var itemWeights = ItemWeights()
    /// B's hyper-parameters (nil without B).
    public var ease: EASEParameters?
    /// The ensemble weight (nil unless the family is ``ModelFamily/ensemble``).
    public var ensembleWeight: Double?

    /// Factors from their parts.
    public init(
        customers: Vocabulary, products: Vocabulary, factors: Int, customerFactors: [Float], productFactors: [Float],
        parameters: TrainingParameters, pairs: Int? = nil, trainer: String
    ) {
        precondition(customerFactors.count == customers.count * factors)
        precondition(productFactors.count == products.count * factors)
        self.customers = customers; self.products = products; self.factors = factors
        self.customerFactors = customerFactors; self.productFactors = productFactors
        self.parameters = parameters; self.pairs = pairs; self.trainer = trainer
    }

    /// The factors of a model, and its item–item weights and ensemble weight when it has them.
    public init(_ model: WhitespotModel) {
        self.init(
            customers: model.customers, products: model.products, factors: model.factors,
            customerFactors: model.customerFactors, productFactors: model.productFactors,
            parameters: model.parameters, trainer: model.dataDescription)
        self.family = model.family
        self.itemWeights = model.itemWeights
        self.ease = model.ease
        self.ensembleWeight = model.ensembleWeight
    }

    /// The item–item weights B re-indexed to `products` (the catalogue of the lines they are
    /// measured on): B'[t(i), t(j)] = B[i, j]; a product of `products` the model does not know
    /// gets a row and a column of zeros (it was never bought when the model was fitted).
    /// - Throws: ``FactorImportError/unknownId(_:id:known:)`` for a model product outside `products`.
    /// - Complexity: O(products + kept weights · log kept weights per product).
    public func alignedItemWeights(to products: Vocabulary) throws -> ItemWeights {
        let n = self.products.count, m = products.count
        var target = [Int](repeating: 0, count: n)
        for i in 0 ..< n {
            guard let t = products.index(of: self.products[i]) else {
                throw FactorImportError.unknownId(.product, id: self.products[i], known: m)
            }
            target[i] = Int(t)
        }
        return itemWeights.reindexed(target, count: m)
    }

    /// The factors re-indexed to `customers` and `products`, the vocabularies of the order
    /// lines whose purchase matrix is `matrix`.
    ///
    /// Every id of these factors must be in the vocabularies (else they were trained on other
    /// data, or, for an evaluation, on lines after the cutoff), and every customer and product
    /// with a purchase in `matrix` must have factors; a customer or product of the lines
    /// without any purchase (everything returned) gets a row of zeros, which is what an ALS
    /// solve with no purchases gives. When ``pairs`` is known it must equal the matrix's pair
    /// count (a trainer that netted returns differently saw other purchases).
    /// - Throws: ``FactorImportError``.
    /// - Complexity: O((customers + products) · k).
    public func aligned(to customers: Vocabulary, _ products: Vocabulary, matrix: PurchaseMatrix) throws -> FactorPair {
        let k = factors
        func rows(_ ids: Vocabulary, _ values: [Float], into target: Vocabulary, kind: FactorImportError.Kind,
                  purchases: (Int) -> Int) throws -> [Float] {
            var out = [Float](repeating: 0, count: target.count * k)
            var covered = [Bool](repeating: false, count: target.count)
            for r in 0..<ids.count {
                guard let t = target.index(of: ids[r]) else {
                    throw FactorImportError.unknownId(kind, id: ids[r], known: target.count)
                }
                covered[Int(t)] = true
                out.replaceSubrange(Int(t) * k ..< (Int(t) + 1) * k, with: values[r * k ..< (r + 1) * k])
            }
            let missing = (0..<target.count).filter { !covered[$0] && purchases($0) > 0 }
            if let first = missing.first {
                throw FactorImportError.missingFactors(kind, id: target[first], purchases: purchases(first), count: missing.count)
            }
            return out
        }
        if let pairs, pairs != matrix.pairCount {
            throw FactorImportError.pairCountMismatch(factors: pairs, orders: matrix.pairCount)
        }
        return FactorPair(
            factors: k,
            customerFactors: try rows(self.customers, customerFactors, into: customers, kind: .customer) {
                matrix.pairs(ofCustomer: $0).count
            },
            productFactors: try rows(self.products, productFactors, into: products, kind: .product) {
                matrix.buyerCount(ofProduct: $0)
            })
    }
}

/// Why factors trained elsewhere do not fit the order lines they are imported for.
public enum FactorImportError: Error, CustomStringConvertible, Equatable {
    /// Customer or product.
    public enum Kind: String, Sendable { case customer, product }
    /// An id of the factors is not among the `known` ids of the orders.
    case unknownId(Kind, id: String, known: Int)
    /// `count` ids with purchases have no factors; `id` is the first, with `purchases` pairs.
    case missingFactors(Kind, id: String, purchases: Int, count: Int)
    /// The trainer saw `factors` purchase pairs, the orders hold `orders`.
    case pairCountMismatch(factors: Int, orders: Int)

    /// The problem in words.
    public var description: String {
        switch self {
        case let .unknownId(kind, id, known):
            return "the factors have a \(kind.rawValue) '\(id)' that is not among the \(TextFormat.count(known)) "
                + "\(kind.rawValue)s of these orders: were they trained on other data, or on lines after the cutoff?"
        case let .missingFactors(kind, id, purchases, count):
            return "\(TextFormat.count(count)) \(kind.rawValue)s with purchases have no factors, the first is '\(id)' "
                + "(\(purchases) purchase pairs): were the factors trained on other data or a different mapping?"
        case let .pairCountMismatch(factors, orders):
            return "the factors were trained on \(TextFormat.count(factors)) purchase pairs, these orders hold "
                + "\(TextFormat.count(orders)): the trainer read, netted or excluded the order lines differently"
        }
    }
}
