import Testing
@testable import Whitespot

@Suite("Dates")
struct DateFormatTests {
    func day(_ format: DateFormat, _ text: String) -> Int32? { format.day(of: Array(text.utf8)) }

    @Test("ISO dates and date-times")
    func iso() {
        let d = Days.from(year: 2010, month: 12, day: 9)
        for text in ["2010-12-09", "2010-12-09 07:45:00", "2010-12-09T07:45", "2010-12-09T07:45:00.123Z",
                     "2010-12-09T23:59:59+01:00", "2010-12-09 00:00:00-0500"] {
            #expect(day(.iso, text) == d, "\(text)")
        }
        for text in ["2010-13-01", "2010-02-29", "2010-12-9", "09-12-2010", "2010-12-09 25:00", "2010-12-09x", ""] {
            #expect(day(.iso, text) == nil, "\(text)")
        }
        #expect(day(.iso, "2012-02-29") == Days.from(year: 2012, month: 2, day: 29))
    }

    @Test("explicit patterns")
    func patterns() throws {
        #expect(day(try DateFormat("dd-MM-yyyy"), "21-07-2015") == Days.from(year: 2015, month: 7, day: 21))
        #expect(day(try DateFormat("M/d/yyyy"), "11/8/2018") == Days.from(year: 2018, month: 11, day: 8))
        #expect(day(try DateFormat("M/d/yyyy"), "12/31/2019") == Days.from(year: 2019, month: 12, day: 31))
        #expect(day(try DateFormat("M/d/yy H:mm"), "12/1/09 7:45") == Days.from(year: 2009, month: 12, day: 1))
        #expect(day(try DateFormat("M/d/yy H:mm"), "1/15/75 13:05") == Days.from(year: 1975, month: 1, day: 15))
        #expect(day(try DateFormat("yyyy-MM-dd HH:mm:ss"), "2010-12-09 07:45:00") == Days.from(year: 2010, month: 12, day: 9))
        #expect(day(try DateFormat("d.M.yyyy h:mm a"), "3.4.2021 11:30 pm") == Days.from(year: 2021, month: 4, day: 3))
        #expect(day(try DateFormat("yyyy-MM-dd'T'HH:mm"), "2021-04-03T11:30") == Days.from(year: 2021, month: 4, day: 3))
        #expect(day(try DateFormat("dd-MM-yyyy"), "2015-07-21") == nil)
        #expect(day(try DateFormat("dd-MM-yyyy"), "31-02-2015") == nil)
        #expect(day(try DateFormat("M/d/yyyy"), "11/8/2018 10:00") == nil)
    }

    @Test("unusable patterns are refused with a reason")
    func badPatterns() {
        #expect(throws: DateFormatError.self) { try DateFormat("dd-QQ-yyyy") }
        #expect(throws: DateFormatError.self) { try DateFormat("HH:mm") }
        #expect(throws: DateFormatError.self) { try DateFormat("yyyy-MM-dd hh:mm") }
    }

    @Test("a date in the wrong format stops the read and shows the value")
    func wrongFormatError() throws {
        let csv = "customer_id,order_date,product_id\nA,2024-01-02,p1\nB,02/01/2024,p1\n"
        let e = ingestError(csv)
        #expect(e?.description == "orders.csv:3:3: date in column 'order_date' does not match ISO 8601 (02/01/2024); "
            + "give the date format dd/MM/yyyy (day first) or MM/dd/yyyy (month first)")
        let e2 = ingestError("Member,Date,Item\n1808,2015-07-21,milk\n") {
            $0.mapping = try ColumnMapping(parsing: "customer=Member,date=Date,product=Item")
            $0.dateFormat = try DateFormat("dd-MM-yyyy")
        }
        #expect(e2?.description == "orders.csv:2:6: date in column 'Date' does not match dd-MM-yyyy (2015-07-21); give the date format yyyy-MM-dd")
    }

    @Test("the hint names the pattern that reads the value, when one of the common layouts does")
    func dateFormatHints() {
        let flags: [Setting: String] = [.dateFormat: "--date-format", .decimalComma: "--decimal-comma"]
        func hint(_ h: InputHint?) -> String? { h?.text { flags[$0] ?? $0.phrase } }
        #expect(hint(InputHints.dateFormat(for: "25/12/2024")) == "give --date-format dd/MM/yyyy")
        #expect(hint(InputHints.dateFormat(for: "12/25/2024")) == "give --date-format MM/dd/yyyy")
        #expect(hint(InputHints.dateFormat(for: "1.2.24")) == "give --date-format dd.MM.yy (day first) or MM.dd.yy (month first)")
        #expect(hint(InputHints.dateFormat(for: "12/1/2010 8:26")) == "give --date-format dd/MM/yyyy H:mm (day first) or MM/dd/yyyy H:mm (month first)")
        #expect(hint(InputHints.dateFormat(for: "2010/12/01 08:26:00")) == "give --date-format yyyy/MM/dd H:mm:ss")
        #expect(hint(InputHints.dateFormat(for: "12/25/2024 1:05 PM")) == "give --date-format MM/dd/yyyy h:mm a")
        #expect(InputHints.dateFormat(for: "31/31/2024") == nil)
        #expect(InputHints.dateFormat(for: "yesterday") == nil)
        #expect(InputHints.decimalComma(for: "2,99") != nil && InputHints.decimalComma(for: "-1.234,5") != nil)
        #expect(InputHints.decimalComma(for: "two") == nil && InputHints.decimalComma(for: "1,2,3") == nil && InputHints.decimalComma(for: ",5") == nil)
        let e = ingestError("customer_id;order_date;product_id;quantity\nA;2024-01-02;p1;1,5\n")
        #expect(e?.description == "orders.csv:2:17: quantity in column 'quantity' is not a number (1,5); "
            + "a decimal comma? give the decimal-comma option (with a semicolon, tab or pipe delimiter)")
        #expect(e?.description(naming: { flags[$0] ?? $0.phrase }).hasSuffix("a decimal comma? give --decimal-comma (with a semicolon, tab or pipe delimiter)") == true)
        #expect(ingestError("customer_id;order_date;product_id;quantity\nA;2024-01-02;p1;1,5\n") { $0.decimalComma = true } == nil)
    }
}
