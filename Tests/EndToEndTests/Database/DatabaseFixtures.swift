import Foundation
@testable import Whitespot
import TestSupport

/// Shared set-up of the database tests: Superstore in a table, a small model, CSV helpers.
enum DatabaseFixtures {
    /// The Superstore columns with SQL types (dates as `date`: the table is typed, as real ones are).
    static let superstoreColumns: [(String, String)] = [
        ("Row ID", "integer"), ("Order ID", "text"), ("Order Date", "date"), ("Ship Date", "date"), ("Ship Mode", "text"),
        ("Customer ID", "text"), ("Customer Name", "text"), ("Segment", "text"), ("Country", "text"), ("City", "text"),
        ("State", "text"), ("Postal Code", "text"), ("Region", "text"), ("Product ID", "text"), ("Category", "text"),
        ("Sub-Category", "text"), ("Product Name", "text"), ("Sales", "double precision"), ("Quantity", "integer"),
        ("Discount", "double precision"), ("Profit", "double precision"),
    ]

    /// The mapping for Superstore read from a database (ISO dates: no --date-format).
    static let mapping = ["--columns", "customer=Customer ID,date=Order Date,product=Product ID,quantity=Quantity,revenue=Sales,"
        + "segment=Segment,category=Sub-Category,order=Order ID"]

    /// The Superstore file's bytes without the byte-order mark.
    static func superstoreBytes() throws -> Data {
        var data = try Data(contentsOf: WhitespotBinary.root.appendingPathComponent(Superstore.file))
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        return data
    }

    /// Creates `table` on the server and copies the Superstore file into it (month-first dates
    /// read with DateStyle MDY for the load only).
    static func loadSuperstore(into table: String, uri: String) throws {
        let pg = try PostgresConnection(uri: uri)
        let columns = superstoreColumns.map { "\"\($0.0)\" \($0.1)" }.joined(separator: ", ")
        try pg.execute("DROP TABLE IF EXISTS \(table); CREATE TABLE \(table) (\(columns)); SET DateStyle TO 'ISO, MDY'")
        let bytes = try superstoreBytes()
        try pg.copyIn("COPY \(table) FROM STDIN WITH (FORMAT csv, HEADER true)") { send in
            try bytes.withUnsafeBytes { try send($0) }
        }
    }

    /// Creates a SQLite file with Superstore in table `superstore` (dates kept as the file writes them).
    static func sqliteSuperstore(at path: String) throws {
        let db = try SQLiteConnection(path: path, create: true)
        let types = superstoreColumns.map { $0.1 == "integer" ? "INTEGER" : $0.1 == "double precision" ? "REAL" : "TEXT" }
        let columns = zip(superstoreColumns, types).map { "\"\($0.0.0)\" \($0.1)" }.joined(separator: ", ")
        try db.execute("CREATE TABLE superstore (\(columns))")
        let rows = ScoreCommandTests.parseCSV(String(decoding: try superstoreBytes(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        let insert = try db.prepare("INSERT INTO superstore VALUES (\((1...superstoreColumns.count).map { "?\($0)" }.joined(separator: ",")))")
        try db.execute("BEGIN")
        for row in rows.dropFirst() where row.count == superstoreColumns.count { try insert.run(row) }
        try db.execute("COMMIT")
    }

    /// Trains the small Superstore model once per test process.
    static let model: Result<String, Error> = Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("whitespot-db-model-\(getpid()).safetensors").path
        try ScoreCommandTests.trainModel(at: path)
        return path
    }

    /// The rows of a PostgreSQL query exported as CSV (COPY TO STDOUT, with header).
    static func export(_ query: String, uri: String) throws -> String {
        let pg = try PostgresConnection(uri: uri)
        var out = Data()
        try pg.copyOut("COPY (\(query)) TO STDOUT WITH (FORMAT csv, HEADER true)") { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// One value from a PostgreSQL query.
    static func value(_ query: String, uri: String) throws -> String? {
        try PostgresConnection(uri: uri).rows(query).first?.first ?? nil
    }
}
