import DICOM

/// What the profile does to one element, before it is done: the decision shared by the pass
/// that applies the profile and the pass that collects identifying values.
enum ProfileDecision: Equatable {
    /// Not listed by Table E.1-1: kept (its items, if a sequence, still get the profile).
    case unlisted
    /// A UID outside the table whose value is not a standard UID: replaced like U (coding
    /// scheme, context and mapping resource UIDs excepted: `WellKnownUIDs.codingContexts`).
    case unlistedUID
    /// A private element: removed, or kept as known safe.
    case privateElement(keep: Bool)
    /// A standard (even) group element the data dictionary does not know (a mistyped tag,
    /// vendor data outside a private group, an attribute newer than the dictionary), or a
    /// command or File Meta element inside the data set: what it holds cannot be known to be
    /// safe, so it is removed.
    case unknownPublic
    /// A row of the table, alternatives resolved by the attribute's type in the IOD.
    case action(ProfileAction)

    /// The decision for `element` of `dataSet` (a private element needs its creator).
    static func make(
        for element: Element, in dataSet: DataSet, requirements: AttributeRequirements, profile: DeidentificationProfile
    ) -> ProfileDecision {
        let tag = element.tag
        if tag.isPrivate {
            guard profile.has(.retainSafePrivate) else { return .privateElement(keep: false) }
            if tag.isPrivateCreator {
                let creator = element.string(characterSet: .defaultRepertoire)
                return .privateElement(keep: SafePrivateAttributes.hasSafeElements(creator: creator))
            }
            return .privateElement(keep: SafePrivateAttributes.isSafe(tag, creator: dataSet.privateCreator(of: tag)))
        }
        guard let row = ProfileTable.row(for: tag) ?? contentContainers[tag].flatMap(ProfileTable.row(for:)) else {
            // Command (0000) and File Meta (0002) elements have no place in a stored data set
            // (PS3.7 6.3, PS3.10 7.1); Move Originator AE Title and the like name devices.
            if tag.group == 0x0000 || tag.group == 0x0002 || DataDictionary.keyword(for: tag) == nil { return .unknownPublic }
            // The entry is looked up only for sequences and text: most unlisted elements are neither.
            if element.isSequence || textVRs.contains(element.vr), let entry = DataDictionary.entry(for: tag),
                contradictsDictionary(element, entry)
            {
                return .unknownPublic
            }
            let replacesUID = element.vr == .UI && !profile.has(.retainUIDs) && !WellKnownUIDs.codingContexts.contains(tag)
            return replacesUID ? .unlistedUID : .unlisted
        }
        let action = row.action(with: profile.options)
        // X on a sequence takes all its items, and X on overlay data its whole group (the
        // Overlay Plane Module is user optional): conformant whatever the type says.
        if action == .remove && (element.isSequence || tag.group & 0xFF01 == 0x6000) { return .action(.remove) }
        return .action(action.resolved(for: requirements.level(of: tag)))
    }

    /// Free-text VRs: what can hold a name.
    private static let textVRs: Set<VR> = [.LO, .LT, .SH, .ST, .UT, .UC, .PN]

    /// Whether an element the table does not list holds content of another kind than its tag
    /// says, so that the table's silence about the tag says nothing about it: items under a tag
    /// the dictionary does not define as a sequence (a Graphic Annotation Sequence under a wrong
    /// tag), or free text under a tag whose VR is not free text (a protocol name in Dynamic
    /// Range (0018,5030), a DS).
    static func contradictsDictionary(_ element: Element, _ entry: DictionaryEntry) -> Bool {
        let allowed = Set([entry.vr] + entry.alternativeVRs)
        if allowed.contains(.UN) { return false }
        if element.isSequence { return !allowed.contains(.SQ) }
        return textVRs.contains(element.vr) && allowed.isDisjoint(with: textVRs)
    }

    /// Sequences Table E.1-1 does not list that hold SR content items, with the row they take:
    /// Relationship Sequence (0040,A731), retired, nested content items as Content Sequence
    /// (0040,A730) does, text values and all.
    static let contentContainers: [Tag: Tag] = [Tag(0x0040, 0xA731): .contentSequence]

    /// Whether the original value can leave in the output as it is.
    var keepsValue: Bool {
        switch self {
        case .unlisted: true
        case .unlistedUID: false
        case .privateElement(let keep): keep
        case .unknownPublic: false
        case .action(let action): action == .keep
        }
    }
}
