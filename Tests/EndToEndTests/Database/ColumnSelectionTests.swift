import Foundation
import Testing
import TestSupport
@testable import Whitespot

/// Of a table, only the columns the mapping reads are selected: a column the user may not read
/// (PostgreSQL column privileges) or that cannot be computed (a SQLite view) is never touched,
/// while the same table read whole fails on it.
@Suite(.enabled(if: Superstore.available, "shared/data/superstore is absent"))
struct ColumnSelectionTests {
    /// The columns `DatabaseFixtures.mapping` reads.
    static let mapped = ["Customer ID", "Order Date", "Product ID", "Quantity", "Sales", "Segment", "Sub-Category", "Order ID"]

    @Test(.enabled(if: PostgresServer.available, "PostgreSQL server binaries (initdb, pg_ctl) not installed"))
    func postgresReadsOnlyTheMappedColumns() throws {
        let server = try PostgresServer.start()
        let table = PostgresCommandTests.table("narrow")
        try DatabaseFixtures.loadSuperstore(into: table, uri: server.uri)
        let columns = Self.mapped.map { "\"\($0)\"" }.joined(separator: ", ")
        try PostgresConnection(uri: server.uri).execute("GRANT SELECT (\(columns)) ON \(table) TO \(PostgresServer.passwordUser)")
        let read = try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI, "--orders-table", table] + DatabaseFixtures.mapping)
        #expect(read.status == 0, "\(read.err)")
        #expect(read.out.contains("9,994 lines read, 9,994 kept"), "\(read.out)")
        // The same with a product level outside the mapping needs that column too.
        let level = try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI, "--orders-table", table, "--product-level", "Category"]
                                            + DatabaseFixtures.mapping)
        #expect(level.status != 0 && level.err.contains("permission denied"), "\(level.err)")
        let whole = try WhitespotBinary.run(["inspect", "--orders-db", server.passwordURI, "--orders-query", "SELECT * FROM \(table)"]
                                            + DatabaseFixtures.mapping)
        #expect(whole.status != 0 && whole.err.contains("permission denied"), "\(whole.err)")
    }

    @Test func sqliteReadsOnlyTheMappedColumnsOfAView() throws {
        let dir = try scratchDirectory("narrow-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shop.db").path
        try DatabaseFixtures.sqliteSuperstore(at: path)
        // A view whose extra column overflows when computed.
        try SQLiteConnection(path: path, create: false).execute(
            "CREATE VIEW lines AS SELECT *, abs(-9223372036854775807 - 1) AS broken FROM superstore")
        let mapping = Superstore.mapping
        let read = try WhitespotBinary.run(["inspect", "--orders-db", path, "--orders-table", "lines"] + mapping)
        #expect(read.status == 0, "\(read.err)")
        #expect(read.out.contains("9,994 lines read, 9,994 kept"), "\(read.out)")
        let whole = try WhitespotBinary.run(["inspect", "--orders-db", path, "--orders-query", "SELECT * FROM lines"] + mapping)
        #expect(whole.status != 0 && whole.err.contains("integer overflow"), "\(whole.err)")
    }
}
