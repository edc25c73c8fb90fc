import DICOM
import Foundation

/// What a support desk needs to know of a CD import (a folder, a DICOMDIR, a zip or an ISO
/// image) before loading it: the patients and studies on it, the files that are not DICOM or
/// cannot be read, the problems of its DICOMDIR, and demographics that disagree.
public enum MediaInspector {
    /// One file met, and what it is.
    public struct File: Sendable {
        public enum Kind: String, Sendable, Codable {
            case instance, dicomdir, notDICOM = "not-dicom", unreadable
        }

        public var path: String
        public var kind: Kind
        /// Why it cannot be read (unreadable files).
        public var reason: String?
        /// The problems found in or about it.
        public var findings: [MediaFinding] = []
    }

    /// The outcome of an inspection.
    public struct Inspection: Sendable {
        public var files: [File] = []
        public var summary = MediaSummary(roots: [])
        /// Findings that name no file met (an archive that could not be read to its end).
        public var otherFindings: [MediaFinding] = []

        public func count(_ kind: File.Kind) -> Int { files.filter { $0.kind == kind }.count }
        public var hasErrors: Bool {
            count(.unreadable) > 0 || (files.flatMap(\.findings) + otherFindings).contains { $0.severity == .error }
        }
    }

    /// Inspects the files of `inputs`: headers read in parallel (stopping before pixel data),
    /// every DICOMDIR checked against the files beside it, patients and studies summarised.
    /// Paths are given as users see them (`cd.iso!/DICOM/...`).
    public static func inspect(_ inputs: InputCollector.Result) -> Inspection {
        var inspection = Inspection()
        var instances: [MediaInstance] = []
        var index: [String: Int] = [:]
        var pending: [MediaFinding] = []
        for outcome in MediaScanner.scan(inputs.files.map(\.path)) {
            let file: File
            switch outcome {
            case .instance(let instance):
                // Defects the reader met in the header (the keys a DICOMDIR needs are not asked for here).
                let defects = instance.findings.filter { !$0.code.hasPrefix("media.key.") }
                if instance.sopInstanceUID.isEmpty, let first = defects.first {
                    file = File(path: instance.path, kind: .unreadable, reason: inputs.display(first.message))
                } else {
                    instances.append(instance)
                    file = File(path: instance.path, kind: .instance)
                    pending += defects
                }
            case .directory(let path):
                file = File(path: path, kind: .dicomdir)
            case .notDICOM(let path):
                file = File(path: path, kind: .notDICOM)
            case .unreadable(let path, let reason):
                file = File(path: path, kind: .unreadable, reason: inputs.display(reason))
            }
            index[file.path] = inspection.files.count
            inspection.files.append(file)
        }
        func attach(_ finding: MediaFinding, defaultFile: String?) {
            var finding = finding
            finding.message = inputs.display(finding.message)
            let path = finding.file ?? defaultFile
            finding.file = path.map(inputs.display)
            finding.relatedFiles = finding.relatedFiles.map(inputs.display)
            if let path, let at = index[path] {
                inspection.files[at].findings.append(finding)
            } else {
                inspection.otherFindings.append(finding)
            }
        }
        for finding in pending { attach(finding, defaultFile: nil) }
        for file in inspection.files where file.kind == .dicomdir {
            let check = DicomDirectoryChecker.check(dicomdir: file.path)
            for finding in check.findings where finding.severity > .info { attach(finding, defaultFile: file.path) }
        }
        let entries = instances.map {
            MediaConsistency.Entry(
                file: $0.path, patientID: $0.patientID, patientName: $0.patientName, studyInstanceUID: $0.studyInstanceUID,
                seriesInstanceUID: $0.seriesInstanceUID, sopInstanceUID: $0.sopInstanceUID)
        }
        for finding in MediaConsistency.check(entries, severity: .error) { attach(finding, defaultFile: nil) }
        for missing in inputs.missing {
            inspection.otherFindings.append(MediaFinding(.error, "media.input.unreadable", missing.reason, file: missing.path))
        }
        for refused in inputs.refused {
            inspection.otherFindings.append(MediaFinding(.warning, "archive.member.refused", refused.reason, file: refused.path))
        }
        inspection.summary = MediaSummary(instances: instances)
        for at in inspection.files.indices { inspection.files[at].path = inputs.display(inspection.files[at].path) }
        return inspection
    }
}
