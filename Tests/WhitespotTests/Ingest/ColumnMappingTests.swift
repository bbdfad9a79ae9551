import Testing
@testable import Whitespot

@Suite("Column mapping")
struct ColumnMappingTests {
    @Test("parses quoted and unquoted names, with spaces and dashes")
    func parse() throws {
        let m = try ColumnMapping(parsing: #"customer="Customer ID",date=Order Date,product=StockCode,category=Sub-Category,price=unit_price"#)
        #expect(m.columns[.customer] == "Customer ID")
        #expect(m.columns[.date] == "Order Date")
        #expect(m.columns[.category] == "Sub-Category")
        #expect(m.columns[.price] == "unit_price")
        let comma = try ColumnMapping(parsing: #"product="Item, code",customer_id=Who"#)
        #expect(comma.columns[.product] == "Item, code" && comma.columns[.customer] == "Who")
    }

    @Test("malformed mappings are refused with the bad part")
    func malformed() {
        #expect(throws: MappingError.self) { try ColumnMapping(parsing: "customer") }
        #expect(throws: MappingError.self) { try ColumnMapping(parsing: "buyer=Customer") }
        #expect(throws: MappingError.self) { try ColumnMapping(parsing: "customer=A,customer=B") }
        #expect(throws: MappingError.self) { try ColumnMapping(parsing: #"customer="A"#) }
        #expect(throws: MappingError.self) { try ColumnMapping(parsing: "customer=") }
    }

    @Test("mapped names match exactly, then case-insensitively; unmapped fields use canonical names")
    func resolve() throws {
        let m = try ColumnMapping(parsing: "customer=member,date=Date")
        let columns = try m.resolve(header: ["Member", "Date", "PRODUCT_ID", "Quantity", "x"])
        #expect(columns[.customer] == 0 && columns[.date] == 1 && columns[.product] == 2 && columns[.quantity] == 3)
        #expect(columns[.revenue] == nil)
    }

    @Test("an unknown mapped column names the available headers")
    func unknownColumn() {
        let e = ingestError("Member,Date,Item\n1,2024-01-01,milk\n") {
            $0.mapping = try ColumnMapping(parsing: "customer=Customer,date=Date,product=Item")
        }
        #expect(e?.description == #"orders.csv:1:1: no column 'Customer' for customer; columns are: "Member", "Date", "Item""#)
    }

    @Test("a missing required column says how to map it")
    func missingRequired() {
        let e = ingestError("customer_id,when,product_id\nA,2024-01-01,p\n")
        #expect(e?.problem == .missingColumn(.date, columns: ["customer_id", "when", "product_id"]))
        #expect(e?.message == "no date column: name it order_date or map it with a column mapping date=COLUMN; "
            + "columns are: 'customer_id', 'when', 'product_id'")
        #expect(e?.description(naming: { $0 == .columns ? "--columns" : $0.phrase }).hasPrefix(
            "orders.csv:1:1: no date column: name it order_date or map it with --columns date=COLUMN") == true)
        #expect(e?.line == 1)
    }
}
