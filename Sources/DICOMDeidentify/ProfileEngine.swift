import DICOM
import Foundation

/// Applies the profile to a data set and its items (PS3.15 E.3): one element at a time, by the
/// decision of `ProfileDecision`, recursing into every sequence the profile keeps. Inside a
/// sequence whose action is D or C the free text the table does not list is replaced or cleaned
/// too (`ContentMode`). Elements it leaves alone keep their original bytes, so the writer copies
/// them verbatim.
struct ProfileEngine {
    let profile: DeidentificationProfile
    /// Where the identifying values of this file come from, asked the first time text is
    /// cleaned (most files have no text to clean, and gathering the values costs).
    private let termSource: () -> Set<String>
    /// Identifying values of this file, folded (`TextFolding`), longest first: blanked out of
    /// text that is cleaned (C), wherever they occur in it. Nil until first needed.
    private var foldedTerms: [String]?
    /// Days dates move by (retain-long-modified-dates), keyed by patient.
    let dateOffset: Int
    private(set) var tally = ActionTally()
    private(set) var diagnostics: [Diagnostic] = []
    /// Original UID -> replacement, for the crosswalk.
    private(set) var uidMap: [String: String] = [:]
    /// Original patient name and ID -> pseudonym, for the crosswalk.
    private(set) var patientMap: [CrosswalkEntry] = []

    init(profile: DeidentificationProfile, cleaningTerms: Set<String>, dateOffset: Int) {
        self.init(profile: profile, cleaningTerms: { cleaningTerms }, dateOffset: dateOffset)
    }

    /// - Parameter cleaningTerms: gives the file's identifying values when text is first cleaned.
    init(profile: DeidentificationProfile, cleaningTerms: @escaping () -> Set<String>, dateOffset: Int) {
        self.profile = profile
        self.termSource = cleaningTerms
        self.dateOffset = dateOffset
    }

    /// The cleaning terms, folded and longest first (the lengths counted once: String.count
    /// walks the characters).
    private mutating func cleaningTerms() -> [String] {
        if let foldedTerms { return foldedTerms }
        let folded: [(term: String, length: Int)] = Set(termSource().map { TextFolding.fold($0) }).filter { !$0.isEmpty }
            .map { (term: $0, length: $0.count) }
        let terms = folded.sorted { a, b in a.length != b.length ? a.length > b.length : a.term < b.term }.map(\.term)
        foldedTerms = terms
        return terms
    }

    /// Applies the profile to `dataSet`; returns whether anything changed.
    /// - Parameter content: set inside the items of a sequence whose action was D or C.
    @discardableResult
    mutating func apply(
        to dataSet: inout DataSet, requirements: AttributeRequirements, characterSet inherited: SpecificCharacterSet,
        path: TagPath = .root, content: ContentMode? = nil
    ) -> Bool {
        let characterSet = dataSet.specificCharacterSet(inherited: inherited)
        // A repeated tag would get the profile only in its first element (every change is made
        // by tag): the repeats go, whatever they hold.
        let repeats = dataSet.removeRepeatedElements()
        if repeats > 0 { tally.count(.removed, repeats) }
        var removals: Set<Tag> = []
        var removedOverlayGroups: Set<UInt16> = []
        var replacements: [Element] = []
        for element in dataSet.elements where !element.tag.isGroupLength || !ProfileEngine.isGroupLengthValue(element) {
            if element.tag.isGroupLength {
                // (gggg,0000) holding anything but a 4-byte UL is no group length.
                removals.insert(element.tag)
                tally.count(.unknownRemoved)
                continue
            }
            let decision = ProfileDecision.make(for: element, in: dataSet, requirements: requirements, profile: profile)
            let elementPath = path.appending(element.tag)
            switch decision {
            case .privateElement(let keep):
                if keep {
                    tally.count(.privateKept)
                    // A safe private UID still names an instance: replaced like every UID.
                    if element.vr == .UI && !profile.has(.retainUIDs), let replaced = replacingUIDs(element) {
                        replacements.append(replaced)
                        tally.count(.uidReplaced)
                    } else if element.isSequence,
                        let changed = cleanedItems(element, requirements: .none, characterSet: characterSet, path: elementPath, content: content)
                    {
                        replacements.append(changed)
                    }
                } else {
                    removals.insert(element.tag)
                    tally.count(.privateRemoved)
                }
            case .unknownPublic:
                removals.insert(element.tag)
                tally.count(.unknownRemoved)
            case .unlisted:
                if element.isSequence {
                    if let changed = cleanedItems(
                        element, requirements: requirements.items(of: element.tag), characterSet: characterSet, path: elementPath,
                        content: content)
                    {
                        replacements.append(changed)
                    }
                } else if let content, let changed = contentText(element, mode: content, characterSet: characterSet) {
                    replacements.append(changed)
                }
            case .unlistedUID:
                if let replaced = replacingUIDs(element) {
                    replacements.append(replaced)
                    tally.count(.uidReplaced)
                }
            case .action(let action):
                switch perform(action, on: element, requirements: requirements, characterSet: characterSet, path: elementPath, content: content) {
                case .remove:
                    removals.insert(element.tag)
                    if element.tag.group & 0xFF01 == 0x6000 && element.tag.element == 0x3000 {
                        removedOverlayGroups.insert(element.tag.group)
                    }
                case .replace(let new): replacements.append(new)
                case .unchanged: break
                }
            }
        }
        // An overlay without its data is no overlay: the rest of its group goes too (the
        // Overlay Plane Module is user optional in every IOD).
        if !removedOverlayGroups.isEmpty {
            for element in dataSet.elements where removedOverlayGroups.contains(element.tag.group) {
                removals.insert(element.tag)
            }
        }
        let changed = repeats > 0 || !removals.isEmpty || !replacements.isEmpty
        if !removals.isEmpty { dataSet.removeAll { removals.contains($0.tag) } }
        for replacement in replacements {
            dataSet.modify(replacement.tag) { element in
                element.vr = replacement.vr
                element.value = replacement.value
            }
        }
        removeEmptyGroupLengths(&dataSet)
        return changed
    }

    /// Whether a (gggg,0000) element is what its tag says: one UL value (PS3.5 7.2).
    static func isGroupLengthValue(_ element: Element) -> Bool {
        (element.vr == .UL || element.vr == .UN) && !element.isSequence && element.value.byteCount == 4
    }

    private enum Outcome {
        case remove, replace(Element), unchanged
    }

    /// Performs one resolved action of Table E.1-1 on `element`.
    private mutating func perform(
        _ action: ProfileAction, on element: Element, requirements: AttributeRequirements,
        characterSet: SpecificCharacterSet, path: TagPath, content: ContentMode?
    ) -> Outcome {
        let tag = element.tag
        switch action {  // resolved by ProfileDecision
        case .remove:
            tally.count(.removed)
            return .remove
        case .zeroLength:
            if let pseudonym = pseudonymElement(element, characterSet: characterSet) { return .replace(pseudonym) }
            tally.count(.emptied)
            if element.isSequence { return element.items.isEmpty ? .unchanged : .replace(with(element, .sequence([]))) }
            return element.value.byteCount == 0 ? .unchanged : .replace(with(element, .bytes([])))
        case .dummy:
            if let pseudonym = pseudonymElement(element, characterSet: characterSet) { return .replace(pseudonym) }
            if element.isSequence {
                // D on a sequence applies to all its contents: the profile inside, and a dummy
                // for every free-text value the table does not list.
                tally.count(.dummy)
                return cleanedItems(
                    element, requirements: requirements.items(of: tag), characterSet: characterSet, path: path,
                    content: ContentMode.nested(content, .dummy)
                ).map { .replace($0) } ?? .unchanged
            }
            if element.vr == .UI {
                return replaceReferences(element, requirements: requirements, characterSet: characterSet, path: path, kind: .dummy, content: content)
            }
            tally.count(.dummy)
            let original = try? element.loadBytes()
            guard let bytes = DummyValues.bytes(for: element.vr, replacing: original ?? nil) else { return .remove }
            return .replace(with(element, .bytes(bytes)))
        case .keep:
            tally.count(.kept)
            guard element.isSequence,
                let changed = cleanedItems(element, requirements: requirements.items(of: tag), characterSet: characterSet, path: path, content: content)
            else { return .unchanged }
            return .replace(changed)
        case .clean:
            return clean(element, requirements: requirements, characterSet: characterSet, path: path, content: content)
        case .replaceUID:
            return replaceReferences(element, requirements: requirements, characterSet: characterSet, path: path, kind: .uidReplaced, content: content)
        default:
            return .remove  // resolved() never returns an alternative; remove if it ever did
        }
    }

    /// U (and D on UIDs and sequences): new UIDs for a UID element, the profile applied inside
    /// the items of a sequence (which replaces the UIDs they reference).
    private mutating func replaceReferences(
        _ element: Element, requirements: AttributeRequirements, characterSet: SpecificCharacterSet, path: TagPath,
        kind: ActionTally.Kind, content: ContentMode?
    ) -> Outcome {
        if element.isSequence {
            tally.count(kind)
            return cleanedItems(element, requirements: requirements.items(of: element.tag), characterSet: characterSet, path: path, content: content)
                .map { .replace($0) } ?? .unchanged
        }
        if element.vr == .UI {
            guard let replaced = replacingUIDs(element) else { return .unchanged }
            tally.count(.uidReplaced)
            return .replace(replaced)
        }
        tally.count(.dummy)
        guard let bytes = DummyValues.bytes(for: element.vr, replacing: element.inlineBytes) else { return .remove }
        return .replace(with(element, .bytes(bytes)))
    }

    /// C: dates moved by the patient's offset (retain-long-modified-dates; times are kept),
    /// text with every identifying value of the file blanked out, sequences cleaned inside
    /// (their free text too: `ContentMode.clean`), other values (overlay bits, clean-graphics)
    /// kept and reported.
    private mutating func clean(
        _ element: Element, requirements: AttributeRequirements, characterSet: SpecificCharacterSet, path: TagPath,
        content: ContentMode?
    ) -> Outcome {
        if element.isSequence {
            tally.count(.cleaned)
            return cleanedItems(
                element, requirements: requirements.items(of: element.tag), characterSet: characterSet, path: path,
                content: ContentMode.nested(content, .clean)
            ).map { .replace($0) } ?? .unchanged
        }
        let shiftsDates = profile.has(.retainLongModifiedDates)
        switch element.vr {
        case .DA where shiftsDates, .DT where shiftsDates:
            guard let text = element.string(characterSet: characterSet) else { return .unchanged }
            let shifted = element.vr == .DA ? DateShift.shiftDA(text, by: dateOffset) : DateShift.shiftDT(text, by: dateOffset)
            tally.count(.dateShifted)
            return .replace(with(element, .bytes(padded(Array(shifted.utf8), element.vr))))
        case .TM where shiftsDates:
            tally.count(.kept)
            return .unchanged
        case .UI:
            guard let replaced = replacingUIDs(element) else { return .unchanged }
            tally.count(.uidReplaced)
            return .replace(replaced)
        default:
            guard IdentifyingValues.isSearchable(element.vr), let text = element.string(characterSet: characterSet) else {
                tally.count(.kept)
                diagnostics.append(Diagnostic(
                    .warning, "deid.clean.not-inspected",
                    "\(element.vr) value kept by the clean action without inspection (graphics and binary values are not cleaned)",
                    path: path))
                return .unchanged
            }
            tally.count(.cleaned)
            return cleanedText(element, text, characterSet: characterSet).map { .replace($0) } ?? .unchanged
        }
    }

    /// A free-text element inside a sequence whose action was D or C (`ContentMode`): a dummy
    /// value under D (coded entries cleaned instead), cleaned under C (person names get a dummy
    /// value); nil when it stays as it is.
    private mutating func contentText(_ element: Element, mode: ContentMode, characterSet: SpecificCharacterSet) -> Element? {
        guard ContentMode.isFreeText(element.vr), element.value.byteCount > 0 else { return nil }
        let replaces = ContentMode.isCoded(element.tag) ? false : mode == .dummy || element.vr == .PN
        if replaces {
            tally.count(.dummy)
            guard let bytes = DummyValues.bytes(for: element.vr, replacing: nil) else { return nil }
            return with(element, .bytes(bytes))
        }
        guard let text = element.string(characterSet: characterSet) else {
            tally.count(.dummy)
            return DummyValues.bytes(for: element.vr, replacing: nil).map { with(element, .bytes($0)) }
        }
        tally.count(.cleaned)
        return cleanedText(element, text, characterSet: characterSet)
    }

    /// `element` with `text` (its value) cleaned of the file's identifying values, or nil when
    /// none occurs in it.
    private mutating func cleanedText(_ element: Element, _ text: String, characterSet: SpecificCharacterSet) -> Element? {
        let cleaned = TextFolding.blankOut(text, terms: cleaningTerms())
        guard cleaned != text else { return nil }
        guard let bytes = characterSet.encode(cleaned, vr: element.vr) else { return with(element, .bytes([])) }
        return with(element, .bytes(padded(bytes, element.vr)))
    }

    /// The element with the profile applied inside each item, or nil if no item changed.
    private mutating func cleanedItems(
        _ element: Element, requirements: AttributeRequirements, characterSet: SpecificCharacterSet, path: TagPath,
        content: ContentMode?
    ) -> Element? {
        var items = element.items
        var changed = false
        for index in items.indices {
            var dataSet = items[index].dataSet
            if apply(to: &dataSet, requirements: requirements, characterSet: characterSet, path: path.item(index), content: content) {
                items[index].dataSet = dataSet
                changed = true
            }
        }
        return changed ? with(element, .sequence(items)) : nil
    }

    /// Patient's Name and Patient ID get keyed pseudonyms instead of an empty or dummy value,
    /// so one patient stays one patient across files; nil for other elements or empty values.
    private mutating func pseudonymElement(_ element: Element, characterSet: SpecificCharacterSet) -> Element? {
        guard element.tag == .patientName || element.tag == .patientID,
            let original = element.string(characterSet: characterSet), !original.isEmpty
        else { return nil }
        let isName = element.tag == .patientName
        let pseudonym = isName ? profile.pseudonyms.patientName(original) : profile.pseudonyms.patientID(original)
        patientMap.append(CrosswalkEntry(kind: isName ? .patientName : .patientID, original: original, replacement: pseudonym))
        tally.count(.pseudonym)
        return with(element, .bytes(padded(Array(pseudonym.utf8), element.vr)))
    }

    /// A UI element with every non-standard UID replaced, or nil if none was.
    private mutating func replacingUIDs(_ element: Element) -> Element? {
        guard let text = element.string() else { return nil }
        var changed = false
        let values = text.split(separator: "\\", omittingEmptySubsequences: false).map { part -> String in
            let original = trimUIDPadding(String(part))
            let replacement = profile.pseudonyms.uid(original)
            if replacement != original {
                changed = true
                uidMap[original] = replacement
            }
            return replacement
        }
        guard changed else { return nil }
        return with(element, .bytes(padded(Array(values.joined(separator: "\\").utf8), .UI)))
    }

    private func with(_ element: Element, _ value: Value) -> Element {
        Element(element.tag, element.vr, value: value, undefinedLength: element.hasUndefinedLength)
    }

    private func padded(_ bytes: [UInt8], _ vr: VR) -> [UInt8] {
        bytes.count % 2 == 1 ? bytes + [vr.paddingByte] : bytes
    }

    /// Removes group length elements left alone in their group.
    private func removeEmptyGroupLengths(_ dataSet: inout DataSet) {
        let lengths = dataSet.elements.filter { $0.tag.isGroupLength && !$0.tag.isFileMeta }
        guard !lengths.isEmpty else { return }
        let lonely = Set(lengths.map(\.tag.group).filter { group in
            !dataSet.elements.contains { $0.tag.group == group && !$0.tag.isGroupLength }
        })
        if !lonely.isEmpty { dataSet.removeAll { $0.tag.isGroupLength && lonely.contains($0.tag.group) } }
    }
}
