/// One UID of the PS3.6 registry (Table A-1 and friends).
public struct UIDEntry: Sendable {
    public let uid: StaticString
    /// The UID's name (`CT Image Storage`).
    public let name: StaticString
    /// The registry's type column: `SOP Class`, `Transfer Syntax`, `Coding Scheme`, ...
    public let kind: StaticString
    /// The keyword (`CTImageStorage`); may be empty.
    public let keyword: StaticString
    public let isRetired: Bool

    public init(uid: StaticString, name: StaticString, kind: StaticString, keyword: StaticString, isRetired: Bool) {
        self.uid = uid
        self.name = name
        self.kind = kind
        self.keyword = keyword
        self.isRetired = isRetired
    }

    public var isTransferSyntax: Bool { kind.description == "Transfer Syntax" }
    public var isSOPClass: Bool { kind.description == "SOP Class" }
}

/// Look-ups in the generated UID registry.
public enum UIDRegistry {
    /// The registry entry of a UID, or nil for a UID the standard does not define.
    public static func entry(for uid: String) -> UIDEntry? {
        binarySearch(count: entries.count, { entries.uids[$0].description }, uid).map { entries[$0] }
    }

    /// The UID's name, or nil.
    public static func name(of uid: String) -> String? { entry(for: uid)?.name.description }

    /// Whether the UID is defined by the standard (SOP classes, transfer syntaxes, coding
    /// schemes, well-known instances): such UIDs are never replaced by de-identification.
    public static func isStandard(_ uid: String) -> Bool { entry(for: uid) != nil }
}

/// The generated UID registry, stored column by column (see `DictionaryTable` for why); sorted
/// by UID.
struct UIDTable: RandomAccessCollection, Sendable {
    let uids: [StaticString]
    let names: [StaticString]
    let kinds: [StaticString]
    let keywords: [StaticString]
    let retired: [Bool]

    var startIndex: Int { 0 }
    var endIndex: Int { uids.count }

    subscript(position: Int) -> UIDEntry {
        UIDEntry(
            uid: uids[position], name: names[position], kind: kinds[position],
            keyword: keywords[position], isRetired: retired[position])
    }
}
