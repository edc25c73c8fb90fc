import DICOM

/// The checks that keep a DICOMDIR from telling a lie: one study under two patients, one patient
/// ID with two names, one series in two studies, one SOP instance in two files. Each finding
/// names the files on every side.
public enum MediaConsistency {
    /// What identifies one instance in the hierarchy.
    public struct Entry: Sendable {
        public var file: String
        public var patientID: String
        public var patientName: String
        public var studyInstanceUID: String
        public var seriesInstanceUID: String
        public var sopInstanceUID: String

        public init(file: String, patientID: String, patientName: String, studyInstanceUID: String, seriesInstanceUID: String, sopInstanceUID: String) {
            self.file = file
            self.patientID = patientID
            self.patientName = patientName
            self.studyInstanceUID = studyInstanceUID
            self.seriesInstanceUID = seriesInstanceUID
            self.sopInstanceUID = sopInstanceUID
        }
    }

    /// Findings of `severity` (error, or warning when the user forces the build).
    public static func check(_ entries: [Entry], severity: Severity = .error) -> [MediaFinding] {
        var findings: [MediaFinding] = []
        findings += conflicts(entries, groupedBy: \.studyInstanceUID, valuedBy: { "patient ID '\($0.patientID)' (\($0.patientName))" }, keyedBy: \.patientID) { study, sides, files in
            MediaFinding(
                severity, "media.study.two-patients",
                "Study Instance UID \(study) is under \(sides.count) patients: " + sides.joined(separator: "; ")
                    + ". A DICOMDIR would list the study under each patient; correct the files first (dicomfix correct or split)",
                file: files.last?.first, relatedFiles: files.dropLast().flatMap { $0 }, reference: "PS3.3 F.4")
        }
        findings += conflicts(entries, groupedBy: \.patientID, valuedBy: { "'\($0.patientName)'" }, keyedBy: \.patientName) { patient, sides, files in
            MediaFinding(
                severity, "media.patient.two-names",
                "Patient ID '\(patient)' has \(sides.count) names: " + sides.joined(separator: "; "),
                file: files.last?.first, relatedFiles: files.dropLast().flatMap { $0 }, reference: "PS3.3 F.5.1")
        }
        findings += conflicts(entries, groupedBy: \.seriesInstanceUID, valuedBy: { "study \($0.studyInstanceUID)" }, keyedBy: \.studyInstanceUID) { series, sides, files in
            MediaFinding(
                severity, "media.series.two-studies", "Series Instance UID \(series) is in \(sides.count) studies: " + sides.joined(separator: "; "),
                file: files.last?.first, relatedFiles: files.dropLast().flatMap { $0 }, reference: "PS3.3 F.4")
        }
        var firstFile: [String: String] = [:]
        for entry in entries where !entry.sopInstanceUID.isEmpty {
            if let other = firstFile[entry.sopInstanceUID] {
                findings.append(MediaFinding(
                    severity, "media.instance.duplicate",
                    "SOP Instance UID \(entry.sopInstanceUID) is also in \(other): only the first file is listed",
                    file: entry.file, relatedFiles: [other], reference: "PS3.3 F.4"))
            } else {
                firstFile[entry.sopInstanceUID] = entry.file
            }
        }
        return findings
    }

    /// Groups whose entries disagree on `key`: for each, the sides described by `value` with
    /// their files, handed to `make`.
    private static func conflicts(
        _ entries: [Entry], groupedBy group: KeyPath<Entry, String>, valuedBy value: (Entry) -> String, keyedBy key: KeyPath<Entry, String>,
        make: (String, [String], [[String]]) -> MediaFinding
    ) -> [MediaFinding] {
        var order: [String] = []
        var sides: [String: [(key: String, label: String, files: [String])]] = [:]
        for entry in entries where !entry[keyPath: group].isEmpty {
            let name = entry[keyPath: group]
            if sides[name] == nil { order.append(name) }
            var list = sides[name] ?? []
            if let index = list.firstIndex(where: { $0.key == entry[keyPath: key] }) {
                list[index].files.append(entry.file)
            } else {
                list.append((entry[keyPath: key], value(entry), [entry.file]))
            }
            sides[name] = list
        }
        return order.compactMap { name in
            guard let list = sides[name], list.count > 1 else { return nil }
            let described = list.map { "\($0.label) in \(fileList($0.files))" }
            return make(name, described, list.map(\.files))
        }
    }

    /// Up to five files, then how many more.
    static func fileList(_ files: [String]) -> String {
        let shown = files.prefix(5).joined(separator: ", ")
        return files.count > 5 ? "\(shown) and \(files.count - 5) more" : shown
    }
}
