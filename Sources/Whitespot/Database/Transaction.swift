/// The transaction frame both connections share: begin, run, commit; roll back when the body throws.
enum Transaction {
    /// Runs `begin` through `execute`, then `body`, then `COMMIT`; `ROLLBACK` (errors ignored)
    /// and rethrow when `body` or the commit throws.
    static func run<T>(begin: String, _ execute: (String) throws -> Void, _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
