import Testing
import Foundation
@testable import Whitespot

@Suite("Implicit ALS trainer")
struct ALSTrainerTests {
    let matrix = PurchaseMatrix(syntheticLines())

    /// ‖A y − b‖ / ‖b‖ for product row i of the normal equations against customer factors X.
    func relativeResidual(product i: Int, pair: FactorPair, confidences: [Float], lambda: Double) -> Double {
        let k = pair.factors
        let x = pair.customerFactors.map(Double.init), y = pair.productFactors.map(Double.init)
        var a = [Double](repeating: 0, count: k * k), b = [Double](repeating: 0, count: k)
        for u in 0 ..< matrix.customerCount {
            for r in 0 ..< k { for c in 0 ..< k { a[r * k + c] += x[u * k + r] * x[u * k + c] } }
        }
        for r in 0 ..< k { a[r * k + r] += lambda }
        for e in matrix.entries(ofProduct: i) {
            let u = Int(matrix.customerOfEntry[e]), conf = Double(confidences[Int(matrix.pairOfEntry[e])])
            for r in 0 ..< k {
                b[r] += conf * x[u * k + r]
                for c in 0 ..< k { a[r * k + c] += (conf - 1) * x[u * k + r] * x[u * k + c] }
            }
        }
        var res = 0.0, norm = 0.0
        for r in 0 ..< k {
            var ay = 0.0
            for c in 0 ..< k { ay += a[r * k + c] * y[i * k + c] }
            res += (ay - b[r]) * (ay - b[r]); norm += b[r] * b[r]
        }
        return (res / max(norm, 1e-30)).squareRoot()
    }

    @Test("a Cholesky half-step satisfies the normal equations")
    func normalEquations() throws {
        let p = smallParameters(solver: .cholesky)
        let pair = try ALSTrainer(parameters: p).fit(matrix)
        let conf = p.confidences(for: matrix)
        for i in [0, 7, 19, 39] {
            #expect(relativeResidual(product: i, pair: pair, confidences: conf, lambda: p.regularization) < 1e-4)
        }
    }

    @Test("conjugate gradient converges to the Cholesky solution as steps grow")
    func cgConverges() throws {
        let p = smallParameters(solver: .cholesky)
        let pair = try ALSTrainer(parameters: p).fit(matrix)
        let k = p.factors
        let conf = p.confidences(for: matrix)
        let gram = ALSTrainer.regularizedGram(pair.productFactors, k: k, lambda: Float(p.regularization), threads: 1)
        var errors: [Double] = []
        for steps in [1, 2, 4, k] {
            var total = 0.0
            for u in 0 ..< matrix.customerCount {
                let range = matrix.pairs(ofCustomer: u)
                let items = Array(matrix.product[range]), c = Array(conf[range])
                var exact = [Float](repeating: 0, count: k), a = [Float](repeating: 0, count: k * k)
                try RowSolvers.cholesky(items: items, confidences: c, count: items.count,
                                        fixed: pair.productFactors, gram: gram, k: k, a: &a, x: &exact)
                var x = [Float](repeating: 0.01, count: k)
                var r = x, q = x, ap = x, w = [Float](repeating: 0, count: items.count)
                var gathered = [Float](repeating: 0, count: items.count * k)
                RowSolvers.conjugateGradient(items: items, confidences: c, count: items.count,
                                             fixed: pair.productFactors, gram: gram, k: k, steps: steps,
                                             x: &x, r: &r, p: &q, ap: &ap, weights: &w, gathered: &gathered)
                total += zip(x, exact).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +)
            }
            errors.append(total.squareRoot())
        }
        #expect(errors[1] < errors[0] && errors[2] < errors[1] && errors[3] < errors[2])
        #expect(errors[3] < 1e-3 * errors[0])
    }

    @Test("the training loss decreases", arguments: [TrainingParameters.Solver.cholesky, .cg])
    func lossDecreases(solver: TrainingParameters.Solver) throws {
        let pair = try ALSTrainer(parameters: smallParameters(solver: solver), computesLoss: true).fit(matrix)
        #expect(pair.losses.count == 6)
        #expect(pair.losses.last! < pair.losses.first!)
        if solver == .cholesky {
            for (a, b) in zip(pair.losses, pair.losses.dropFirst()) { #expect(b <= a * (1 + 1e-6)) }
        }
    }

    @Test("the loss equals the objective summed over every cell")
    func lossFormula() throws {
        let p = smallParameters()
        let pair = try ALSTrainer(parameters: p).fit(matrix)
        let conf = p.confidences(for: matrix)
        let k = p.factors
        var objective = 0.0, weight = 0.0
        for u in 0 ..< matrix.customerCount {
            for i in 0 ..< matrix.productCount {
                var s = 0.0
                for j in 0 ..< k { s += Double(pair.customerFactors[u * k + j]) * Double(pair.productFactors[i * k + j]) }
                let c = matrix.pair(customer: u, product: i).map { Double(conf[$0]) } ?? 1
                let pref = matrix.pair(customer: u, product: i) == nil ? 0.0 : 1.0
                objective += c * (pref - s) * (pref - s); weight += c
            }
        }
        let norms = (pair.customerFactors + pair.productFactors).map { Double($0) * Double($0) }.reduce(0, +)
        objective += p.regularization * norms
        let loss = try ALSTrainer(parameters: p).loss(of: pair, matrix: matrix, confidences: conf)
        #expect(abs(loss - objective / weight) < 1e-5 * objective / weight)
    }

    @Test("same data, seed, solver and threads give bit-identical factors",
          arguments: [(TrainingParameters.Solver.cg, 1), (.cg, 2), (.cholesky, 2)])
    func deterministic(solver: TrainingParameters.Solver, threads: Int) throws {
        let p = smallParameters(solver: solver, threads: threads)
        let a = try ALSTrainer(parameters: p).fit(matrix), b = try ALSTrainer(parameters: p).fit(matrix)
        #expect(a.customerFactors == b.customerFactors && a.productFactors == b.productFactors)
        var other = p; other.seed += 1
        #expect(try ALSTrainer(parameters: other).fit(matrix).productFactors != a.productFactors)
    }

    @Test("early stopping ends after the first iteration that lowers the loss by less than the tolerance",
          arguments: [TrainingParameters.Solver.cg, .cholesky])
    func earlyStopping(solver: TrainingParameters.Solver) throws {
        var p = smallParameters(solver: solver)
        p.iterations = 60
        p.tolerance = 0.01
        let stopped = try ALSTrainer(parameters: p).fit(matrix)
        let ran = stopped.iterationSeconds.count, losses = stopped.losses
        #expect(ran > 1 && ran < 60 && losses.count == ran)
        for n in 1 ..< ran - 1 { #expect(losses[n - 1] - losses[n] >= 0.01 * losses[n - 1]) }
        #expect(losses[ran - 2] - losses[ran - 1] < 0.01 * losses[ran - 1 - 1])
        // The same factors as a run of exactly that many iterations without early stopping.
        var plain = p
        plain.tolerance = nil
        plain.iterations = ran
        let full = try ALSTrainer(parameters: plain).fit(matrix)
        #expect(full.customerFactors == stopped.customerFactors && full.productFactors == stopped.productFactors)
        // A model records the iterations it ran, so retraining with its parameters gives it again.
        let model = try ALSTrainer.train(lines: syntheticLines(), segmentSource: .column, parameters: p)
        #expect(model.parameters.iterations < 60 && model.parameters.tolerance == 0.01)
        let again = try ALSTrainer.train(lines: syntheticLines(), segmentSource: .column, parameters: model.parameters)
        #expect(again.productFactors == model.productFactors)
        for bad in [0, 1, -0.1, Double.nan] {
            var q = p
            q.tolerance = bad
            #expect(throws: TrainingError.invalidParameter(.tolerance, value: "\(bad)", requirement: "a fraction between 0 and 1")) {
                try ALSTrainer(parameters: q).fit(matrix)
            }
        }
    }

    @Test("fold-in equals the Cholesky customer half-step")
    func foldIn() throws {
        var p = smallParameters(solver: .cholesky)
        let full = try ALSTrainer(parameters: p).fit(matrix)
        p.iterations -= 1
        let previous = try ALSTrainer(parameters: p).fit(matrix)
        let folding = FoldIn(productFactors: previous.productFactors, factors: p.factors, regularization: p.regularization)
        let conf = p.confidences(for: matrix)
        for u in [0, 5, 33, 79] {
            let range = matrix.pairs(ofCustomer: u)
            let x = folding.foldIn(productIndices: Array(matrix.product[range]), confidences: Array(conf[range]))
            #expect(x == Array(full.customerFactors[u * p.factors ..< (u + 1) * p.factors]))
        }
        #expect(folding.foldIn(productIndices: [], confidences: []) == [Float](repeating: 0, count: p.factors))
    }

    @Test("bad parameters and empty data are rejected with clear messages")
    func badInput() {
        var p = smallParameters(); p.factors = 0
        #expect(throws: TrainingError.invalidParameter(.factors, value: "0", requirement: "at least 1")) {
            try ALSTrainer(parameters: p).fit(matrix)
        }
        var q = smallParameters(); q.halfLifeDays = -3
        #expect((try? q.validate()) == nil)
        let empty = PurchaseMatrix(customerCount: 1, productCount: 1, customer: [0], product: [0], day: [0],
                                   quantity: [-1], revenue: [0])
        #expect(throws: TrainingError.noPurchases) { try ALSTrainer(parameters: smallParameters()).fit(empty) }
    }

    @Test("confidence follows c = 1 + α·f(r)·d")
    func confidence() {
        var p = TrainingParameters()
        #expect(p.confidence(lines: 3, quantity: 7, revenue: 70, ageDays: 100) == Float(1 + log1p(3.0)))
        p.signal = .revenue; p.scaling = .identity; p.alpha = 0.5; p.halfLifeDays = 30
        #expect(p.confidence(lines: 3, quantity: 7, revenue: 70, ageDays: 60) == Float(1 + 0.5 * 70 * 0.25))
        #expect(p.confidence(lines: 3, quantity: 7, revenue: -5, ageDays: 0) == 1)
    }
}
