import Foundation

extension SyntheticOrders.Parameters {
    /// Rough peak memory of generating these sizes: about 160 bytes per customer and per
    /// product (catalogue, styles, segments) and 64 per line (the line columns, their sorted
    /// copies and the text written per block).
    public var estimatedBytes: Double {
        160 * (Double(customers) + Double(products)) + 64 * Double(lines)
    }

    /// Why these sizes cannot be generated on a machine with `memory` bytes (ids are 32-bit,
    /// and everything is held in memory before it is written), or nil when they can.
    public func sizeProblem(memory: Double) -> String? {
        let limit = Int(Int32.max)
        if customers > limit || products > limit || lines > limit {
            return "at most \(limit) customers, products and lines (got \(customers), \(products), \(lines))"
        }
        guard estimatedBytes <= memory else {
            return "\(customers) customers, \(products) products and \(lines) lines need about "
                + "\(TrainingError.gigabytes(estimatedBytes)) of memory, this machine has \(TrainingError.gigabytes(memory))"
        }
        return nil
    }
}
