import Testing
@testable import Whitespot

@Suite("Numbers")
struct NumberParserTests {
    func parse(_ text: String, comma: Bool = false) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0, decimalComma: comma) }
    }

    @Test("decimal forms, exactly rounded")
    func forms() {
        #expect(parse("12") == 12 && parse("-12") == -12 && parse("+3") == 3)
        #expect(parse("6.95") == 6.95 && parse("0.1") == 0.1 && parse(".5") == 0.5 && parse("5.") == 5)
        #expect(parse(" 7.25 ") == 7.25)
        #expect(parse("1e3") == 1000 && parse("2.5E-3") == 0.0025)
        #expect(parse("1e308") == 1e308)
        #expect(parse("123456789012345678901234") == 123456789012345678901234.0)
        #expect(parse("0.000000000000000000000000001") == 1e-27)
        #expect(parse("1,5", comma: true) == 1.5)
    }

    @Test("not numbers")
    func rejects() {
        for text in ["", " ", "-", ".", "e5", "1e", "1.2.3", "NaN", "inf", "1,5", "12abc", "0x10", "1 000"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}
