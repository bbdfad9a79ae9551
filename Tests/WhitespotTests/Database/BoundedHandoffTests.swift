import Foundation
import Testing
@testable import Whitespot

/// The producer–consumer overlap the database writers use: every value consumed in order, and
/// an error on either side ends both and comes out.
@Suite("Bounded handoff")
struct BoundedHandoffTests {
    struct Stop: Error, Equatable { var at: Int }

    @Test("values are consumed in order, at most the capacity ahead")
    func inOrder() throws {
        var seen: [Int] = []
        let lock = NSLock()
        var ahead = 0, mostAhead = 0
        try BoundedHandoff<Int>.overlapped(capacity: 2, consume: { v in
            lock.lock(); seen.append(v); ahead -= 1; lock.unlock()
            usleep(200)
        }, produce: { put in
            for v in 0 ..< 500 {
                lock.lock(); ahead += 1; mostAhead = max(mostAhead, ahead); lock.unlock()
                try put(v)
            }
        })
        #expect(seen == Array(0 ..< 500))
        #expect(mostAhead <= 4)  // two queued, one being consumed, one being put
    }

    @Test("a consumer error stops the producer and is thrown")
    func consumerError() {
        var produced = 0
        #expect(throws: Stop(at: 3)) {
            try BoundedHandoff<Int>.overlapped(capacity: 2, consume: { v in
                if v == 3 { throw Stop(at: 3) }
            }, produce: { put in
                for v in 0 ..< 10_000 { produced = v; try put(v) }
            })
        }
        #expect(produced < 10_000 - 1)
    }

    @Test("a producer error is thrown after the consumer finished")
    func producerError() {
        var consumed = 0
        #expect(throws: Stop(at: 7)) {
            try BoundedHandoff<Int>.overlapped(capacity: 2, consume: { _ in consumed += 1 }, produce: { put in
                for v in 0 ..< 7 { try put(v) }
                throw Stop(at: 7)
            })
        }
        #expect(consumed == 7)
    }
}
