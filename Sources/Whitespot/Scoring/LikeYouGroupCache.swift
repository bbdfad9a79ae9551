import Synchronization

/// The "like you" groups of product pairs that reasons have already found, shared by every
/// customer a scorer explains: the customers who bought both products, ascending.
///
/// A reason names the customer's two purchases closest to the product it recommends, and the
/// same popular pairs come back for many customers; their groups are the costly ones to find
/// (thousands of buyers each) and are then only counted against each product. The cache holds
/// at most `budget` customer ids in all and starts afresh when a new group would not fit,
/// so it never grows with the number of rows. Reads and writes are serialised by a mutex;
/// outputs do not depend on what it holds.
final class LikeYouGroupCache: Sendable {
    /// The default budget: 16 Mi customer ids (64 MiB).
    static let defaultBudget = 16 << 20

    /// Most customer ids held at once.
    let budget: Int

    private struct State {
        var groups: [UInt64: [Int32]] = [:]
        var held = 0
    }

    private let state = Mutex(State())

    /// An empty cache holding at most `budget` customer ids.
    init(budget: Int = LikeYouGroupCache.defaultBudget) {
        self.budget = budget
    }

    /// How many groups and customer ids it holds.
    var size: (groups: Int, members: Int) {
        state.withLock { ($0.groups.count, $0.held) }
    }

    /// The cached group of products `a` and `b` (in either order), if any.
    func group(_ a: Int, _ b: Int) -> [Int32]? {
        state.withLock { $0.groups[Self.key(a, b)] }
    }

    /// Keeps `members` as the group of `a` and `b`; clears the cache first when it would exceed
    /// the budget (a group larger than the whole budget is not kept).
    func keep(_ members: [Int32], for a: Int, _ b: Int) {
        guard members.count <= budget else { return }
        state.withLock { state in
            if state.held + members.count > budget {
                state.groups.removeAll()
                state.held = 0
            }
            if state.groups.updateValue(members, forKey: Self.key(a, b)) == nil { state.held += members.count }
        }
    }

    private static func key(_ a: Int, _ b: Int) -> UInt64 {
        UInt64(min(a, b)) << 32 | UInt64(max(a, b))
    }
}
