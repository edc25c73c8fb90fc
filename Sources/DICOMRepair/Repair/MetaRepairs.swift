import DICOM

/// The file-level fixes of `Repairer` (PS3.10 7.1): a Part-10 container with preamble and
/// `DICM`, and File Meta Information made again from the data set (Media Storage SOP Class and
/// Instance UID, the Transfer Syntax UID of the encoding the data set really has, version,
/// dicomfix as the implementation that wrote the file), in explicit VR little endian with its
/// group length. Source, sending and receiving AE titles and private information are kept.
enum MetaRepairs {
    /// Applies the fixes for `codes` (meta codes of `Repairer`) to `file`; returns the changes.
    static func repair(_ file: inout DicomFile, codes: Set<String>, preambleMissing: Bool) -> [Change] {
        var changes: [Change] = []
        if preambleMissing || codes.contains("read.meta.missing"), file.container != .part10 {
            let code = file.container == .rawDataSet ? "read.meta.missing" : "read.preamble.missing"
            changes.append(Change(
                place: "file", keyword: "Preamble", vr: "", old: nil, new: "128 bytes of 00H and DICM", fixes: [code]))
            file.container = .part10
            file.hasDICMPrefix = true
        }
        guard !codes.isEmpty else { return changes }
        let oldMeta = file.meta
        if codes.contains("meta.element.foreign") {
            for element in oldMeta.elements where element.tag.group != 0x0002 && !file.dataSet.contains(element.tag) {
                file.dataSet.set(element)
                changes.append(Change(
                    place: element.tag.description, keyword: DataDictionary.keyword(for: element.tag).map { $0.description },
                    vr: element.vr.rawValue, old: nil, new: "moved from the File Meta Information", fixes: ["meta.element.foreign"]))
            }
        }
        var carried = DataSet()
        for element in oldMeta.elements where element.tag.group == 0x0002 { carried.set(element) }
        // Group 0002 left in the data set would follow the new meta and be read as part of it:
        // it moves whenever the meta is made again, answering meta.element.in-data-set.
        for element in file.dataSet.elements where element.tag.group == 0x0002 {
            if !carried.contains(element.tag) { carried.set(element) }
            file.dataSet.remove(element.tag)
            changes.append(Change(
                place: element.tag.description, keyword: DataDictionary.keyword(for: element.tag).map { $0.description },
                vr: element.vr.rawValue, old: "in the data set", new: nil, fixes: ["meta.element.in-data-set"]))
        }
        var source = file
        source.meta = carried
        var meta = DicomWriter.metaInformation(for: source, syntax: file.transferSyntax, policy: .regenerate)
        meta.removeAll { $0.tag.group != 0x0002 }
        let answered = codes.subtracting(["meta.element.foreign", "meta.element.in-data-set"]).sorted()
        changes += metaChanges(from: oldMeta, to: meta, fixes: answered)
        file.meta = meta
        file.container = .part10
        file.hasDICMPrefix = true
        return changes
    }

    /// One change for each group 0002 element whose value differs between the two groups.
    private static func metaChanges(from old: DataSet, to new: DataSet, fixes: [String]) -> [Change] {
        let tags = Set(old.elements.map(\.tag) + new.elements.map(\.tag)).filter { $0.group == 0x0002 }.sorted()
        var changes: [Change] = []
        for tag in tags {
            let before = old[tag]
            let after = new[tag]
            if tag.isGroupLength {
                if before == nil || fixes.contains(where: { $0.hasPrefix("read.meta.group-length") }) {
                    changes.append(Change(
                        place: "meta \(tag)", keyword: "FileMetaInformationGroupLength", vr: "UL", old: before.map(text),
                        new: "computed on write", fixes: fixes))
                }
                continue
            }
            guard before.flatMap(\.inlineBytes) != after.flatMap(\.inlineBytes) || before?.encoded?.encoding.isExplicitVR == false else { continue }
            changes.append(Change(
                place: "meta \(tag)", keyword: DataDictionary.keyword(for: tag).map { $0.description },
                vr: (after ?? before)?.vr.rawValue ?? "", old: before.map(text), new: after.map(text), fixes: fixes))
        }
        return changes
    }

    private static func text(_ element: Element) -> String {
        ValueDisplay.text(element, characterSet: .defaultRepertoire)
    }
}
