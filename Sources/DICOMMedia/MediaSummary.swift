import DICOM
import Foundation

/// What a medium or an import holds, as a support desk reads it: patients, and for each of
/// their studies the date, description, modalities and the number of series and instances.
/// Made from a record tree (a DICOMDIR, or the tree a scan of files gives).
public struct MediaSummary: Codable, Sendable, Hashable {
    public struct Patient: Codable, Sendable, Hashable {
        public var name: String
        public var id: String
        public var birthDate: String?
        public var sex: String?
        public var studies: [Study]
    }

    public struct Study: Codable, Sendable, Hashable {
        public var studyInstanceUID: String
        public var date: String?
        public var time: String?
        public var description: String?
        public var accessionNumber: String?
        public var studyID: String?
        /// Modalities of its series, sorted, each once.
        public var modalities: [String]
        public var series: Int
        public var instances: Int
    }

    public var patients: [Patient]
    /// Instances outside the patient hierarchy (hanging protocols, palettes).
    public var otherInstances: Int

    public var studyCount: Int { patients.reduce(0) { $0 + $1.studies.count } }
    public var seriesCount: Int { patients.reduce(0) { $0 + $1.studies.reduce(0) { $0 + $1.series } } }
    public var instanceCount: Int { patients.reduce(otherInstances) { $0 + $1.studies.reduce(0) { $0 + $1.instances } } }

    public init(patients: [Patient], otherInstances: Int) {
        self.patients = patients
        self.otherInstances = otherInstances
    }

    /// The summary of a record tree (PATIENT, STUDY, SERIES and instance records).
    public init(roots: [DirectoryRecord]) {
        func text(_ record: DirectoryRecord, _ tag: Tag) -> String? {
            guard let value = record.string(tag)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        patients = roots.filter { $0.type == .patient }.map { patient in
            Patient(
                name: text(patient, .patientName) ?? "", id: text(patient, .patientID) ?? "", birthDate: text(patient, .patientBirthDate),
                sex: text(patient, .patientSex),
                studies: patient.children.filter { $0.type == .study }.map { study in
                    let series = study.children.filter { $0.type == .series }
                    return Study(
                        studyInstanceUID: text(study, .studyInstanceUID) ?? "", date: text(study, .studyDate), time: text(study, .studyTime),
                        description: text(study, .studyDescription), accessionNumber: text(study, .accessionNumber), studyID: text(study, .studyID),
                        modalities: Array(Set(series.compactMap { text($0, .modality) })).sorted(), series: series.count,
                        instances: study.instanceCount)
                })
        }
        otherInstances = roots.filter { $0.type != .patient }.count
    }

    /// The summary of the DICOM instances read by a header scan.
    public init(instances: [MediaInstance]) {
        var tree = DirectoryTree()
        for instance in instances.sorted(by: { ($0.studyDateTime, $0.seriesNumber, $0.instanceNumber, $0.path) < ($1.studyDateTime, $1.seriesNumber, $1.instanceNumber, $1.path) }) {
            tree.insert(instance, fileID: [], transferSyntaxUID: instance.transferSyntax.uid)
        }
        self.init(roots: tree.roots)
    }

    /// A date `YYYYMMDD` as `YYYY-MM-DD`, anything else as it is.
    static func readableDate(_ value: String?) -> String {
        guard let value else { return "-" }
        let bytes = Array(value.utf8)
        guard bytes.count == 8, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return value }
        return "\(value.prefix(4))-\(value.dropFirst(4).prefix(2))-\(value.suffix(2))"
    }

    /// A person name `Family^Given^Middle^Prefix^Suffix` as `Family, Given Middle`.
    static func readableName(_ value: String) -> String {
        let first = value.split(separator: "=", omittingEmptySubsequences: false).first.map(String.init) ?? value
        let parts = first.split(separator: "^", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1 else { return first }
        let given = parts.dropFirst().prefix(2).filter { !$0.isEmpty }.joined(separator: " ")
        return given.isEmpty ? parts[0] : "\(parts[0]), \(given)"
    }

    /// One line per patient and one per study, indented: what `inspect` and README.TXT show.
    public func lines() -> [String] {
        var lines: [String] = []
        for patient in patients {
            var head = "Patient \(Self.readableName(patient.name).isEmpty ? "(no name)" : Self.readableName(patient.name))  ID \(patient.id.isEmpty ? "-" : patient.id)"
            if let birth = patient.birthDate { head += "  born \(Self.readableDate(birth))" }
            if let sex = patient.sex { head += "  sex \(sex)" }
            lines.append(head)
            for study in patient.studies {
                var line = "  Study \(Self.readableDate(study.date))"
                if let description = study.description { line += "  \"\(description)\"" }
                line += "  \(study.modalities.isEmpty ? "-" : study.modalities.joined(separator: "/"))"
                line += "  \(study.series) series, \(study.instances) \(study.instances == 1 ? "instance" : "instances")"
                if let accession = study.accessionNumber { line += "  accession \(accession)" }
                lines.append(line)
            }
        }
        if otherInstances > 0 { lines.append("Other objects outside any patient: \(otherInstances)") }
        return lines
    }
}
