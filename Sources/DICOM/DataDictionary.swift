/// One attribute of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable {
    /// The tag; for a repeating-group entry such as (60xx,3000) the `x` digits are zero.
    public let tag: Tag
    /// The bits of a tag that must equal `tag` for this entry to apply: 0xFFFFFFFF for an exact
    /// entry, 0xFF01FFFF for (60xx,eeee) (repeating groups are even: odd groups are private),
    /// 0xFFFFFF00 for (0020,31xx), and so on.
    public let mask: UInt32
    /// The VR, the first one listed when the dictionary allows several (`US or SS`).
    public let vr: VR
    /// Further VRs the dictionary allows for the attribute (`SS` of `US or SS`).
    public let alternativeVRs: [VR]
    /// Value multiplicity as written in PS3.6: `1`, `1-n`, `2-2n`, `1-3`.
    public let vm: StaticString
    /// The keyword (`PatientName`); empty for the few entries that have none.
    public let keyword: StaticString
    /// The attribute name (`Patient's Name`).
    public let name: StaticString
    public let isRetired: Bool

    public init(
        tag: Tag, mask: UInt32 = 0xFFFF_FFFF, vr: VR, alternativeVRs: [VR] = [], vm: StaticString,
        keyword: StaticString, name: StaticString, isRetired: Bool
    ) {
        self.tag = tag
        self.mask = mask
        self.vr = vr
        self.alternativeVRs = alternativeVRs
        self.vm = vm
        self.keyword = keyword
        self.name = name
        self.isRetired = isRetired
    }

    /// The value multiplicity, parsed.
    public var multiplicity: ValueMultiplicity { ValueMultiplicity(parsing: vm.description) }
}

/// A value multiplicity rule (PS3.5 6.4): between `minimum` and `maximum` values (no maximum
/// for `n`), in steps of `step` (`2-2n` allows 2, 4, 6 ...).
public struct ValueMultiplicity: Sendable, Equatable, CustomStringConvertible {
    public var minimum: Int
    public var maximum: Int?
    public var step: Int

    public init(minimum: Int, maximum: Int?, step: Int = 1) {
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
    }

    /// Parses `1`, `1-3`, `1-n`, `2-2n`, `3-3n`; anything else reads as `1-n`.
    public init(parsing text: String) {
        let parts = text.split(separator: "-").map { String($0.filter { $0 != " " }) }
        guard let low = parts.first.flatMap({ Int($0) }) else {
            self.init(minimum: 1, maximum: nil)
            return
        }
        if parts.count == 1 {
            self.init(minimum: low, maximum: low)
        } else if let high = Int(parts[1]) {
            self.init(minimum: low, maximum: high)
        } else {
            let stepText = parts[1].dropLast()  // "2n" -> "2"
            self.init(minimum: low, maximum: nil, step: Int(stepText) ?? 1)
        }
    }

    public func allows(_ count: Int) -> Bool {
        guard count >= minimum else { return false }
        if let maximum, count > maximum { return false }
        return step <= 1 || count % step == 0
    }

    public var description: String {
        if let maximum { return maximum == minimum ? "\(minimum)" : "\(minimum)-\(maximum)" }
        return step > 1 ? "\(minimum)-\(step)n" : "\(minimum)-n"
    }
}

/// Look-ups in the generated PS3.6 data dictionary. The tables are static data compiled into the
/// binary: nothing is parsed at start-up.
public enum DataDictionary {
    /// The entry for a tag: exact entries first, then the group length rule (element 0000 is
    /// always UL, PS3.5 7.2, even in a repeating group such as (1010,xxxx)), then repeating
    /// groups, then private creator elements. Nil for unknown (including private) tags.
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        if let index = binarySearch(count: exactEntries.count, { exactEntries.tags[$0] }, tag.rawValue) {
            return exactEntries[index]
        }
        if tag.isGroupLength {
            return DictionaryEntry(
                tag: tag, vr: .UL, vm: "1", keyword: "", name: "Group Length", isRetired: false)
        }
        for index in maskedEntries.indices
        where tag.rawValue & maskedEntries.masks[index] == maskedEntries.tags[index] {
            return maskedEntries[index]
        }
        if tag.isPrivateCreator {
            return DictionaryEntry(
                tag: tag, vr: .LO, vm: "1", keyword: "", name: "Private Creator", isRetired: false)
        }
        return nil
    }

    /// The keyword of a tag (`PatientName`) without building its whole entry: the fast path for
    /// printing. Nil for unknown tags; empty for entries without a keyword.
    public static func keyword(for tag: Tag) -> StaticString? {
        if let index = binarySearch(count: exactEntries.count, { exactEntries.tags[$0] }, tag.rawValue) {
            return exactEntries.keywords[index]
        }
        return entry(for: tag)?.keyword
    }

    /// The entry whose keyword is `keyword` (case-sensitive, as in PS3.6).
    public static func entry(forKeyword keyword: String) -> DictionaryEntry? {
        binarySearch(count: keywordOrder.count, { keywordOf(Int(keywordOrder[$0])) }, keyword)
            .map { keywordEntry(Int(keywordOrder[$0])) }
    }

    /// The tag for a keyword, or nil.
    public static func tag(forKeyword keyword: String) -> Tag? {
        entry(forKeyword: keyword)?.tag
    }

    /// The VR to use for a tag when the encoding does not say (implicit VR): the dictionary's
    /// first VR, UL for group lengths, LO for private creators, UN when unknown.
    public static func defaultVR(for tag: Tag) -> VR {
        entry(for: tag)?.vr ?? .UN
    }

    /// Index `i` of the combined (exact then masked) entry list used by `keywordOrder`.
    private static func keywordEntry(_ index: Int) -> DictionaryEntry {
        index < exactEntries.count ? exactEntries[index] : maskedEntries[index - exactEntries.count]
    }

    /// The keyword of entry `i` of the combined list, without building the entry.
    private static func keywordOf(_ index: Int) -> String {
        let keyword =
            index < exactEntries.count
            ? exactEntries.keywords[index] : maskedEntries.keywords[index - exactEntries.count]
        return keyword.description
    }
}

/// A generated table of dictionary entries, stored column by column.
///
/// Scripts/generate-dictionary writes one array literal per column: literals of plain integers
/// and strings compile in seconds, while one literal array of 5,000 `DictionaryEntry(...)` calls
/// makes the type checker's memory grow with the square of the entry count (over 20 GB).
/// Entries are built on access; nothing is parsed or allocated at start-up.
struct DictionaryTable: RandomAccessCollection, Sendable {
    /// Tag values; the `x` digits of a repeating group are zero. Ascending in the exact table.
    let tags: [UInt32]
    /// The mask of each repeating-group entry; empty for the table of exact entries.
    let masks: [UInt32]
    /// The VR cell as PS3.6 writes it: `CS`, `US or SS`, `OB or OW`.
    let vrs: [StaticString]
    let vms: [StaticString]
    let keywords: [StaticString]
    let names: [StaticString]
    let retired: [Bool]

    var startIndex: Int { 0 }
    var endIndex: Int { tags.count }

    subscript(position: Int) -> DictionaryEntry {
        let (vr, alternatives) = Self.parseVRs(vrs[position])
        return DictionaryEntry(
            tag: Tag(rawValue: tags[position]), mask: masks.isEmpty ? 0xFFFF_FFFF : masks[position],
            vr: vr, alternativeVRs: alternatives, vm: vms[position], keyword: keywords[position],
            name: names[position], isRetired: retired[position])
    }

    /// `US or SS` -> (.US, [.SS]). A code that is not a VR reads as UN; the generator writes
    /// only known codes.
    static func parseVRs(_ text: StaticString) -> (VR, [VR]) {
        text.withUTF8Buffer { bytes in
            guard bytes.count >= 2 else { return (.UN, []) }
            let first = VR(code0: bytes[0], code1: bytes[1]) ?? .UN
            var alternatives: [VR] = []
            var offset = 6  // "US or SS": a code every 6 bytes
            while offset + 1 < bytes.count {
                alternatives.append(VR(code0: bytes[offset], code1: bytes[offset + 1]) ?? .UN)
                offset += 6
            }
            return (first, alternatives)
        }
    }
}

/// Binary search over a sorted key sequence given by `key(i)`; the index of `target` or nil.
@inline(__always)
func binarySearch<Key: Comparable>(count: Int, _ key: (Int) -> Key, _ target: Key) -> Int? {
    var low = 0
    var high = count - 1
    while low <= high {
        let mid = (low + high) / 2
        let candidate = key(mid)
        if candidate == target { return mid }
        if candidate < target { low = mid + 1 } else { high = mid - 1 }
    }
    return nil
}
