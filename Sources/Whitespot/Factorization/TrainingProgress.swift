import Foundation

/// What the trainer reports after each iteration (for progress bars and logs).
public struct TrainingProgress: Sendable, Equatable {
    /// Iterations finished so far (1-based).
    public let iteration: Int
    /// Iterations planned.
    public let iterations: Int
    /// Training loss after this iteration (see ``ALSTrainer/loss(of:matrix:confidences:)``), when computed.
    public let loss: Double?
    /// Seconds this iteration took.
    public let seconds: Double
    /// Seconds since fitting started.
    public let elapsedSeconds: Double

    /// Estimated seconds left: elapsed / iteration · (iterations − iteration).
    public var etaSeconds: Double {
        iteration == 0 ? 0 : elapsedSeconds / Double(iteration) * Double(iterations - iteration)
    }
}

/// Trained customer and product factors, with per-iteration timings and losses.
public struct FactorPair: Sendable, Equatable {
    /// Embedding dimension k.
    public var factors: Int
    /// Customer embeddings, customers × k, row-major.
    public var customerFactors: [Float]
    /// Product embeddings, products × k, row-major.
    public var productFactors: [Float]
    /// Training loss after each iteration (empty unless the trainer computes it).
    public var losses: [Double]
    /// Seconds each iteration took (loss computation excluded).
    public var iterationSeconds: [Double]

    /// Factors from their parts.
    public init(factors: Int, customerFactors: [Float], productFactors: [Float],
                losses: [Double] = [], iterationSeconds: [Double] = []) {
        self.factors = factors
        self.customerFactors = customerFactors
        self.productFactors = productFactors
        self.losses = losses
        self.iterationSeconds = iterationSeconds
    }
}

/// Why training could not start or finish.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A hyper-parameter is out of range.
    case invalidParameter(Setting, value: String, requirement: String)
    /// The purchase matrix holds no purchases.
    case noPurchases
    /// An exact solve met a matrix that is not positive definite (λ = 0 with too few data).
    case notPositiveDefinite(side: String, row: Int)
    /// The factors became NaN or infinite (α or λ far too large for Float32).
    case diverged(iteration: Int, alpha: Double, regularization: Double)
    /// Training would need more memory than the machine has.
    case tooLarge(factors: Int, customers: Int, products: Int, bytes: Double, available: Double)
    /// The item–item model (EASE) would need a dense products × products matrix above its limit.
    case tooManyProducts(products: Int, limit: Int)

    /// The problem in words, naming the parameter (in words, ``Setting/phrase``) or row.
    public var description: String { message(naming: \.phrase) }

    /// The problem in words, naming each parameter as `name` does (a command line names them
    /// by their flags).
    public func message(naming name: (Setting) -> String) -> String {
        switch self {
        case let .invalidParameter(parameter, value, requirement):
            return "invalid \(name(parameter)) \(value): must be \(requirement)"
        case .noPurchases:
            return "no purchases to train on (every customer-product pair nets to zero or less)"
        case let .notPositiveDefinite(side, row):
            return "the normal equations of \(side) \(row) are not positive definite; use a regularization above 0"
        case let .diverged(iteration, alpha, regularization):
            return "training diverged: the factors are not finite after iteration \(iteration) (alpha \(alpha), "
                + "regularization \(regularization)); use a smaller \(name(.alpha)) or \(name(.regularization)). Nothing was saved"
        case let .tooLarge(factors, customers, products, bytes, available):
            return "training \(factors) factors for \(customers) customers and \(products) products needs about "
                + "\(Self.gigabytes(bytes)) of memory, this machine has \(Self.gigabytes(available)); use fewer \(name(.factors))"
        case let .tooManyProducts(products, limit):
            return "the item-item model (ease) keeps a dense products x products matrix and is limited to \(limit) products, "
                + "the data has \(products) (\(Self.gigabytes(Double(products) * Double(products) * 4)) for the matrix); "
                + "use \(name(.algorithm)) als, whose memory grows with products x factors, or roll products up with \(name(.productLevel))"
        }
    }
}

extension TrainingParameters {
    /// Throws ``TrainingError/invalidParameter(_:value:requirement:)`` for the first
    /// out-of-range value: factors ≥ 1, iterations ≥ 1, regularization ≥ 0, alpha ≥ 0,
    /// cgSteps ≥ 1, threads ≥ 1, halfLifeDays > 0.
    public func validate() throws {
        func fail(_ parameter: Setting, _ value: Any, _ requirement: String) -> TrainingError {
            .invalidParameter(parameter, value: "\(value)", requirement: requirement)
        }
        if factors < 1 { throw fail(.factors, factors, "at least 1") }
        if iterations < 1 { throw fail(.iterations, iterations, "at least 1 (0 would save the random starting factors)") }
        if !(regularization >= 0) || !regularization.isFinite { throw fail(.regularization, regularization, "a finite number ≥ 0") }
        if !(alpha >= 0) || !alpha.isFinite { throw fail(.alpha, alpha, "a finite number ≥ 0") }
        if cgSteps < 1 { throw fail(.cgSteps, cgSteps, "at least 1") }
        if threads < 1 { throw fail(.threads, threads, "at least 1") }
        if let h = halfLifeDays, !(h > 0) || !h.isFinite { throw fail(.halfLifeDays, h, "a finite number of days > 0") }
        if let t = tolerance, !(t > 0 && t < 1) { throw fail(.tolerance, t, "a fraction between 0 and 1") }
    }
}

extension TrainingError {
    /// "12.3 GB".
    static func gigabytes(_ bytes: Double) -> String {
        "\((bytes / 1e9 * 10).rounded() / 10) GB"
    }
}

extension TrainingParameters {
    /// Bytes that fitting these parameters to a matrix of `customers` × `products` with
    /// `pairs` purchases (`longestRow` in the longest customer or product row) needs at its
    /// peak: both factor matrices, the Gram matrix and its copy, the per-worker scratch of the
    /// solver, and the per-pair confidences.
    public func fittingBytes(customers: Int, products: Int, pairs: Int, longestRow: Int) -> Double {
        let k = Double(factors)
        let scratch = solver == .cg ? 3 * k + Double(longestRow) * (k + 1) : k * k
        return 4 * (Double(customers + products) * k + 2 * k * k + Double(threads) * scratch + 3 * Double(pairs))
    }

    /// Throws ``TrainingError/tooLarge(factors:customers:products:bytes:available:)`` when
    /// ``fittingBytes(customers:products:pairs:longestRow:)`` exceeds the machine's memory.
    public func checkMemory(customers: Int, products: Int, pairs: Int, longestRow: Int = 0) throws {
        let needed = fittingBytes(customers: customers, products: products, pairs: pairs, longestRow: longestRow)
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard needed <= available else {
            throw TrainingError.tooLarge(
                factors: factors, customers: customers, products: products, bytes: needed, available: available)
        }
    }
}
