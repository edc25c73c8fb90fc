import DICOM
import Foundation

/// Reads a DICOMDIR (PS3.10 8, PS3.3 F) into a `DicomDirectory` by following the record offsets
/// from the root, as a media reader must: records in any order are found, and every offset that
/// points at no record, loops, or leaves records unreachable becomes a finding. When a file has
/// records but no usable offsets at all, the hierarchy is inferred from the record order and
/// types (with a warning), so that damaged media can still be listed.
public enum DicomDirectoryReader {
    /// Media Storage Directory Storage, the SOP class of a DICOMDIR file.
    public static let sopClassUID = UID.mediaStorageDirectoryStorage

    /// The directory and what was wrong with it.
    public struct Result: Sendable {
        public var directory: DicomDirectory
        public var findings: [MediaFinding]
        /// The transfer syntax the DICOMDIR is encoded in.
        public var transferSyntax: TransferSyntax
    }

    /// Reads the DICOMDIR at `path`.
    /// - Throws: `DICOMError` when the file cannot be opened or is not DICOM at all.
    public static func read(path: String) throws -> Result {
        let file = try DicomReader.read(path: path, options: ReadOptions(bulkThreshold: 1 << 20))
        return read(file)
    }

    /// Builds the directory from a file already read.
    public static func read(_ file: DicomFile) -> Result {
        var findings: [MediaFinding] = file.diagnostics.map {
            MediaFinding($0.severity, $0.code, $0.message + ($0.path.isEmpty ? "" : " at \($0.path)"), file: file.path, offset: $0.offset)
        }
        func add(_ severity: Severity, _ code: String, _ message: String, offset: Int64? = nil) {
            findings.append(MediaFinding(severity, code, message, file: file.path, offset: offset, reference: "PS3.3 F.3"))
        }
        let mediaClass = file.meta.string(.mediaStorageSOPClassUID)
        if mediaClass != sopClassUID {
            add(.error, "dicomdir.not-a-dicomdir", "Media Storage SOP Class UID is \(mediaClass ?? "absent"), not \(sopClassUID) (Media Storage Directory Storage)")
        }
        let root = file.dataSet
        var directory = DicomDirectory(
            fileSetID: root.string(.fileSetID) ?? "", instanceUID: file.meta.string(.mediaStorageSOPInstanceUID) ?? "")
        let computed: Set<Tag> = [
            .offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, .offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity,
            .fileSetConsistencyFlag, .directoryRecordSequence, .fileSetID,
        ]
        directory.otherRootElements = root.elements.filter { !computed.contains($0.tag) && !$0.tag.isGroupLength }.map { $0.detached() }
        for tag in [Tag.offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, .offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, .fileSetConsistencyFlag]
        where root[tag] == nil {
            add(.error, "dicomdir.root.key-missing", "\(keyword(tag)) \(tag) is missing from the root data set (type 1)")
        }
        if root[.directoryRecordSequence] == nil {
            add(.error, "dicomdir.root.key-missing", "Directory Record Sequence (0004,1220) is missing (type 2)")
        }
        let items = root[.directoryRecordSequence]?.items ?? []
        var indexByOffset: [Int64: Int] = [:]
        for (index, item) in items.enumerated() {
            if let offset = item.offset { indexByOffset[offset] = index }
        }

        var visited = Set<Int>()
        /// The chain of records starting at `offset`, with their lower-level entities.
        func chain(from start: Int, field: String, owner: Int64?, depth: Int) -> [DirectoryRecord] {
            var records: [DirectoryRecord] = []
            var offset = start
            var referrer = (field, owner)
            while offset != 0 {
                guard let index = indexByOffset[Int64(offset)] else {
                    add(.error, "dicomdir.offset.dangling",
                        "\(referrer.0) \(referrer.1.map { "of the record at offset \($0)" } ?? "of the root") is \(offset), which is not the start of a directory record",
                        offset: referrer.1)
                    break
                }
                guard visited.insert(index).inserted, depth < 16 else {
                    add(.error, "dicomdir.offset.loop", "\(referrer.0) \(referrer.1.map { "of the record at offset \($0)" } ?? "of the root") points back at the record at offset \(offset): the records form a loop", offset: referrer.1)
                    break
                }
                let item = items[index]
                let dataSet = item.dataSet
                let lower = dataSet.int(.offsetOfReferencedLowerLevelDirectoryEntity) ?? 0
                let next = dataSet.int(.offsetOfTheNextDirectoryRecord) ?? 0
                let inUse = dataSet.int(.recordInUseFlag) ?? 0xFFFF
                let children = lower == 0 ? [] : chain(from: lower, field: "Offset of Referenced Lower-Level Directory Entity (0004,1420)", owner: item.offset, depth: depth + 1)
                if inUse == 0 {
                    add(.info, "dicomdir.record.inactive", "the record at offset \(item.offset ?? 0) is marked inactive (Record In-use Flag 0000) and is left out", offset: item.offset)
                } else {
                    records.append(DirectoryRecord(dataSet: recordKeys(dataSet), children: children, offset: item.offset))
                }
                referrer = ("Offset of the Next Directory Record (0004,1400)", item.offset)
                offset = next
            }
            return records
        }

        let first = root.int(.offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity) ?? 0
        directory.roots = chain(from: first, field: "Offset of the First Directory Record of the Root Directory Entity (0004,1200)", owner: nil, depth: 0)
        if first == 0 && !items.isEmpty {
            add(.warning, "dicomdir.offsets.missing", "the root has \(items.count) records but no offset to the first: the hierarchy is inferred from the order of the records")
            directory.roots = inferredHierarchy(items)
            visited = Set(items.indices)
        }
        let last = root.int(.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity) ?? 0
        let lastRoot = lastRootOffset(first: first, items: items, indexByOffset: indexByOffset)
        if first != 0, let lastRoot, Int64(last) != lastRoot {
            add(.error, "dicomdir.offset.last-root",
                "Offset of the Last Directory Record of the Root Directory Entity (0004,1202) is \(last), but the last record of the root is at offset \(lastRoot)")
        }
        for index in items.indices where !visited.contains(index) {
            add(.error, "dicomdir.record.unreachable",
                "the \(items[index].dataSet.string(.directoryRecordType) ?? "untyped") record at offset \(items[index].offset ?? 0) is not reached by any offset from the root",
                offset: items[index].offset)
        }
        return Result(directory: directory, findings: findings, transferSyntax: file.transferSyntax)
    }

    /// The offset of the last record in the root chain, following next offsets; nil if broken.
    private static func lastRootOffset(first: Int, items: [Item], indexByOffset: [Int64: Int]) -> Int64? {
        var offset = first
        var last: Int64?
        var steps = 0
        while offset != 0, let index = indexByOffset[Int64(offset)], steps <= items.count {
            last = items[index].offset
            offset = items[index].dataSet.int(.offsetOfTheNextDirectoryRecord) ?? 0
            steps += 1
        }
        return last
    }

    /// Records nested by their order and level (patient, study, series, instance), for files
    /// without offsets.
    private static func inferredHierarchy(_ items: [Item]) -> [DirectoryRecord] {
        // A stack of open records: each is closed into its parent when a record of the same or a
        // higher level comes.
        var roots: [DirectoryRecord] = []
        var stack: [(level: Int, record: DirectoryRecord)] = []
        func close() {
            guard let top = stack.popLast() else { return }
            if stack.isEmpty { roots.append(top.record) } else { stack[stack.count - 1].record.children.append(top.record) }
        }
        for item in items where (item.dataSet.int(.recordInUseFlag) ?? 0xFFFF) != 0 {
            let record = DirectoryRecord(dataSet: recordKeys(item.dataSet), children: [], offset: item.offset)
            let level = record.type.level ?? 0
            while let top = stack.last, top.level >= level { _ = top; close() }
            stack.append((level, record))
        }
        while !stack.isEmpty { close() }
        return roots
    }

    /// A record item's elements without the offsets and in-use flag, detached from the file.
    static func recordKeys(_ dataSet: DataSet) -> DataSet {
        let computed: Set<Tag> = [.offsetOfTheNextDirectoryRecord, .recordInUseFlag, .offsetOfReferencedLowerLevelDirectoryEntity]
        return DataSet(elements: dataSet.elements.filter { !computed.contains($0.tag) && !$0.tag.isGroupLength }.map { $0.detached() })
    }

    static func keyword(_ tag: Tag) -> String {
        DataDictionary.entry(for: tag)?.name.description ?? tag.description
    }
}
