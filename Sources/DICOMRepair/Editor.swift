import DICOM

/// What to do when a new text value cannot be written in a data set's Specific Character Set.
public enum CharacterSetPolicy: String, Sendable, CaseIterable {
    /// Re-encode every text value of the data set as UTF-8 and declare ISO_IR 192.
    case convertToUTF8 = "utf8"
    /// Refuse the change.
    case refuse
}

/// Applies a list of `AttributeEdit`s to data sets and records every change it makes.
///
/// Only the edited elements (and the sequences that hold them) lose their original bytes, so
/// the writer re-encodes nothing else.
public struct Editor: Sendable {
    public var edits: [AttributeEdit]
    public var characterSetPolicy: CharacterSetPolicy
    /// When the edits change Patient's Birth Date, set Patient's Age (where the data set has
    /// one) to the age on the Study Date, so the corrected patient's age agrees too.
    public var derivesPatientAge: Bool

    public init(edits: [AttributeEdit], characterSetPolicy: CharacterSetPolicy = .convertToUTF8, derivesPatientAge: Bool = false) {
        self.edits = edits
        self.characterSetPolicy = characterSetPolicy
        self.derivesPatientAge = derivesPatientAge
    }

    /// Applies the edits to `dataSet`, in order.
    /// - Returns: the changes made, in the order made (undo reverts them last to first); empty
    ///   when every value already was as asked.
    /// - Throws: `EditError` for a value the VR does not allow, an unknown VR, a path through a
    ///   non-sequence, or text the character set cannot hold under `.refuse`. Nothing is changed
    ///   in `dataSet` when it throws.
    public func apply(to dataSet: inout DataSet) throws -> [Change] {
        var working = dataSet
        var changes: [Change] = []
        if let unrepresentable = firstUnrepresentable(in: working) {
            let characterSet = working.specificCharacterSet()
            let name = characterSet.terms.isEmpty ? "the default repertoire (ASCII)" : characterSet.terms.joined(separator: "\\")
            guard characterSetPolicy == .convertToUTF8 else {
                throw EditError(.notRepresentable, "\"\(unrepresentable)\" cannot be written in \(name); allow conversion to UTF-8 (ISO_IR 192) to change it")
            }
            changes += try UTF8Conversion.convert(&working)
        }
        for edit in edits {
            guard let first = edit.selector.steps.first else { continue }
            if first.tag.group == 0x0002 {
                throw EditError(.syntax, "File Meta Information (group 0002) follows the data set and cannot be edited", path: edit.selector.description)
            }
            if edit.selector.steps.contains(where: { $0.tag.isGroupLength }) {
                throw EditError(.syntax, "group lengths are computed when writing and cannot be edited", path: edit.selector.description)
            }
            try apply(edit, steps: edit.selector.steps[...], in: &working, path: .root, characterSet: working.specificCharacterSet(), changes: &changes)
        }
        if derivesPatientAge, changes.contains(where: { $0.path == TagPath.root.appending(.patientBirthDate).description }),
            working[.patientAge] != nil, let birth = working.string(.patientBirthDate), let study = working.string(.studyDate),
            let age = PatientAge.between(birth: birth, and: study), let selector = TagSelector("PatientAge")
        {
            let edit = AttributeEdit(selector: selector, action: .set(age))
            try applyLeaf(edit, tag: .patientAge, in: &working, path: TagPath.root.appending(.patientAge), characterSet: working.specificCharacterSet(), changes: &changes)
        }
        dropNoOps(&changes, original: dataSet, result: &working)
        dataSet = working
        return changes
    }

    /// Edits that end where they started (delete a sequence, then add the same items back) are
    /// not changes: the original element is kept, with its bytes, and their changes dropped.
    private func dropNoOps(_ changes: inout [Change], original: DataSet, result: inout DataSet) {
        var checked = Set<Tag>()
        for change in changes {
            guard let tag = TagSelector(change.path)?.steps.first?.tag, checked.insert(tag).inserted else { continue }
            let before = original[tag]
            let after = result[tag]
            let same: Bool
            switch (before, after) {
            case (nil, nil): same = true
            case (let b?, let a?):
                guard b.vr == a.vr, let bb = try? ElementCoding.encode(b), let ab = try? ElementCoding.encode(a) else { continue }
                same = bb == ab
            default: same = false
            }
            guard same else { continue }
            if let before { result.set(before) }
            changes.removeAll { TagSelector($0.path)?.steps.first?.tag == tag }
        }
    }

    /// The first text to set that the data set's character set cannot hold.
    private func firstUnrepresentable(in dataSet: DataSet) -> String? {
        let characterSet = dataSet.specificCharacterSet()
        for edit in edits {
            guard case .set(let text) = edit.action, let last = edit.selector.steps.last,
                let vr = edit.vr ?? DataDictionary.entry(for: last.tag)?.vr, vr.usesSpecificCharacterSet
            else { continue }
            if characterSet.encode(text, vr: vr) == nil { return text }
        }
        return nil
    }

    private func apply(
        _ edit: AttributeEdit, steps: ArraySlice<TagSelector.Step>, in dataSet: inout DataSet, path: TagPath,
        characterSet: SpecificCharacterSet, changes: inout [Change]
    ) throws {
        guard let step = steps.first else { return }
        let here = path.appending(step.tag)
        if steps.count == 1 {
            try applyLeaf(edit, tag: step.tag, in: &dataSet, path: here, characterSet: characterSet, changes: &changes)
            return
        }
        let existing = dataSet[step.tag]
        if let existing, !existing.isSequence {
            throw EditError(.notASequence, "\(here) is \(existing.vr), not a sequence", path: edit.selector.description)
        }
        var items = existing?.items ?? []
        var structural = false
        var indices: [Int]
        let appendsItem: Bool
        switch step.item ?? .all {
        case .all:
            indices = Array(items.indices)
            appendsItem = false
        case .index(let i):
            indices = i < items.count ? [i] : []
            appendsItem = i == items.count
        case .append:
            indices = []
            appendsItem = true
        }
        if appendsItem && edit.action != .delete {
            items.append(Item(DataSet(), undefinedLength: items.last?.hasUndefinedLength ?? true))
            structural = true
            indices = [items.count - 1]
        }
        var nested: [Change] = []
        for i in indices {
            var itemSet = items[i].dataSet
            let before = nested.count
            try apply(
                edit, steps: steps.dropFirst(), in: &itemSet, path: here.item(i),
                characterSet: itemSet.specificCharacterSet(inherited: characterSet), changes: &nested)
            if nested.count > before { items[i].dataSet = itemSet }
        }
        guard structural || !nested.isEmpty else { return }
        let updated: Element
        if var element = existing {
            element.items = items
            updated = element
        } else {
            updated = Element(step.tag, .SQ, value: .sequence(items))
        }
        dataSet.set(updated)
        if structural {
            changes.append(try Change(path: here, tag: step.tag, vr: .SQ, old: existing, new: updated, characterSet: characterSet))
        }
        changes += nested
    }

    private func applyLeaf(
        _ edit: AttributeEdit, tag: Tag, in dataSet: inout DataSet, path: TagPath, characterSet: SpecificCharacterSet,
        changes: inout [Change]
    ) throws {
        let old = dataSet[tag]
        switch edit.action {
        case .delete:
            guard let old else { return }
            dataSet.remove(tag)
            changes.append(try Change(path: path, tag: tag, vr: old.vr, old: old, new: nil, characterSet: characterSet))
        case .set(let text):
            guard let vr = edit.vr ?? old.flatMap({ $0.vr == .UN ? nil : $0.vr }) ?? DataDictionary.entry(for: tag)?.vr else {
                throw EditError(.unknownVR, "the VR of \(tag) is not known: give it, as in \(tag):LO=value", path: edit.selector.description)
            }
            var updated: Element
            if vr == .SQ {
                guard text.isEmpty else {
                    throw EditError(.invalidValue, "a sequence can only be set empty; set attributes inside its items with Sequence[0].Keyword=value", path: edit.selector.description)
                }
                if let old, old.isSequence, old.items.isEmpty { return }
                updated = Element(tag, .SQ, value: .sequence([]))
            } else {
                guard let bytes = try ValueEncoder.encode(text, vr: vr, characterSet: characterSet, path: edit.selector.description) else {
                    throw EditError(.notRepresentable, "\"\(text)\" cannot be written in the character set of \(path)", path: edit.selector.description)
                }
                if let old, old.vr == vr, (old.inlineBytes ?? (try? old.loadBytes()) ?? nil) == bytes { return }
                if var element = old, !element.isSequence {
                    element.vr = vr
                    element.value = .bytes(bytes)
                    updated = element
                } else {
                    updated = Element(tag, vr, bytes: bytes)
                }
            }
            dataSet.set(updated)
            changes.append(try Change(path: path, tag: tag, vr: vr, old: old, new: updated, characterSet: characterSet))
        }
    }
}
