import DICOM
import Foundation

/// A DICOMDIR as a tree: the File-set Identification module and the directory records of the
/// Basic Directory IOD (PS3.3 F.3), each record with the records of its lower-level entity.
/// Offsets are not part of the model: they are computed when the directory is written.
public struct DicomDirectory: Sendable {
    /// File-set ID (0004,1130), type 2.
    public var fileSetID: String
    /// Media Storage SOP Instance UID of the DICOMDIR file (PS3.10 7.1).
    public var instanceUID: String
    /// Elements of the root data set other than the offsets, consistency flag and record
    /// sequence (File-set Descriptor File ID, Specific Character Set, ...), kept when updating.
    public var otherRootElements: [Element]
    /// The records of the root directory entity.
    public var roots: [DirectoryRecord]

    public init(fileSetID: String = "", instanceUID: String = UIDGenerator.make(), roots: [DirectoryRecord] = []) {
        self.fileSetID = fileSetID
        self.instanceUID = instanceUID
        self.otherRootElements = []
        self.roots = roots
    }

    /// Every record, depth first (a record, then its lower-level entity, then the next record).
    public var allRecords: [DirectoryRecord] {
        var result: [DirectoryRecord] = []
        func visit(_ records: [DirectoryRecord]) {
            for record in records {
                result.append(record)
                visit(record.children)
            }
        }
        visit(roots)
        return result
    }

    /// The records that reference a file, with the records above them (patient, study, series).
    public var referencingRecords: [(record: DirectoryRecord, ancestors: [DirectoryRecord])] {
        var result: [(DirectoryRecord, [DirectoryRecord])] = []
        func visit(_ records: [DirectoryRecord], _ path: [DirectoryRecord]) {
            for record in records {
                if record.fileID != nil { result.append((record, path)) }
                visit(record.children, path + [record])
            }
        }
        visit(roots, [])
        return result
    }
}

/// One directory record (PS3.3 F.3.2.2) and the records of its lower-level directory entity.
public struct DirectoryRecord: Sendable {
    /// The record's elements without the offsets and in-use flag (which the writer computes):
    /// Directory Record Type, the keys, Referenced File ID and the Referenced ... in File UIDs.
    public var dataSet: DataSet
    /// The records of the lower-level entity, in order.
    public var children: [DirectoryRecord]
    /// Byte offset of the record's item in the file it was read from (nil for a new record).
    public var offset: Int64?

    public init(type: DirectoryRecordType, dataSet: DataSet = DataSet(), children: [DirectoryRecord] = []) {
        var records = dataSet
        records.setString(.directoryRecordType, .CS, type.name)
        self.dataSet = records
        self.children = children
        self.offset = nil
    }

    init(dataSet: DataSet, children: [DirectoryRecord], offset: Int64?) {
        self.dataSet = dataSet
        self.children = children
        self.offset = offset
    }

    public var type: DirectoryRecordType { DirectoryRecordType(dataSet.string(.directoryRecordType) ?? "") }

    /// Referenced File ID (0004,1500) components, nil when the record references no file.
    public var fileID: [String]? {
        guard let values = dataSet.strings(.referencedFileID), !values.isEmpty, values != [""] else { return nil }
        return values
    }

    /// The Referenced File ID as a relative path (`DICOM/PAT00001/IMG00001`).
    public var filePath: String? { fileID?.joined(separator: "/") }

    public var referencedSOPClassUID: String? { dataSet.string(.referencedSOPClassUIDInFile) }
    public var referencedSOPInstanceUID: String? { dataSet.string(.referencedSOPInstanceUIDInFile) }
    public var referencedTransferSyntaxUID: String? { dataSet.string(.referencedTransferSyntaxUIDInFile) }

    /// A key's value as text (e.g. `PatientID`), using the record's own character set.
    public func string(_ tag: Tag) -> String? { dataSet.string(tag) }

    /// The number of instance records below this record.
    public var instanceCount: Int {
        children.reduce(type.level == 3 ? 1 : 0) { $0 + $1.instanceCount }
    }
}

/// A problem found in a DICOMDIR, a file-set or the files going onto media, with the file it is
/// about and the other files involved.
public struct MediaFinding: Sendable, Hashable {
    public var severity: Severity
    /// A stable code, e.g. `dicomdir.offset.dangling`, `media.study.two-patients`.
    public var code: String
    public var message: String
    /// The file the finding is about (an input, the DICOMDIR, or a referenced file).
    public var file: String?
    /// Byte offset in `file`, when it is about a place in it (a record's item).
    public var offset: Int64?
    /// Other files involved (the files of the other patient, ...).
    public var relatedFiles: [String]
    /// The part of the standard the rule comes from.
    public var reference: String?

    public init(
        _ severity: Severity, _ code: String, _ message: String, file: String? = nil, offset: Int64? = nil,
        relatedFiles: [String] = [], reference: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.offset = offset
        self.relatedFiles = relatedFiles
        self.reference = reference
    }
}

/// UIDs under the `2.25` root derived from random UUIDs (PS3.5 B.2).
public enum UIDGenerator {
    /// A new `2.25.` UID from a random UUID.
    public static func make() -> String {
        let uuid = UUID().uuid
        let bytes = [
            uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7, uuid.8, uuid.9, uuid.10, uuid.11, uuid.12,
            uuid.13, uuid.14, uuid.15,
        ]
        return "2.25." + decimal(bytes)
    }

    /// The big-endian unsigned integer in `bytes` written in decimal.
    static func decimal(_ bytes: [UInt8]) -> String {
        var number = bytes.drop { $0 == 0 }.map { UInt32($0) }
        var digits: [Character] = []
        while !number.isEmpty {
            var remainder: UInt32 = 0
            var quotient: [UInt32] = []
            for byte in number {
                let value = remainder << 8 | byte
                let digit = value / 10
                remainder = value % 10
                if !(quotient.isEmpty && digit == 0) { quotient.append(digit) }
            }
            digits.append(Character(String(remainder)))
            number = quotient
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }
}

extension Element {
    /// A copy that holds its value in memory and keeps no reference to the file it came from
    /// (so that no file stays open), with sequence items copied the same way.
    func detached() -> Element {
        switch value {
        case .bytes(let bytes): return Element(tag, vr, value: .bytes(bytes), undefinedLength: hasUndefinedLength)
        case .bulk: return Element(tag, vr, value: .bytes((try? loadBytes() ?? []) ?? []), undefinedLength: false)
        case .sequence(let items):
            return Element(tag, vr, value: .sequence(items.map { Item($0.dataSet.detached(), undefinedLength: true) }), undefinedLength: true)
        case .encapsulated: return Element(tag, vr, value: .bytes([]))
        }
    }
}

extension DataSet {
    /// A copy of every element, detached from its source file.
    func detached() -> DataSet { DataSet(elements: elements.map { $0.detached() }) }
}
