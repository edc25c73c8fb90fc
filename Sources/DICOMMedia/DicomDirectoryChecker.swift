import DICOM
import Foundation

/// Checks a file-set: the DICOMDIR's offsets and record hierarchy (PS3.3 F.3, F.4), the keys of
/// each record (F.5), that every referenced file exists (ignoring case) and holds the instance
/// the record says, and which files in the folder no record references.
public enum DicomDirectoryChecker {
    /// The outcome of a check.
    public struct Result: Sendable {
        /// The DICOMDIR checked.
        public var dicomdir: String
        public var findings: [MediaFinding] = []
        /// Every referenced file: its File ID and where it was found (nil when missing).
        public var referenced: [(fileID: String, path: String?)] = []
        /// Files under the folder that no record references.
        public var unreferenced: [String] = []
        public var recordCount = 0

        public var hasErrors: Bool { findings.contains { $0.severity == .error } }
    }

    /// The DICOMDIR for `path`: the file itself, or the `DICOMDIR` (any case) in a folder.
    public static func locate(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return path }
        return FileIDResolver(root: path).resolve(["DICOMDIR"])?.path
    }

    /// Checks the DICOMDIR at `dicomdir` and the files of its folder.
    public static func check(dicomdir: String) -> Result {
        var result = Result(dicomdir: dicomdir)
        let read: DicomDirectoryReader.Result
        do {
            read = try DicomDirectoryReader.read(path: dicomdir)
        } catch {
            result.findings.append(MediaFinding(.error, "dicomdir.unreadable", "\(error)", file: dicomdir))
            return result
        }
        result.findings += read.findings
        if read.transferSyntax.uid != TransferSyntax.explicitVRLittleEndian.uid {
            result.findings.append(MediaFinding(
                .warning, "dicomdir.transfer-syntax", "the DICOMDIR is in \(read.transferSyntax.name); PS3.10 8.6 wants Explicit VR Little Endian",
                file: dicomdir, reference: "PS3.10 8.6"))
        }
        let directory = read.directory
        result.recordCount = directory.allRecords.count
        checkHierarchy(directory.roots, parent: nil, file: dicomdir, into: &result.findings)

        let folder = (dicomdir as NSString).deletingLastPathComponent.isEmpty ? "." : (dicomdir as NSString).deletingLastPathComponent
        let resolver = FileIDResolver(root: folder)
        var jobs: [(record: DirectoryRecord, ancestors: [DirectoryRecord], path: String)] = []
        var byPath: [String: Int64?] = [:]
        var byInstance: [String: Int64?] = [:]
        for (record, ancestors) in directory.referencingRecords {
            guard let fileID = record.fileID, let relative = record.filePath else { continue }
            let at = record.offset
            if let problem = MediaLayout.problem(with: fileID) {
                result.findings.append(MediaFinding(.warning, "dicomdir.file-id.invalid", "Referenced File ID \(relative): \(problem)", file: dicomdir, offset: at, reference: "PS3.10 8.2"))
            }
            if let uid = record.referencedSOPInstanceUID, !uid.isEmpty {
                if let other = byInstance[uid] {
                    result.findings.append(MediaFinding(.error, "dicomdir.instance.duplicate", "SOP Instance UID \(uid) is listed by two records (the other at offset \(other.map(String.init) ?? "?"))", file: dicomdir, offset: at))
                }
                byInstance[uid] = at
            }
            guard let match = resolver.resolve(fileID) else {
                result.referenced.append((relative, nil))
                result.findings.append(MediaFinding(.error, "dicomdir.file.missing", "\(record.type.name) record references \(relative), which does not exist", file: dicomdir, offset: at))
                continue
            }
            result.referenced.append((relative, match.path))
            if match.differsInCase {
                result.findings.append(MediaFinding(.info, "dicomdir.file.case-differs", "\(relative) was found as \(match.path)", file: dicomdir, offset: at))
            }
            let key = URL(fileURLWithPath: match.path).standardizedFileURL.path
            if let other = byPath[key] {
                result.findings.append(MediaFinding(.error, "dicomdir.file.duplicate", "\(relative) is referenced by two records (the other at offset \(other.map(String.init) ?? "?"))", file: dicomdir, offset: at))
                continue
            }
            byPath[key] = at
            jobs.append((record, ancestors, match.path))
        }
        let checked = concurrentMap(jobs.indices.map { $0 }) { [jobs] index in
            compare(jobs[index].record, ancestors: jobs[index].ancestors, file: jobs[index].path, dicomdir: dicomdir)
        }
        result.findings += checked.flatMap { $0 }

        let own = URL(fileURLWithPath: dicomdir).standardizedFileURL.path
        for file in InputCollector.collect([folder], expandDICOMDIR: false).files {
            let standard = URL(fileURLWithPath: file.path).standardizedFileURL.path
            guard standard != own, byPath[standard] == nil else { continue }
            result.unreferenced.append(file.path)
            if case .notDICOM = MediaScanner.scan(path: file.path) {
                // README.TXT, INDEX.HTM, a viewer: expected on media (IHE PDI).
                result.findings.append(MediaFinding(.info, "dicomdir.file.unreferenced", "not a DICOM file; no record references it", file: file.path))
            } else {
                result.findings.append(MediaFinding(.warning, "dicomdir.file.unreferenced", "no record references this file", file: file.path))
            }
        }
        return result
    }

    /// Record types where they may stand, and each record's keys.
    private static func checkHierarchy(_ records: [DirectoryRecord], parent: DirectoryRecord?, file: String, into findings: inout [MediaFinding]) {
        for record in records {
            let type = record.type
            if !type.isDefined {
                findings.append(MediaFinding(.error, "dicomdir.record.unknown-type", "Directory Record Type '\(type.name)' is not a defined term", file: file, offset: record.offset, reference: "PS3.3 F.5"))
            } else if let parent, !parent.type.allowsChild(type) {
                findings.append(MediaFinding(.error, "dicomdir.hierarchy.illegal", "a \(type.name) record is below a \(parent.type.name) record", file: file, offset: record.offset, reference: "PS3.3 F.4"))
            } else if parent == nil, !type.allowedAtRoot {
                findings.append(MediaFinding(.error, "dicomdir.hierarchy.illegal", "a \(type.name) record is in the root directory entity (only PATIENT and the stand-alone types may be)", file: file, offset: record.offset, reference: "PS3.3 F.4"))
            }
            if type.level == 3, record.fileID == nil {
                findings.append(MediaFinding(.error, "dicomdir.key.missing", "the \(type.name) record has no Referenced File ID (0004,1500)", file: file, offset: record.offset, reference: "PS3.3 F.3.2.2"))
            }
            for key in type.keys {
                let element = record.dataSet[key.tag]
                let name = DataDictionary.entry(for: key.tag)?.name.description ?? key.tag.description
                switch key.requirement {
                case .required where element == nil || element?.value.byteCount == 0 && element?.isSequence == false:
                    findings.append(MediaFinding(.error, "dicomdir.key.missing", "the \(type.name) record lacks \(name) \(key.tag) (type 1)", file: file, offset: record.offset, reference: "PS3.3 F.5"))
                case .requiredMayBeEmpty where element == nil:
                    findings.append(MediaFinding(.warning, "dicomdir.key.missing", "the \(type.name) record lacks \(name) \(key.tag) (type 2)", file: file, offset: record.offset, reference: "PS3.3 F.5"))
                default: break
                }
            }
            checkHierarchy(record.children, parent: record, file: file, into: &findings)
        }
    }

    /// What a referenced file holds against what its record and the records above say.
    private static func compare(_ record: DirectoryRecord, ancestors: [DirectoryRecord], file: String, dicomdir: String) -> [MediaFinding] {
        let read: DicomFile
        do {
            read = try DicomReader.read(path: file, options: .headerOnly)
        } catch {
            return [MediaFinding(.error, "dicomdir.file.unreadable", "cannot read the referenced file: \(error)", file: file, offset: nil)]
        }
        var findings: [MediaFinding] = []
        let where_ = "\(record.type.name) record at offset \(record.offset.map(String.init) ?? "?")"
        func compare(_ label: String, recorded: String?, actual: String?) {
            guard let recorded, !recorded.isEmpty else { return }
            if recorded != (actual ?? "") {
                findings.append(MediaFinding(
                    .error, "dicomdir.uid.mismatch", "\(label): the \(where_) says \(recorded), the file has \(actual ?? "none")",
                    file: file, relatedFiles: [dicomdir], reference: "PS3.3 F.3.2.2"))
            }
        }
        compare("SOP Instance UID", recorded: record.referencedSOPInstanceUID, actual: read.dataSet.string(.sopInstanceUID) ?? read.meta.string(.mediaStorageSOPInstanceUID))
        compare("SOP Class UID", recorded: record.referencedSOPClassUID, actual: read.dataSet.string(.sopClassUID) ?? read.meta.string(.mediaStorageSOPClassUID))
        compare("Transfer Syntax UID", recorded: record.referencedTransferSyntaxUID, actual: read.transferSyntax.uid)
        for ancestor in ancestors {
            switch ancestor.type {
            case .patient: compare("Patient ID", recorded: ancestor.string(.patientID), actual: read.dataSet.string(.patientID))
            case .study: compare("Study Instance UID", recorded: ancestor.string(.studyInstanceUID), actual: read.dataSet.string(.studyInstanceUID))
            case .series: compare("Series Instance UID", recorded: ancestor.string(.seriesInstanceUID), actual: read.dataSet.string(.seriesInstanceUID))
            default: break
            }
        }
        return findings
    }
}
