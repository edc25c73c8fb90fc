import DICOM
import Foundation

/// Who changed a data set, when and why: the content of an Original Attributes Sequence item
/// (PS3.3 C.12.1.1.9, Table C.12-1).
public struct ModificationNote: Sendable {
    /// Reason for the Attribute Modification (0400,0565): CORRECT or COERCE.
    public var reason: String
    /// Modifying System (0400,0563).
    public var system: String
    /// Attribute Modification DateTime (0400,0562), a DT value in UTC.
    public var dateTime: String

    public init(reason: String = "CORRECT", system: String, date: Date = Date()) {
        self.reason = reason
        self.system = system
        self.dateTime = Self.dicomDateTime(date)
    }

    /// `YYYYMMDDHHMMSS+0000` for `date` in UTC.
    static func dicomDateTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))+0000"
    }
}

/// Appends to the Original Attributes Sequence (0400,0561) an item holding the values that a
/// change replaced, so the file itself records its history (PS3.3 C.12.1.1.9.2).
enum OriginalAttributes {
    /// Adds the item for `changes` (made to `original`, giving `dataSet`).
    /// - Returns: the change that adding the item is, or nil when there was nothing to record.
    static func record(_ changes: [Change], original: DataSet, in dataSet: inout DataSet, note: ModificationNote) throws -> Change? {
        var touched: [Tag] = []
        for change in changes {
            guard let tag = TagSelector(change.path)?.steps.first?.tag, tag != .originalAttributesSequence, !touched.contains(tag) else { continue }
            touched.append(tag)
        }
        guard !touched.isEmpty else { return nil }
        var modified = DataSet()
        for tag in touched {
            if let old = original[tag] {
                modified.set(old)
            } else {
                let vr = DataDictionary.entry(for: tag)?.vr ?? .UN
                modified.set(vr == .SQ ? Element(tag, .SQ, value: .sequence([])) : Element(tag, vr, bytes: []))
            }
        }
        var item = DataSet()
        item.set(Element(.modifiedAttributesSequence, .SQ, value: .sequence([Item(modified)])))
        item.setString(.attributeModificationDateTime, .DT, note.dateTime)
        item.setString(.modifyingSystem, .LO, note.system)
        item.set(Element(.sourceOfPreviousValues, .LO, bytes: []))
        item.setString(.reasonForTheAttributeModification, .CS, note.reason)

        let old = dataSet[.originalAttributesSequence]
        var updated = old ?? Element(.originalAttributesSequence, .SQ, value: .sequence([]))
        if !updated.isSequence { updated = Element(.originalAttributesSequence, .SQ, value: .sequence([])) }
        updated.items.append(Item(item, undefinedLength: updated.items.last?.hasUndefinedLength ?? true))
        dataSet.set(updated)
        return try Change(
            path: TagPath.root.appending(.originalAttributesSequence), tag: .originalAttributesSequence, vr: .SQ, old: old, new: updated,
            characterSet: dataSet.specificCharacterSet())
    }
}
