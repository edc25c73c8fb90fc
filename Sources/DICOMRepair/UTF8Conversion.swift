import DICOM

/// Re-encodes every text value of a data set as UTF-8 and declares ISO_IR 192 (PS3.5 6.1.2.3),
/// for a new value that the data set's own character set cannot hold.
enum UTF8Conversion {
    static let utf8 = SpecificCharacterSet(terms: ["ISO_IR 192"])

    /// Converts `dataSet` and returns a change for every element whose bytes changed.
    static func convert(_ dataSet: inout DataSet) throws -> [Change] {
        var changes: [Change] = []
        let characterSet = dataSet.specificCharacterSet()
        try convert(&dataSet, from: characterSet, path: .root, changes: &changes)
        let old = dataSet[.specificCharacterSet]
        var declared = Element(.specificCharacterSet, .CS, bytes: Array("ISO_IR 192".utf8))
        if let old, let bytes = old.inlineBytes, bytes == declared.inlineBytes { return changes }
        if var element = old {
            element.value = declared.value
            declared = element
        }
        dataSet.set(declared)
        changes.insert(
            try Change(path: TagPath.root.appending(.specificCharacterSet), tag: .specificCharacterSet, vr: .CS, old: old, new: declared, characterSet: utf8),
            at: 0)
        return changes
    }

    private static func convert(_ dataSet: inout DataSet, from characterSet: SpecificCharacterSet, path: TagPath, changes: inout [Change]) throws {
        for element in dataSet.elements {
            let here = path.appending(element.tag)
            switch element.value {
            case .bytes(let bytes) where element.vr.usesSpecificCharacterSet:
                let text = characterSet.decode(bytes, vr: element.vr)
                guard var encoded = utf8.encode(text, vr: element.vr) else { continue }
                if encoded.count % 2 == 1 { encoded.append(element.vr.paddingByte) }
                guard encoded != bytes else { continue }
                var updated = element
                updated.value = .bytes(encoded)
                dataSet.set(updated)
                var change = try Change(path: here, tag: element.tag, vr: element.vr, old: element, new: updated, characterSet: utf8)
                change.old = element.string(characterSet: characterSet)
                changes.append(change)
            case .sequence(var items):
                var changed = false
                for index in items.indices {
                    var nested = items[index].dataSet
                    let before = changes.count
                    let inner = nested.specificCharacterSet(inherited: characterSet)
                    try convert(&nested, from: inner, path: here.item(index), changes: &changes)
                    if nested.contains(.specificCharacterSet) && inner != utf8 {
                        let old = nested[.specificCharacterSet]
                        let declared = Element(.specificCharacterSet, .CS, bytes: Array("ISO_IR 192".utf8))
                        nested.set(declared)
                        changes.append(try Change(path: here.item(index).appending(.specificCharacterSet), tag: .specificCharacterSet, vr: .CS, old: old, new: declared, characterSet: utf8))
                    }
                    if changes.count > before {
                        items[index].dataSet = nested
                        changed = true
                    }
                }
                if changed {
                    var updated = element
                    updated.items = items
                    dataSet.set(updated)
                }
            default:
                continue
            }
        }
    }
}
