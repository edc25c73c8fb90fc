/// What to de-identify with: the Basic Application Level Confidentiality Profile (PS3.15
/// E.1), the options selected, and the key of the keyed replacements.
public struct DeidentificationProfile: Sendable {
    public let options: Set<ProfileOption>
    public let pseudonyms: Pseudonyms

    /// - Throws: `DeidentifyError.options` when two options exclude each other
    ///   (retain-long-full-dates with retain-long-modified-dates).
    public init(options: Set<ProfileOption> = [], key: DeidentificationKey) throws {
        for (first, second) in ProfileOption.exclusivePairs where options.contains(first) && options.contains(second) {
            throw DeidentifyError(.options, "\(first.rawValue) and \(second.rawValue) cannot be selected together")
        }
        self.options = options
        self.pseudonyms = Pseudonyms(key: key)
    }

    /// Whether `option` is selected.
    public func has(_ option: ProfileOption) -> Bool { options.contains(option) }

    /// The CID 7050 codes to record: the Basic Profile, then each option in table order.
    public var methodCodes: [DeidentificationCode] {
        [.basicProfile] + options.sorted().map(\.code)
    }

    /// The value of Longitudinal Temporal Information Modified (0028,0303).
    var temporalInformation: String {
        has(.retainLongFullDates) ? "UNMODIFIED" : has(.retainLongModifiedDates) ? "MODIFIED" : "REMOVED"
    }
}

/// How many times each kind of change was made to a file, for its report line.
public struct ActionTally: Sendable, Equatable {
    /// The kinds of change, in report order.
    public enum Kind: String, Sendable, CaseIterable {
        case removed = "X removed"
        case emptied = "Z emptied"
        case dummy = "D dummy value"
        case kept = "K kept"
        case cleaned = "C cleaned"
        case uidReplaced = "U UID replaced"
        case pseudonym = "pseudonym"
        case dateShifted = "date shifted"
        case privateRemoved = "private removed"
        case privateKept = "private kept (safe)"
        case unknownRemoved = "unknown attribute removed"
        case added = "added"
    }

    public private(set) var counts: [Kind: Int] = [:]

    public init() {}

    mutating func count(_ kind: Kind, _ amount: Int = 1) { counts[kind, default: 0] += amount }

    public subscript(kind: Kind) -> Int { counts[kind] ?? 0 }

    /// `X removed: 12` lines for every kind that occurred, in report order.
    public var lines: [String] {
        Kind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue): \($0)" } }
    }
}
