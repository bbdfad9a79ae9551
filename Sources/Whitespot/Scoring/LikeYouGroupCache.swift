import Synchronization

/// The "like you" groups of product pairs that reasons have already found, and their counts
/// against the products they explained, shared by every customer a scorer explains.
///
/// A reason names the customer's two purchases closest to the product it recommends, and the
/// same popular pairs come back for many customers; their groups (the customers who bought both,
/// ascending) are the costly ones to find, thousands of buyers each in bitsets that are rarely
/// in cache, and counting a group against a product reads that product's bitset too. So the
/// cache keeps both: a pair's group, and for a pair (or a single product) and a recommended
/// product the two counts a reason prints, before the customer's own purchases are taken out.
///
/// Keys are spread over ``stripes`` parts, each behind its own mutex, so the scoring workers
/// rarely wait for each other. Groups: each part keeps two generations of at most half its share
/// of `budget` customer ids (a group costs its members plus ``overhead``): new groups go into the
/// current generation; when it is full it becomes the previous one and the oldest is dropped, and
/// a group found in the previous generation moves back into the current one. So pairs in steady
/// use stay and one-off pairs age out. Counts live in a fixed table (``LikeYouCountTable``) where a
/// new count displaces an old one. The memory never grows with the number of rows, and outputs
/// do not depend on what the cache holds.
final class LikeYouGroupCache: Sendable {
    /// The default budget: 64 Mi customer ids (256 MiB), measured: on the 200k-customer benchmark
    /// data (top 10) it saves a tenth of the default job's CPU over 16 Mi; that job's 0.53 M groups
    /// hold 11 M ids (44 MB), so it never drops one there.
    static let defaultBudget = 64 << 20
    /// What one group costs besides its members, in ids (its table entry and array header).
    static let overhead = 16
    /// The default number of count slots: 2 Mi (32 MiB), room for the 0.77 M distinct counts
    /// that the 1.7 M like-you reasons of the 200k-customer benchmark's top-10 job name.
    static let defaultCountSlots = 2 << 20
    /// The default number of independently locked parts.
    static let defaultStripes = 64

    /// Most customer ids (with overhead) held at once.
    let budget: Int
    private let parts: [Part]

    /// The two counts of a group against a product: the group's size and how many of it bought the product.
    typealias Counts = (size: Int, alsoBuying: Int)

    private struct Generation {
        var groups: [UInt64: [Int32]] = [:]
        var held = 0
    }

    private struct State {
        var current = Generation()
        var previous = Generation()
    }

    private final class Part: Sendable {
        let state = Mutex(State())
    }

    private let countTable: LikeYouCountTable

    /// An empty cache holding at most `budget` customer ids of groups and `countSlots` counts,
    /// in `stripes` independently locked parts.
    init(budget: Int = LikeYouGroupCache.defaultBudget, countSlots: Int = LikeYouGroupCache.defaultCountSlots,
         stripes: Int = LikeYouGroupCache.defaultStripes) {
        self.budget = budget
        parts = (0 ..< max(1, stripes)).map { _ in Part() }
        countTable = LikeYouCountTable(slots: countSlots, stripes: stripes)
    }

    /// The number of independently locked parts.
    var stripes: Int { parts.count }

    /// How many groups and counts it holds, and the groups' ids (with overhead).
    var size: (groups: Int, counts: Int, held: Int) {
        let groups = parts.reduce((0, 0)) { total, part in
            part.state.withLock { s in
                (total.0 + s.current.groups.count + s.previous.groups.count, total.1 + s.current.held + s.previous.held)
            }
        }
        return (groups.0, countTable.count, groups.1)
    }

    /// Ids a part's generation may hold.
    private var generationLimit: Int { budget / parts.count / 2 }

    /// The cached group of products `a` and `b` (in either order), if any.
    func group(_ a: Int, _ b: Int) -> [Int32]? {
        let key = Self.key(a, b), limit = generationLimit
        return part(key).state.withLock { state in
            if let members = state.current.groups[key] { return members }
            guard let members = state.previous.groups.removeValue(forKey: key) else { return nil }
            state.previous.held -= members.count + Self.overhead
            Self.insert(members, key, into: &state, limit: limit)
            return members
        }
    }

    /// Keeps `members` as the group of `a` and `b` (a group larger than a generation is not kept),
    /// in an allocation of its own size: groups are found in room for the shorter buyer list
    /// (typically ten times the group), and the budget counts ids, so the memory kept must be the ids.
    func keep(_ members: [Int32], for a: Int, _ b: Int) {
        let key = Self.key(a, b), limit = generationLimit, cost = members.count + Self.overhead
        guard cost <= limit else { return }
        let compact = members.capacity > members.count + 8
            ? [Int32](unsafeUninitializedCapacity: members.count) { out, n in
                _ = out.initialize(from: members)
                n = members.count
            }
            : members
        part(key).state.withLock { Self.insert(compact, key, into: &$0, limit: limit) }
    }

    /// The kept counts of the group of `a` and `b` (`b` nil: the buyers of `a`) against product `i`.
    func counts(_ a: Int, _ b: Int?, against i: Int) -> Counts? {
        guard LikeYouCountTable.holds(a, b ?? a, i) else { return nil }
        return countTable.value(LikeYouCountTable.key(a, b ?? a, i)).map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    /// Keeps `counts` as those of the group of `a` and `b` (`b` nil: the buyers of `a`) against product `i`.
    func keep(_ counts: Counts, for a: Int, _ b: Int?, against i: Int) {
        guard LikeYouCountTable.holds(a, b ?? a, i) else { return }
        countTable.insert(UInt64(counts.size) << 32 | UInt64(counts.alsoBuying), for: LikeYouCountTable.key(a, b ?? a, i))
    }

    /// Puts a group into the current generation, first retiring it when it would pass `limit`.
    private static func insert(_ members: [Int32], _ key: UInt64, into state: inout State, limit: Int) {
        let cost = members.count + overhead
        if state.current.held + cost > limit {
            state.previous = state.current
            state.current = Generation()
        }
        if state.current.groups.updateValue(members, forKey: key) == nil { state.current.held += cost }
    }

    /// The part that holds the entries of the pair `key`.
    private func part(_ key: UInt64) -> Part {
        parts[LikeYouCountTable.spread(key) % parts.count]
    }

    private static func key(_ a: Int, _ b: Int) -> UInt64 {
        UInt64(min(a, b)) << 32 | UInt64(max(a, b))
    }
}
