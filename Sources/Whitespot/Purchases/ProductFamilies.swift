/// Products that are one product under several codes: the same normalised name (and the same
/// category, where categories are known).
///
/// Real catalogues re-code products: a new code for each year's price, a code per pack size or
/// colour, a replacement part number. A customer who buys one member of such a **family**
/// already buys the product, so no other member is a whitespot for them. Names are normalised
/// by trimming, collapsing runs of white space to one space and case-folding (lowercasing);
/// products without a name are families of their own.
///
/// ```swift
/// let families = ProductFamilies(names: ["Red Mug", " red  mug", "Blue Mug"], category: [-1, -1, -1])
/// families.members(ofFamilyOf: 0)   // [0, 1]
/// families.familyOf[2]              // -1: a family of one
/// ```
public struct ProductFamilies: Sendable, Equatable {
    /// Family of each product among the shared ones (indexing ``start``), or -1 when no other
    /// product shares its name.
    public let familyOf: [Int32]
    /// Offsets of each shared family's members in ``member``.
    public let start: [Int]
    /// Members of the shared families, ascending within a family.
    public let member: [Int32]

    /// Number of names (families) that span several product codes.
    public var sharedNames: Int { start.count - 1 }
    /// Number of product codes in those families.
    public var codesInSharedNames: Int { member.count }

    /// No shared families: every product is its own.
    public init(productCount: Int) {
        familyOf = [Int32](repeating: -1, count: productCount)
        start = [0]
        member = []
    }

    /// Families of products with display names `names` (nil or empty: no name) and category
    /// indices `category` (-1: unknown).
    /// - Complexity: O(total length of the names).
    public init(names: [String?], category: [Int32]) {
        var keyIndex: [String: Int] = [:], keyOf = [Int](repeating: -1, count: names.count), sizes: [Int] = []
        for (i, name) in names.enumerated() {
            guard let key = ProductFamilies.normalised(name) else { continue }
            let full = i < category.count && category[i] >= 0 ? "\(category[i])\u{1F}\(key)" : key
            let k: Int
            if let known = keyIndex[full] { k = known } else {
                k = sizes.count
                keyIndex[full] = k
                sizes.append(0)
            }
            keyOf[i] = k
            sizes[k] += 1
        }
        var familyOfKey = [Int32](repeating: -1, count: sizes.count)
        var start = [0]
        for k in sizes.indices where sizes[k] > 1 {
            familyOfKey[k] = Int32(start.count - 1)
            start.append(start[start.count - 1] + sizes[k])
        }
        var familyOf = [Int32](repeating: -1, count: names.count)
        var member = [Int32](repeating: 0, count: start[start.count - 1])
        var fill = Array(start.dropLast())
        for i in names.indices where keyOf[i] >= 0 && familyOfKey[keyOf[i]] >= 0 {
            let f = Int(familyOfKey[keyOf[i]])
            familyOf[i] = Int32(f)
            member[fill[f]] = Int32(i)
            fill[f] += 1
        }
        self.familyOf = familyOf
        self.start = start
        self.member = member
    }

    /// The members of product `i`'s family, `i` included (just `[i]` for a family of one).
    public func members(ofFamilyOf i: Int) -> ArraySlice<Int32> {
        let f = Int(familyOf[i])
        guard f >= 0 else { return [Int32(i)][...] }
        return member[start[f] ..< start[f + 1]]
    }

    /// The normalised family key of a name: trimmed, white space collapsed, lowercased; nil
    /// when nothing is left.
    public static func normalised(_ name: String?) -> String? {
        guard let name else { return nil }
        let words = name.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { return nil }
        return words.joined(separator: " ").lowercased()
    }
}
