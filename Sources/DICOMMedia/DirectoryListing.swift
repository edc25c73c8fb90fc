import DICOM
import Foundation

/// A DICOMDIR shown for people and scripts: patient, study, series and instance records with
/// their dates, descriptions, modalities and counts (`dicomfix dicomdir dump`).
public struct DirectoryListing: Codable, Sendable {
    /// One record, with what it says and the records below it.
    public struct Node: Codable, Sendable {
        public var type: String
        public var offset: Int64?
        public var patientName: String?
        public var patientID: String?
        public var studyDate: String?
        public var studyTime: String?
        public var studyDescription: String?
        public var studyID: String?
        public var accessionNumber: String?
        public var studyInstanceUID: String?
        public var modality: String?
        public var seriesNumber: String?
        public var seriesDescription: String?
        public var seriesInstanceUID: String?
        public var instanceNumber: String?
        public var contentDate: String?
        public var fileID: String?
        public var sopClassUID: String?
        public var sopClass: String?
        public var sopInstanceUID: String?
        public var transferSyntaxUID: String?
        public var studies: Int?
        public var series: Int?
        public var instances: Int?
        public var children: [Node]?
    }

    public var path: String
    public var fileSetID: String
    public var records: Int
    public var patients: Int
    public var instances: Int
    public var roots: [Node]

    /// The listing of `directory`, read from `path`.
    public init(_ directory: DicomDirectory, path: String) {
        self.path = path
        self.fileSetID = directory.fileSetID
        self.records = directory.allRecords.count
        self.patients = directory.roots.filter { $0.type == .patient }.count
        self.instances = directory.roots.reduce(0) { $0 + $1.instanceCount }
        self.roots = directory.roots.map(Self.node)
    }

    static func node(_ record: DirectoryRecord) -> Node {
        func text(_ tag: Tag) -> String? {
            guard let value = record.string(tag), !value.isEmpty else { return nil }
            return value
        }
        let children = record.children.map(node)
        let level = record.type.level
        let sopClass = text(.referencedSOPClassUIDInFile)
        return Node(
            type: record.type.name, offset: record.offset, patientName: text(.patientName), patientID: text(.patientID),
            studyDate: text(.studyDate), studyTime: text(.studyTime), studyDescription: text(.studyDescription), studyID: text(.studyID),
            accessionNumber: text(.accessionNumber), studyInstanceUID: text(.studyInstanceUID), modality: text(.modality),
            seriesNumber: text(.seriesNumber), seriesDescription: text(.seriesDescription), seriesInstanceUID: text(.seriesInstanceUID),
            instanceNumber: text(.instanceNumber), contentDate: text(.contentDate), fileID: record.filePath, sopClassUID: sopClass,
            sopClass: sopClass.flatMap { UIDRegistry.name(of: $0) }, sopInstanceUID: text(.referencedSOPInstanceUIDInFile),
            transferSyntaxUID: text(.referencedTransferSyntaxUIDInFile),
            studies: level == 0 ? record.children.filter { $0.type == .study }.count : nil,
            series: level == 0 || level == 1 ? count(record, level: 2) : nil,
            instances: level.map { $0 < 3 } ?? false ? record.instanceCount : nil,
            children: children.isEmpty ? nil : children)
    }

    private static func count(_ record: DirectoryRecord, level: Int) -> Int {
        record.children.reduce(0) { $0 + ($1.type.level == level ? 1 : count($1, level: level)) }
    }

    /// The tree as indented text, one record a line.
    public func text() -> String {
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var lines = [
            "DICOMDIR \(path): File-set ID '\(fileSetID)', \(counted(records, "record")), \(counted(patients, "patient")), \(counted(instances, "instance"))"
        ]
        func visit(_ nodes: [Node], depth: Int) {
            for node in nodes {
                lines.append(String(repeating: "  ", count: depth) + Self.line(node))
                visit(node.children ?? [], depth: depth + 1)
            }
        }
        visit(roots, depth: 0)
        return lines.joined(separator: "\n")
    }

    static func line(_ node: Node) -> String {
        var parts = [node.type]
        func add(_ value: String?, _ label: String = "") {
            if let value, !value.isEmpty { parts.append(label.isEmpty ? value : "\(label) \(value)") }
        }
        switch node.type {
        case "PATIENT":
            add(node.patientName)
            add(node.patientID, "ID")
        case "STUDY":
            add([node.studyDate, node.studyTime].compactMap { $0 }.joined(separator: " "))
            add(node.studyDescription.map { "\"\($0)\"" })
            add(node.studyID, "ID")
            add(node.accessionNumber, "accession")
            add(node.studyInstanceUID, "UID")
        case "SERIES":
            add(node.seriesNumber, "#")
            add(node.modality)
            add(node.seriesDescription.map { "\"\($0)\"" })
            add(node.seriesInstanceUID, "UID")
        default:
            add(node.instanceNumber, "#")
            add(node.contentDate)
            add(node.fileID)
            add(node.sopClass ?? node.sopClassUID)
        }
        var counts: [String] = []
        if let studies = node.studies { counts.append("\(studies) \(studies == 1 ? "study" : "studies")") }
        if let series = node.series { counts.append("\(series) series") }
        if let instances = node.instances { counts.append("\(instances) \(instances == 1 ? "instance" : "instances")") }
        if !counts.isEmpty { parts.append("(" + counts.joined(separator: ", ") + ")") }
        return parts.joined(separator: "  ")
    }

    /// The listing as pretty-printed JSON.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
