import DICOM

/// Text that identifies someone, gathered from inputs: the values of every element the profile
/// removes, empties, replaces or cleans (names, IDs, birth dates, addresses, telephone numbers,
/// accession numbers, institutions, physicians, serial numbers, free text, private text, UIDs),
/// less any text that also occurs in an element the profile keeps (such text cannot identify
/// more than the output already says). Used to clean text (action C) and by `--verify`.
public struct IdentifyingValues: Sendable {
    /// Upper-cased values gathered from elements the profile acts on.
    public private(set) var removed: Set<String> = []
    /// The subset of `removed` that names or identifies the patient or a person: person names
    /// and their components, the Patient module (group 0010) but its code strings, accession
    /// numbers.
    public private(set) var personal: Set<String> = []
    /// Upper-cased values of elements the profile keeps.
    public private(set) var kept: Set<String> = []
    /// Whole values of 2 or 3 characters of identifying attributes (a short patient ID or
    /// accession number, a two-letter family name): too short to look for inside text, so
    /// `Verifier` looks for them as whole tokens only.
    public private(set) var shortPersonal: Set<String> = []

    public init() {}

    /// The values to look for in outputs: every personal value, and every other removed value
    /// that is not part of a value the profile keeps (a station name `SAMPLES` removed while the
    /// kept model name is `MAKE-SAMPLES` identifies no one); never one of the dummy values the
    /// profile writes itself (`DummyValues.texts`: a patient already named ANONYMIZED).
    public var searchTerms: Set<String> {
        // Compared as UTF-8 bytes: text that differs only in Unicode normalisation does not
        // count as kept, so the term stays searched (the safe side).
        let keptText = kept.subtracting(personal).map { Array($0.utf8) }
        return personal.subtracting(DummyValues.texts).union(
            removed.subtracting(kept).filter { term in
                let needle = Array(term.utf8)
                // A UID of the standard (a SOP class written in a text element) names no one.
                return !DummyValues.texts.contains(term) && !WellKnownUIDs.isKept(term)
                    && !keptText.contains { Self.bytes($0, contain: needle) }
            })
    }

    /// Whether `needle` occurs in `haystack`.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var index = 1
                while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The short values to look for as whole tokens: `shortPersonal` less the kept values.
    public var shortTerms: Set<String> { shortPersonal.subtracting(kept) }

    /// Adds another file's values.
    public mutating func merge(_ other: IdentifyingValues) {
        removed.formUnion(other.removed)
        personal.formUnion(other.personal)
        kept.formUnion(other.kept)
        shortPersonal.formUnion(other.shortPersonal)
    }

    /// Shortest value length worth looking for: shorter text (sex, yes/no, small numbers)
    /// matches everywhere and identifies no one.
    static let minimumLength = 4
    /// Shortest person name component looked for on its own (a family name such as DOE).
    static let minimumNameComponentLength = 3
    /// Shortest whole value of an identifying attribute looked for as a token.
    static let minimumShortLength = 2

    /// Gathers the values of `dataSet` (and its items) under `profile`.
    /// - Parameter content: set inside the items of a sequence whose action is D or C, where the
    ///   free text the table does not list is replaced or cleaned, not kept (`ContentMode`).
    static func collect(
        from dataSet: DataSet, requirements: AttributeRequirements, profile: DeidentificationProfile,
        characterSet inherited: SpecificCharacterSet, content: ContentMode? = nil, into values: inout IdentifyingValues
    ) {
        let characterSet = dataSet.specificCharacterSet(inherited: inherited)
        var seen: Set<Tag> = []
        for element in dataSet.elements where !element.tag.isGroupLength || !ProfileEngine.isGroupLengthValue(element) {
            guard dataSet.isInTagOrder || seen.insert(element.tag).inserted, !element.tag.isGroupLength else {
                // A repeated tag, or a group length that is none: the profile removes it with
                // everything in it.
                var repeated = DataSet()
                repeated.set(element)
                values.addAll(repeated, characterSet: characterSet)
                continue
            }
            let decision = ProfileDecision.make(for: element, in: dataSet, requirements: requirements, profile: profile)
            if element.isSequence {
                if decision.keepsValue || decision == .action(.clean) || decision == .action(.dummy) || decision == .action(.replaceUID) {
                    let inner: ContentMode? =
                        switch decision {
                        case .action(.dummy): ContentMode.nested(content, .dummy)
                        case .action(.clean): ContentMode.nested(content, .clean)
                        default: content
                        }
                    for item in element.items {
                        collect(
                            from: item.dataSet, requirements: requirements.items(of: element.tag), profile: profile,
                            characterSet: characterSet, content: inner, into: &values)
                    }
                } else {
                    // Removed or emptied with everything inside: all its text is identifying.
                    for item in element.items { values.addAll(item.dataSet, characterSet: characterSet) }
                }
                continue
            }
            if let content, decision == .unlisted, ContentMode.isFreeText(element.vr) {
                // Replaced by a dummy (D, person names) or cleaned (C, coded entries): not kept.
                if !ContentMode.isCoded(element.tag) && (content == .dummy || element.vr == .PN) {
                    values.add(element, characterSet: characterSet, to: .removed)
                }
                continue
            }
            if decision == .privateElement(keep: true) && element.vr == .UI && !profile.has(.retainUIDs) {
                // A safe private UID is replaced like every UID.
                if let uid = element.string(), !WellKnownUIDs.isKept(trimUIDPadding(uid)) {
                    values.add(element, characterSet: characterSet, to: .removed)
                }
            } else if decision.keepsValue || (decision == .action(.clean) && element.vr == .TM && profile.has(.retainLongModifiedDates)) {
                values.add(element, characterSet: characterSet, to: .kept)
            } else if decision == .action(.clean) && element.vr != .DA && element.vr != .DT {
                // Cleaned text keeps what is not identifying: its parts are judged where they
                // come from (names, IDs), not here.
                continue
            } else if element.vr == .UI {
                // A standard UID (SOP class, transfer syntax) stays and identifies no one.
                if let uid = element.string(), !WellKnownUIDs.isKept(trimUIDPadding(uid)) {
                    values.add(element, characterSet: characterSet, to: .removed)
                }
            } else {
                values.add(element, characterSet: characterSet, to: .removed)
            }
        }
    }

    /// Adds every text value of `dataSet` and its items as identifying.
    mutating func addAll(_ dataSet: DataSet, characterSet inherited: SpecificCharacterSet) {
        let characterSet = dataSet.specificCharacterSet(inherited: inherited)
        for element in dataSet.elements {
            if element.isSequence {
                for item in element.items { addAll(item.dataSet, characterSet: characterSet) }
            } else if element.vr != .UI || !(element.string().map { WellKnownUIDs.isKept(trimUIDPadding($0)) } ?? true) {
                add(element, characterSet: characterSet, to: .removed)
            }
        }
    }

    /// Adds the text of one element: the whole value, each of its values, and for person names
    /// each name component.
    mutating func add(_ element: Element, characterSet: SpecificCharacterSet, to bucket: Bucket) {
        guard Self.isSearchable(element.vr), let text = element.string(characterSet: characterSet) else { return }
        let upper = text.uppercased()
        var found = [upper]
        if element.vr.allowsMultipleStringValues { found += upper.split(separator: "\\").map { $0.trimming(" ") } }
        // Code strings of the Patient module (Type of Patient ID TEXT, Responsible Person Role
        // OWNER) are codes, not a person's: they stay ordinary removed values.
        let isPersonal =
            bucket == .removed && element.vr != .CS
            && (element.vr == .PN || element.tag.group == 0x0010 || element.tag == .accessionNumber)
        for value in found where value.count >= Self.minimumLength {
            insert(value, bucket)
            if isPersonal { personal.insert(value) }
        }
        if isPersonal && Self.hasShortValues(element.vr) {
            for value in Set(found.map { $0.trimming(" \0") })
            where (Self.minimumShortLength..<Self.minimumLength).contains(value.count) {
                shortPersonal.insert(value)
            }
        }
        if element.vr == .PN {
            for component in Self.nameComponents(upper) {
                let trimmed = component.trimming(" ")
                if isPersonal && trimmed.count >= Self.minimumShortLength && trimmed.count < Self.minimumNameComponentLength {
                    shortPersonal.insert(trimmed)
                }
                guard trimmed.count >= Self.minimumNameComponentLength else { continue }
                insert(trimmed, bucket)
                if isPersonal { personal.insert(trimmed) }
            }
        }
    }

    /// The family, given and middle names of each value and group of a person name (prefixes
    /// and suffixes such as MRS or DR identify no one).
    static func nameComponents(_ name: String) -> [Substring] {
        name.split(separator: "\\").flatMap { value in
            value.split(separator: "=", omittingEmptySubsequences: false).flatMap { group in
                group.split(separator: "^", omittingEmptySubsequences: false).prefix(3).filter { !$0.isEmpty }
            }
        }
    }

    /// Which of the two sets a value goes to.
    enum Bucket {
        case removed, kept
    }

    private mutating func insert(_ value: String, _ bucket: Bucket) {
        switch bucket {
        case .removed: removed.insert(value)
        case .kept: kept.insert(value)
        }
    }

    /// VRs of identifying attributes whose short whole values still identify (names and IDs; not
    /// codes such as a sex, ages or dates).
    static func hasShortValues(_ vr: VR) -> Bool {
        switch vr {
        case .PN, .LO, .SH: true
        default: false
        }
    }

    /// VRs whose values are text worth searching for (numbers and binary values are not).
    static func isSearchable(_ vr: VR) -> Bool {
        switch vr {
        case .AE, .AS, .CS, .DA, .DT, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT, .UN: true
        default: false
        }
    }
}
