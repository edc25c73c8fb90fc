import DICOM

/// The Part-10 container: preamble and `DICM`, File Meta Information present and correct
/// (PS3.10 7.1). Problems the reader already reported (missing preamble or meta, implicit meta,
/// group length mismatch, media storage mismatch, transfer syntax mismatch) are not repeated.
enum Part10Checks {
    static func check(_ file: DicomFile, into sink: inout FindingSink) {
        // Group 0002 in the data set: after the meta, or at the start of a bare data set whose
        // writer left out the preamble and DICM (the reader then has no meta to put it in).
        for element in file.dataSet.elements where element.tag.group == 0x0002 {
            sink.add(Finding(.error, "meta.element.in-data-set", "\(element.tag) belongs to the File Meta Information but is in the data set", path: TagPath.root.appending(element.tag), offset: element.offset, reference: "PS3.10 7.1"))
        }
        guard !file.meta.isEmpty else { return }
        let required: [(Tag, String)] = [
            (.fileMetaInformationVersion, "File Meta Information Version"),
            (.mediaStorageSOPClassUID, "Media Storage SOP Class UID"),
            (.mediaStorageSOPInstanceUID, "Media Storage SOP Instance UID"),
            (.transferSyntaxUID, "Transfer Syntax UID"),
            (.implementationClassUID, "Implementation Class UID"),
        ]
        for (tag, name) in required {
            guard let element = file.meta[tag] else {
                if tag == .transferSyntaxUID { continue }  // reported by the reader
                sink.add(Finding(.error, "meta.element.missing", "File Meta Information lacks \(name) \(tag)", path: TagPath.root.appending(tag), expected: "present (type 1)", reference: "PS3.10 7.1"))
                continue
            }
            if element.value.byteCount == 0 {
                sink.add(Finding(.error, "meta.element.empty", "\(name) \(tag) is empty", path: TagPath.root.appending(tag), offset: element.offset, expected: "a value (type 1)", reference: "PS3.10 7.1"))
            }
        }
        if let version = file.meta[.fileMetaInformationVersion]?.inlineBytes, version != [0x00, 0x01] {
            sink.add(Finding(
                .warning, "meta.version.unexpected", "File Meta Information Version is not 00\\01",
                path: TagPath.root.appending(.fileMetaInformationVersion), found: version.map { String($0) }.joined(separator: "\\"),
                expected: "0\\1", reference: "PS3.10 7.1"))
        }
        if let declared = file.declaredTransferSyntaxUID, !declared.isEmpty, !TransferSyntax(uid: declared).isKnown {
            sink.add(Finding(.error, "meta.transfer-syntax.unknown", "Transfer Syntax UID \(declared) is not a registered transfer syntax", path: TagPath.root.appending(.transferSyntaxUID), found: declared, reference: "PS3.5 10, PS3.6 A"))
        }
        for element in file.meta.elements where element.tag.group != 0x0002 {
            sink.add(Finding(.error, "meta.element.foreign", "\(element.tag) is in the File Meta Information but not in group 0002", path: TagPath.root.appending(element.tag), offset: element.offset, reference: "PS3.10 7.1"))
        }
    }
}
