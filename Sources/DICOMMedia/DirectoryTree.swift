import DICOM

/// Places instances into a record tree: one PATIENT record per Patient ID, one STUDY per Study
/// Instance UID under it, one SERIES per Series Instance UID, then the instance's own record
/// (PS3.3 F.4); root-level record types (hanging protocols, palettes, implant templates) go to
/// the root.
struct DirectoryTree {
    var roots: [DirectoryRecord]

    init(roots: [DirectoryRecord] = []) { self.roots = roots }

    /// Adds the records of `instance`, referencing the file `fileID` in `transferSyntaxUID`.
    mutating func insert(_ instance: MediaInstance, fileID: [String], transferSyntaxUID: String) {
        var own = DirectoryRecord(type: instance.recordType, dataSet: instance.instanceRecord)
        Self.setReference(&own.dataSet, fileID: fileID, sopClassUID: instance.sopClassUID, sopInstanceUID: instance.sopInstanceUID, transferSyntaxUID: transferSyntaxUID)
        guard instance.recordType.level == 3 else {
            roots.append(own)
            return
        }
        let p = Self.child(of: &roots, type: .patient, key: .patientID, value: instance.patientID, keys: instance.patientRecord)
        let s = Self.child(of: &roots[p].children, type: .study, key: .studyInstanceUID, value: instance.studyInstanceUID, keys: instance.studyRecord)
        let r = Self.child(
            of: &roots[p].children[s].children, type: .series, key: .seriesInstanceUID, value: instance.seriesInstanceUID,
            keys: instance.seriesRecord)
        roots[p].children[s].children[r].children.append(own)
    }

    /// The index of the record of `type` whose `key` is `value`, appended from `keys` if none.
    private static func child(of records: inout [DirectoryRecord], type: DirectoryRecordType, key: Tag, value: String, keys: DataSet) -> Int {
        if let index = records.lastIndex(where: { $0.type == type && ($0.string(key) ?? "") == value }) { return index }
        records.append(DirectoryRecord(type: type, dataSet: keys))
        return records.count - 1
    }

    /// Sets Referenced File ID and the Referenced SOP Class, SOP Instance and Transfer Syntax
    /// UIDs in File (PS3.3 F.3.2.2).
    static func setReference(_ dataSet: inout DataSet, fileID: [String], sopClassUID: String, sopInstanceUID: String, transferSyntaxUID: String) {
        dataSet.setString(.referencedFileID, .CS, fileID.joined(separator: "\\"))
        dataSet.setString(.referencedSOPClassUIDInFile, .UI, sopClassUID)
        dataSet.setString(.referencedSOPInstanceUIDInFile, .UI, sopInstanceUID)
        dataSet.setString(.referencedTransferSyntaxUIDInFile, .UI, transferSyntaxUID)
    }

    /// Calls `body` for every instance record with its patient, study, series and instance
    /// numbers (from 1) and, for root-level records, nil numbers but a running count.
    mutating func forEachInstance(_ body: (inout DirectoryRecord, _ numbers: (Int, Int, Int, Int)?, _ rootCount: Int) -> Void) {
        var rootCount = 0
        for p in roots.indices {
            guard roots[p].type == .patient else {
                rootCount += 1
                body(&roots[p], nil, rootCount)
                continue
            }
            let patientNumber = p + 1 - rootCount
            for s in roots[p].children.indices {
                for r in roots[p].children[s].children.indices {
                    for i in roots[p].children[s].children[r].children.indices {
                        body(&roots[p].children[s].children[r].children[i], (patientNumber, s + 1, r + 1, i + 1), rootCount)
                    }
                }
            }
        }
    }
}
