import DICOM
import DICOMValidation

/// The element-level fixes of `Repairer`: for each element a finding names (by tag path), the
/// fix for that finding's code, in items too. Elements no finding names are not touched, so
/// they keep their bytes.
struct ElementRepairs {
    /// The codes to fix, by tag path (`(0008,0020)`, `(0040,A730)[0]/(0008,0020)`).
    let findings: [String: Set<String>]
    /// The length each wrong group length should have, by tag path (from the finding).
    let groupLengths: [String: UInt32]

    func repair(_ dataSet: inout DataSet, path: TagPath, characterSet: SpecificCharacterSet, changes: inout [Change]) {
        for element in dataSet.elements {
            let elementPath = path.appending(element.tag)
            if case .sequence(let items) = element.value {
                var repaired = items
                var changed = false
                for index in items.indices {
                    var nested = items[index].dataSet
                    let before = changes.count
                    repair(&nested, path: elementPath.item(index), characterSet: nested.specificCharacterSet(inherited: characterSet), changes: &changes)
                    if changes.count > before {
                        repaired[index].dataSet = nested
                        changed = true
                    }
                }
                if changed { dataSet.modify(element.tag) { $0.items = repaired } }
                continue
            }
            guard let codes = findings[elementPath.description], !codes.isEmpty else { continue }
            if let result = fix(element, codes: codes, groupLength: groupLengths[elementPath.description]) {
                let (fixed, answered) = result
                dataSet.set(fixed)
                if var change = try? Change(path: elementPath, tag: element.tag, vr: element.vr, old: element, new: fixed, characterSet: characterSet) {
                    if fixed.vr != element.vr {
                        change.old = "VR \(element.vr.rawValue)"
                        change.new = "VR \(fixed.vr.rawValue)"
                    }
                    changes.append(change.answering(answered))
                }
            }
        }
    }

    /// The element with the fixes for `codes` applied and the codes answered; nil when nothing
    /// could be fixed.
    private func fix(_ element: Element, codes: Set<String>, groupLength: UInt32?) -> (Element, [String])? {
        if element.tag.isGroupLength, codes.contains("group-length.wrong") {
            // The writer recomputes the length of a group whose elements changed in any case.
            let length = groupLength ?? 0
            var fixed = element
            fixed.value = .bytes((0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
            return (fixed, ["group-length.wrong"])
        }
        if case .encapsulated = element.value {
            guard codes.contains("vr.encapsulated-not-ob"), element.vr != .OB else { return nil }
            var fixed = element
            fixed.vr = .OB  // the fragments keep their bytes
            return (fixed, ["vr.encapsulated-not-ob"])
        }
        guard case .bytes(let bytes) = element.value else { return nil }
        var answered: [String] = []
        var result = bytes
        if element.vr.isString, let text = fixText(bytes, vr: element.vr, codes: codes) {
            result = text.0
            answered += text.1
        }
        if codes.contains("read.value.odd-length"), bytes.count % 2 == 1 {
            answered.append("read.value.odd-length")  // the writer pads the odd value
        }
        guard !answered.isEmpty else { return nil }
        if result.count % 2 == 1 { result.append(element.vr.paddingByte) }
        var fixed = element
        fixed.value = .bytes(result)
        return (fixed, answered)
    }

    /// The value bytes of a string element with its values fixed, and the codes answered.
    private func fixText(_ bytes: [UInt8], vr: VR, codes: Set<String>) -> ([UInt8], [String])? {
        var content = bytes[...]
        var answered: [String] = []
        if vr == .UI {
            while let last = content.last, last == 0x00 || last == 0x20 { content = content.dropLast() }
        } else if content.last == 0x00 {
            guard codes.contains("value.padding.invalid") else { return nil }
            while let last = content.last, last == 0x00 { content = content.dropLast() }
            answered.append("value.padding.invalid")
        }
        guard let repair = Self.valueRepair(vr), content.allSatisfy({ $0 < 0x80 }) else {
            return answered.isEmpty ? nil : (Array(content), answered)
        }
        let text = String(decoding: content, as: UTF8.self)
        var values = text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init)
        var changedCodes = Set<String>()
        for index in values.indices {
            let value = vr == .UI ? values[index] : values[index].trimmingSpaces
            guard let fixed = repair.fix(value), fixed != values[index] else { continue }
            let answeredHere = repair.codes(values[index], fixed).intersection(codes)
            guard !answeredHere.isEmpty else { continue }
            values[index] = fixed
            changedCodes.formUnion(answeredHere)
        }
        if vr == .UI, bytes.last == 0x20, codes.contains("value.padding.invalid") { changedCodes.insert("value.padding.invalid") }
        answered += changedCodes.sorted()
        guard !answered.isEmpty else { return nil }
        return (Array(values.joined(separator: "\\").utf8), answered)
    }

    /// A fix of one value of a VR and the codes a change from one value to another answers.
    private struct ValueRepair {
        let fix: (String) -> String?
        let codes: (_ old: String, _ new: String) -> Set<String>
    }

    private static func valueRepair(_ vr: VR) -> ValueRepair? {
        switch vr {
        case .UI:
            return ValueRepair(fix: ValueRepairs.uid) { old, new in
                var codes: Set<String> = []
                if old.trimmingSpaces != old { codes.insert("value.padding.invalid") }
                if old.trimmingSpaces != new { codes.formUnion(["vr.invalid-uid", "vr.invalid-character"]) }
                return codes
            }
        case .DA: return ValueRepair(fix: ValueRepairs.date) { _, _ in ["vr.invalid-date"] }
        case .TM: return ValueRepair(fix: ValueRepairs.time) { _, _ in ["vr.invalid-time"] }
        case .DT: return ValueRepair(fix: ValueRepairs.dateTime) { _, _ in ["vr.invalid-datetime"] }
        case .CS: return ValueRepair(fix: ValueRepairs.codeString) { _, _ in ["vr.invalid-character"] }
        default: return nil
        }
    }
}
