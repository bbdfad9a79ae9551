import Testing
@testable import Whitespot

@Suite("Huge-page backed arrays")
struct HugePagesTests {
    @Test("arrays and buffers hold exactly the values asked for, below and above the advice threshold")
    func contents() {
        for count in [0, 1, 1000, HugePages.threshold / 8 + 4099] {
            let array = HugePages.array(repeating: UInt64(7), count: count)
            #expect(array.count == count && array.allSatisfy { $0 == 7 })
            let buffer = HugePages.allocate(repeating: Int32(-3), count: count)
            defer { buffer.deallocate() }
            #expect(buffer.count == count && buffer.allSatisfy { $0 == -3 })
        }
    }
}
