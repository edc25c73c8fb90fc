import DICOM
import Foundation

/// Writes a `DicomDirectory` as a DICOMDIR file: a Part-10 file of SOP class Media Storage
/// Directory Storage in Explicit VR Little Endian (PS3.10 8.6, PS3.11 general purpose profiles)
/// holding the Basic Directory IOD (PS3.3 F.3), with every offset computed exactly.
///
/// Offsets are byte positions from the first byte of the file (the preamble) of each record's
/// item tag. They are found by encoding once with zero offsets, reading the result back to get
/// each item's position, and encoding again with the offsets filled in: offsets are fixed-size
/// UL values, so the second encoding has the same layout, which a final read checks.
public enum DicomDirectoryWriter {
    /// The bytes of the DICOMDIR for `directory`.
    /// - Throws: `DICOMError` if encoding fails or the offsets do not come out as computed (a bug).
    public static func encode(_ directory: DicomDirectory) throws -> [UInt8] {
        let records = flatten(directory.roots)
        let draft = try encode(directory, records: records, offsets: nil)
        let parsed = try DicomReader.read(bytes: draft, name: "DICOMDIR")
        let items = parsed.dataSet[.directoryRecordSequence]?.items ?? []
        guard items.count == records.count else {
            throw DICOMError(.unsupported, "the DICOMDIR draft has \(items.count) records instead of \(records.count)", file: "DICOMDIR")
        }
        let offsets = items.map { UInt32(clamping: $0.offset ?? 0) }
        let bytes = try encode(directory, records: records, offsets: offsets)
        let check = try DicomReader.read(bytes: bytes, name: "DICOMDIR")
        let written = (check.dataSet[.directoryRecordSequence]?.items ?? []).map { UInt32(clamping: $0.offset ?? 0) }
        guard written == offsets else {
            throw DICOMError(.unsupported, "the DICOMDIR record offsets moved between passes", file: "DICOMDIR")
        }
        return bytes
    }

    /// Writes the DICOMDIR for `directory` to `path` (temporary file, fsync, rename).
    public static func write(_ directory: DicomDirectory, to path: String) throws {
        let bytes = try encode(directory)
        try AtomicFile.write(to: path) { sink in
            try sink.write(bytes)
            try sink.finish()
        }
    }

    /// A record in file order with the positions (in that order) of its next sibling and its
    /// first child.
    struct FlatRecord {
        var record: DirectoryRecord
        var next: Int?
        var firstChild: Int?
    }

    /// The records depth first: each record, then its lower-level entity, then its next sibling.
    static func flatten(_ roots: [DirectoryRecord]) -> [FlatRecord] {
        var flat: [FlatRecord] = []
        func append(_ siblings: [DirectoryRecord]) -> Int? {
            var previous: Int?
            var first: Int?
            for record in siblings {
                let index = flat.count
                flat.append(FlatRecord(record: record, next: nil, firstChild: nil))
                if let previous { flat[previous].next = index }
                if first == nil { first = index }
                previous = index
                flat[index].firstChild = append(record.children)
            }
            return first
        }
        _ = append(roots)
        return flat
    }

    private static func encode(_ directory: DicomDirectory, records: [FlatRecord], offsets: [UInt32]?) throws -> [UInt8] {
        func offset(_ index: Int?) -> UInt32 {
            guard let index, let offsets, index < offsets.count else { return 0 }
            return offsets[index]
        }
        var items: [Item] = []
        items.reserveCapacity(records.count)
        for flat in records {
            var dataSet = flat.record.dataSet
            dataSet.setUInt32(.offsetOfTheNextDirectoryRecord, [offset(flat.next)])
            dataSet.setUInt16(.recordInUseFlag, [0xFFFF])
            dataSet.setUInt32(.offsetOfReferencedLowerLevelDirectoryEntity, [offset(flat.firstChild)])
            items.append(Item(dataSet, undefinedLength: true))
        }
        var root = DataSet()
        for element in directory.otherRootElements { root.set(element) }
        root.setString(.fileSetID, .CS, directory.fileSetID)
        var lastRoot: Int? = records.isEmpty ? nil : 0
        while let current = lastRoot, let next = records[current].next { lastRoot = next }
        root.setUInt32(.offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, [offset(records.isEmpty ? nil : 0)])
        root.setUInt32(.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, [offset(lastRoot)])
        root.setUInt16(.fileSetConsistencyFlag, [0x0000])
        root.set(Element(.directoryRecordSequence, .SQ, value: .sequence(items), undefinedLength: true))

        var file = DicomFile(dataSet: root, transferSyntax: .explicitVRLittleEndian)
        var meta = DataSet()
        meta.set(Element(.fileMetaInformationVersion, .OB, bytes: [0x00, 0x01]))
        meta.setString(.mediaStorageSOPClassUID, .UI, DicomDirectoryReader.sopClassUID)
        meta.setString(.mediaStorageSOPInstanceUID, .UI, directory.instanceUID)
        meta.setString(.transferSyntaxUID, .UI, TransferSyntax.explicitVRLittleEndian.uid)
        meta.setString(.implementationClassUID, .UI, Implementation.classUID)
        meta.setString(.implementationVersionName, .SH, Implementation.versionName)
        file.meta = meta
        return try DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRLittleEndian, meta: .preserve))
    }
}
