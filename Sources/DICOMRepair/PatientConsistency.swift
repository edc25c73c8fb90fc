import DICOM

/// The patient-level attributes that every file of one study must agree on (PS3.3 C.7.1.1,
/// the Patient Module's identifying attributes).
public enum PatientConsistency {
    public static let attributes: [Tag] = [.patientName, .patientID, .issuerOfPatientID, .patientBirthDate, .patientSex]

    /// What one file says about its study and patient.
    public struct Facts: Sendable {
        public var path: String
        public var studyInstanceUID: String?
        /// Values of `attributes`, in that order ("" when absent).
        public var patient: [String]

        public init(path: String, dataSet: DataSet) {
            self.path = path
            self.studyInstanceUID = dataSet.string(.studyInstanceUID)
            let characterSet = dataSet.specificCharacterSet()
            self.patient = PatientConsistency.attributes.map { dataSet.string($0, characterSet: characterSet) ?? "" }
        }
    }

    /// A study whose files would name more than one patient.
    public struct Conflict: Sendable, CustomStringConvertible {
        public var studyInstanceUID: String
        /// Each distinct patient and the files that name it.
        public var patients: [(values: [String], files: [String])]

        public var description: String {
            let names = patients.map { group in
                let shown = zip(PatientConsistency.attributes, group.values).filter { !$0.1.isEmpty }
                    .map { "\(DataDictionary.keyword(for: $0.0).map { $0.description } ?? "\($0.0)")=\($0.1)" }.joined(separator: " ")
                return "[\(shown)] in \(group.files.count) file(s): \(group.files.prefix(5).joined(separator: ", "))\(group.files.count > 5 ? ", ..." : "")"
            }
            return "study \(studyInstanceUID) would have \(patients.count) patients: " + names.joined(separator: "; ")
        }
    }

    /// The studies among `facts` whose files disagree on the patient.
    public static func conflicts(_ facts: [Facts]) -> [Conflict] {
        var byStudy: [String: [Facts]] = [:]
        var order: [String] = []
        for fact in facts {
            guard let study = fact.studyInstanceUID, !study.isEmpty else { continue }
            if byStudy[study] == nil { order.append(study) }
            byStudy[study, default: []].append(fact)
        }
        var conflicts: [Conflict] = []
        for study in order {
            guard let files = byStudy[study] else { continue }
            var groups: [(values: [String], files: [String])] = []
            for fact in files {
                if let index = groups.firstIndex(where: { $0.values == fact.patient }) {
                    groups[index].files.append(fact.path)
                } else {
                    groups.append((fact.patient, [fact.path]))
                }
            }
            if groups.count > 1 { conflicts.append(Conflict(studyInstanceUID: study, patients: groups)) }
        }
        return conflicts
    }
}
