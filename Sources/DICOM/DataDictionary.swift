/// One attribute of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable {
    /// The tag; for a repeating-group entry such as (60xx,3000) the `x` digits are zero.
    public let tag: Tag
    /// The bits of a tag that must equal `tag` for this entry to apply: 0xFFFFFFFF for an exact
    /// entry, 0xFF00FFFF for (60xx,eeee), and so on.
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
        if let index = binarySearch(count: exactEntries.count, { exactEntries[$0].tag.rawValue }, tag.rawValue) {
            return exactEntries[index]
        }
        if tag.isGroupLength {
            return DictionaryEntry(
                tag: tag, vr: .UL, vm: "1", keyword: "", name: "Group Length", isRetired: false)
        }
        for entry in maskedEntries where tag.rawValue & entry.mask == entry.tag.rawValue {
            return entry
        }
        if tag.isPrivateCreator {
            return DictionaryEntry(
                tag: tag, vr: .LO, vm: "1", keyword: "", name: "Private Creator", isRetired: false)
        }
        return nil
    }

    /// The entry whose keyword is `keyword` (case-sensitive, as in PS3.6).
    public static func entry(forKeyword keyword: String) -> DictionaryEntry? {
        var low = 0
        var high = keywordOrder.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let entry = keywordEntry(Int(keywordOrder[mid]))
            let candidate = entry.keyword.description
            if candidate == keyword { return entry }
            if candidate < keyword { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
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
