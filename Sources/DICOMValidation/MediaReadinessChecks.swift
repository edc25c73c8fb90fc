import DICOM

/// Whether a file can be listed in a DICOMDIR: the keys the PATIENT, STUDY, SERIES and IMAGE
/// directory records need (PS3.3 F.5.1 to F.5.3 and F.5.24) are in the data set. Missing type 1
/// keys are warnings (the file itself may be valid; a media builder will have to refuse or fix
/// it), missing type 2 keys are info.
enum MediaReadinessChecks {
    private static let keys: [(Tag, String, Severity)] = [
        (.patientID, "PATIENT", .warning),
        (.patientName, "PATIENT", .info),
        (.studyDate, "STUDY", .warning),
        (.studyTime, "STUDY", .warning),
        (.studyID, "STUDY", .warning),
        (.studyInstanceUID, "STUDY", .warning),
        (.studyDescription, "STUDY", .info),
        (.accessionNumber, "STUDY", .info),
        (.modality, "SERIES", .warning),
        (.seriesInstanceUID, "SERIES", .warning),
        (.seriesNumber, "SERIES", .warning),
        (.instanceNumber, "IMAGE", .warning),
    ]

    static func check(_ dataSet: DataSet, into sink: inout FindingSink) {
        for (tag, record, severity) in keys {
            let element = dataSet[tag]
            let empty = element.map { $0.value.byteCount == 0 } ?? true
            guard empty, severity == .warning || element == nil else { continue }
            let keyword = DataDictionary.entry(for: tag)?.keyword.description ?? tag.description
            sink.add(Finding(
                severity, "media.record-key.missing",
                "\(keyword) \(tag) is \(element == nil ? "missing" : "empty"): a DICOMDIR \(record) record needs it",
                path: TagPath.root.appending(tag), found: element == nil ? "absent" : "empty",
                expected: severity == .warning ? "a value (type 1 key)" : "present (type 2 key)", reference: "PS3.3 F.5"))
        }
    }
}
