import DICOM
import Foundation

/// Builds and updates file-sets: scans the files, checks them against the media profile and
/// each other, lays them out, and writes the DICOMDIR (PS3.10 8, PS3.11, PS3.3 F). Nothing is
/// written unless every check passes (or was forced).
public enum DicomDirectoryBuilder {
    /// How to build.
    public struct Options: Sendable {
        public var profile: MediaProfile = .cd
        /// Give every file a media-safe File ID (`DICOM/PAT00001/STU00001/SER00001/IMG00001`),
        /// moving files in place or copying them to `output`.
        public var rename = false
        /// The folder of the new file-set; nil builds in the input folder itself.
        public var output: String?
        /// File-set ID (0004,1130): up to 16 characters of A-Z, 0-9, space and _.
        public var fileSetID = ""
        /// Convert files whose transfer syntax the profile does not allow to Explicit VR Little
        /// Endian (with the codec; compressed pixel data cannot be converted).
        public var transcode = false
        /// Write even when the data are inconsistent or keys are missing (findings become
        /// warnings).
        public var force = false

        public init() {}
    }

    /// What happened to one input file.
    public struct FileEntry: Sendable {
        public var path: String
        /// Where the file is in the file-set (nil when it is not part of it).
        public var destination: String?
        /// Its File ID (`DICOM/PAT00001/...`).
        public var fileID: String?
        public var actions: [String] = []
        /// Why the file was left out (not DICOM, a DICOMDIR, a duplicate).
        public var skipped: String?
    }

    /// The outcome of a build or update.
    public struct Result: Sendable {
        public var files: [FileEntry] = []
        /// Every problem found, each naming its file.
        public var findings: [MediaFinding] = []
        /// The DICOMDIR written, or nil when the build was refused.
        public var dicomdir: String?
        public var recordCount = 0

        public var hasErrors: Bool { findings.contains { $0.severity == .error } }

        public init() {}
    }

    /// An instance with where it goes.
    private struct Placement {
        var instance: MediaInstance
        var fileID: [String] = []
        var destination: String = ""
        var transcode = false
    }

    /// A file-set laid out but not written yet: where each instance goes, and its directory.
    public struct FileSetPlan: Sendable {
        /// One instance of the file-set.
        public struct Member: Sendable {
            /// The file it comes from.
            public var source: String
            /// Its File ID components (`DICOM`, `PAT00001`, ...).
            public var fileID: [String]
            /// Where it goes on disk (the target folder joined with the File ID).
            public var destination: String
            /// Whether it must be converted to Explicit VR Little Endian for the profile.
            public var transcode: Bool
        }

        /// The members in directory order.
        public var members: [Member]
        /// The DICOMDIR's content (File-set ID and record tree).
        public var directory: DicomDirectory
        /// The file entries and findings so far; nothing may be written when it has errors.
        public var result: Result
    }

    /// Builds a DICOMDIR for every DICOM file under `folder`.
    public static func build(folder: String, options: Options) -> Result {
        let target = options.output ?? folder
        if let output = options.output, MediaLayout.relativeComponents(of: output, under: folder) != nil {
            var result = Result()
            result.findings.append(MediaFinding(.error, "media.output.inside-input", "the output folder \(output) is inside the input folder \(folder)", file: output))
            return result
        }
        let collected = InputCollector.collect([folder], expandDICOMDIR: false)
        var result = Result()
        result.findings += collected.missing.map { MediaFinding(.error, "media.input.missing", $0.reason, file: $0.path) }
        let plan = plan(collected.files.map(\.path), under: folder, target: target, options: options, result: result)
        result = plan.result
        guard !result.hasErrors else { return result }
        do {
            try place(plan.members, inPlace: options.output == nil, root: target)
        } catch {
            result.findings.append(MediaFinding(.error, "media.write.failed", "\(error)", file: target))
            return result
        }
        return write(plan.directory, to: (target as NSString).appendingPathComponent("DICOMDIR"), result: result)
    }

    /// Lays out a file-set of the DICOM files among `paths`: reads their headers, checks them
    /// against the profile and each other, gives each a File ID (media-safe names with
    /// `options.rename`, else its path under `folder`) and builds the record tree. Writes
    /// nothing.
    /// - Parameters:
    ///   - folder: the folder the files' own paths are File IDs under (unused with `rename`).
    ///   - target: the folder the file-set is to be written to.
    ///   - result: findings gathered before (missing inputs), carried into the plan's result.
    public static func plan(_ paths: [String], under folder: String?, target: String, options: Options, result: Result = Result()) -> FileSetPlan {
        var result = result
        var (instances, entries) = scan(paths, force: options.force, into: &result)
        instances.sort { ($0.studyDateTime, $0.studyInstanceUID, $0.seriesNumber, $0.seriesInstanceUID, $0.instanceNumber, $0.path) < ($1.studyDateTime, $1.studyInstanceUID, $1.seriesNumber, $1.seriesInstanceUID, $1.instanceNumber, $1.path) }
        let severity: Severity = options.force ? .warning : .error
        result.findings += MediaConsistency.check(instances.map(entry), severity: severity)
        instances = dropDuplicates(instances, entries: &entries)

        var tree = DirectoryTree()
        for instance in instances {
            tree.insert(instance, fileID: [], transferSyntaxUID: instance.transferSyntax.uid)
        }
        var placements: [String: Placement] = Dictionary(instances.map { ($0.sopInstanceUID, Placement(instance: $0)) }, uniquingKeysWith: { a, _ in a })
        tree.forEachInstance { record, numbers, rootCount in
            guard let uid = record.referencedSOPInstanceUID, var placement = placements[uid] else { return }
            if options.rename {
                if let (p, s, r, i) = numbers {
                    placement.fileID = MediaLayout.fileID(patient: p, study: s, series: r, instance: i)
                } else {
                    placement.fileID = ["DICOM", MediaLayout.numberedComponent("OBJ", rootCount)]
                }
            } else {
                placement.fileID = folder.flatMap { MediaLayout.relativeComponents(of: placement.instance.path, under: $0) } ?? []
            }
            placement.destination = ((target as NSString).appendingPathComponent(placement.fileID.joined(separator: "/")))
            placement.transcode = checkProfile(placement.instance, options: options, into: &result)
            if let problem = MediaLayout.problem(with: placement.fileID) {
                result.findings.append(MediaFinding(
                    .error, "media.file-id.invalid",
                    "the file's path \(placement.fileID.joined(separator: "/")) cannot be a File ID: \(problem); --rename gives media-safe names",
                    file: placement.instance.path, reference: "PS3.10 8.2, PS3.12 F"))
            }
            let syntax = placement.transcode ? TransferSyntax.explicitVRLittleEndian.uid : placement.instance.transferSyntax.uid
            DirectoryTree.setReference(
                &record.dataSet, fileID: placement.fileID, sopClassUID: placement.instance.sopClassUID,
                sopInstanceUID: uid, transferSyntaxUID: syntax)
            placements[uid] = placement
        }
        for index in entries.indices {
            guard let uid = entries[index].uid, let placement = placements[uid] else { continue }
            entries[index].entry.destination = placement.destination
            entries[index].entry.fileID = placement.fileID.joined(separator: "/")
            if placement.transcode { entries[index].entry.actions.append("transcode \(placement.instance.transferSyntax.name) -> Explicit VR Little Endian") }
            if placement.destination != placement.instance.path {
                entries[index].entry.actions.append("\(options.output == nil ? "move" : "copy") to \(placement.fileID.joined(separator: "/"))")
            }
        }
        result.files = entries.map(\.entry)
        if instances.isEmpty {
            let place = folder ?? paths.first ?? target
            result.findings.append(MediaFinding(.error, "media.input.empty", "no DICOM instance found under \(place)", file: place))
        }
        let members = instances.compactMap { placements[$0.sopInstanceUID] }.map {
            FileSetPlan.Member(source: $0.instance.path, fileID: $0.fileID, destination: $0.destination, transcode: $0.transcode)
        }
        var directory = DicomDirectory(fileSetID: options.fileSetID, roots: tree.roots)
        directory.fileSetID = options.fileSetID
        return FileSetPlan(members: members, directory: directory, result: result)
    }

    /// Adds `paths` (files or folders inside the file-set's folder) to the DICOMDIR at `dicomdir`.
    public static func update(dicomdir: String, adding paths: [String], options: Options) -> Result {
        var result = Result()
        let root = (dicomdir as NSString).deletingLastPathComponent.isEmpty ? "." : (dicomdir as NSString).deletingLastPathComponent
        let read: DicomDirectoryReader.Result
        do {
            read = try DicomDirectoryReader.read(path: dicomdir)
        } catch {
            result.findings.append(MediaFinding(.error, "dicomdir.unreadable", "\(error)", file: dicomdir))
            return result
        }
        result.findings += read.findings.filter { $0.severity == .error }.map {
            var finding = $0
            if options.force { finding.severity = .warning }
            return finding
        }
        let collected = InputCollector.collect(paths, expandDICOMDIR: false)
        result.findings += collected.missing.map { MediaFinding(.error, "media.input.missing", $0.reason, file: $0.path) }
        var (instances, entries) = scan(collected.files.map(\.path), force: options.force, into: &result)

        // What the directory already lists, as consistency entries and known SOP instances.
        var existing: [MediaConsistency.Entry] = []
        for (record, ancestors) in read.directory.referencingRecords {
            func key(_ type: DirectoryRecordType, _ tag: Tag) -> String { ancestors.first { $0.type == type }?.string(tag) ?? "" }
            existing.append(MediaConsistency.Entry(
                file: (root as NSString).appendingPathComponent(record.filePath ?? ""), patientID: key(.patient, .patientID),
                patientName: key(.patient, .patientName), studyInstanceUID: key(.study, .studyInstanceUID),
                seriesInstanceUID: key(.series, .seriesInstanceUID), sopInstanceUID: record.referencedSOPInstanceUID ?? ""))
        }
        let listed = Set(existing.map(\.sopInstanceUID))
        for index in entries.indices {
            guard let uid = entries[index].uid, listed.contains(uid) else { continue }
            entries[index].entry.skipped = "already in the DICOMDIR"
            entries[index].uid = nil
        }
        instances.removeAll { listed.contains($0.sopInstanceUID) }
        let severity: Severity = options.force ? .warning : .error
        result.findings += MediaConsistency.check(existing + instances.map(entry), severity: severity).filter { finding in
            // Report only what the new files bring in.
            instances.contains { $0.path == finding.file || finding.relatedFiles.contains($0.path) }
        }
        instances = dropDuplicates(instances, entries: &entries)

        var tree = DirectoryTree(roots: read.directory.roots)
        var toTranscode: [String] = []
        for instance in instances {
            guard let fileID = MediaLayout.relativeComponents(of: instance.path, under: root) else {
                result.findings.append(MediaFinding(.error, "media.input.outside", "the file is not inside the file-set folder \(root)", file: instance.path))
                continue
            }
            if let problem = MediaLayout.problem(with: fileID) {
                result.findings.append(MediaFinding(.error, "media.file-id.invalid", "the file's path \(fileID.joined(separator: "/")) cannot be a File ID: \(problem)", file: instance.path, reference: "PS3.10 8.2"))
            }
            let transcode = checkProfile(instance, options: options, into: &result)
            if transcode { toTranscode.append(instance.path) }
            let syntax = transcode ? TransferSyntax.explicitVRLittleEndian.uid : instance.transferSyntax.uid
            tree.insert(instance, fileID: fileID, transferSyntaxUID: syntax)
            if let index = entries.firstIndex(where: { $0.uid == instance.sopInstanceUID }) {
                entries[index].entry.destination = instance.path
                entries[index].entry.fileID = fileID.joined(separator: "/")
                entries[index].entry.actions.append("added to the DICOMDIR" + (transcode ? " (transcoded to Explicit VR Little Endian)" : ""))
            }
        }
        result.files = entries.map(\.entry)
        guard !result.hasErrors else { return result }
        for path in toTranscode {
            do {
                _ = try Conversion.convert(input: path, output: path, transferSyntax: .explicitVRLittleEndian, inPlace: true)
            } catch {
                result.findings.append(MediaFinding(.error, "media.transcode.failed", "\(error)", file: path))
                return result
            }
        }
        var directory = read.directory
        directory.roots = tree.roots
        if !options.fileSetID.isEmpty { directory.fileSetID = options.fileSetID }
        return write(directory, to: dicomdir, result: result)
    }

    // MARK: Steps

    private typealias ScannedEntry = (entry: FileEntry, uid: String?)

    /// Reads every file's header; unreadable files are errors (warnings when forced, then left
    /// out), non-DICOM files and DICOMDIRs are skipped.
    private static func scan(_ paths: [String], force: Bool, into result: inout Result) -> ([MediaInstance], [ScannedEntry]) {
        var instances: [MediaInstance] = []
        var entries: [ScannedEntry] = []
        for outcome in MediaScanner.scan(paths) {
            switch outcome {
            case .instance(let instance):
                instances.append(instance)
                entries.append((FileEntry(path: instance.path), instance.sopInstanceUID))
                result.findings += instance.findings.map {
                    var finding = $0
                    if force && finding.severity == .error && finding.code == "media.key.missing" { finding.severity = .warning }
                    return finding
                }
            case .notDICOM(let path):
                entries.append((FileEntry(path: path, skipped: "not a DICOM file"), nil))
            case .directory(let path):
                entries.append((FileEntry(path: path, skipped: "a DICOMDIR (rewritten, not listed)"), nil))
            case .unreadable(let path, let reason):
                entries.append((FileEntry(path: path, skipped: force ? "cannot be read" : nil), nil))
                result.findings.append(MediaFinding(force ? .warning : .error, "media.input.unreadable", "cannot read the file: \(reason)", file: path))
            }
        }
        return (instances, entries)
    }

    private static func entry(_ instance: MediaInstance) -> MediaConsistency.Entry {
        MediaConsistency.Entry(
            file: instance.path, patientID: instance.patientID, patientName: instance.patientName, studyInstanceUID: instance.studyInstanceUID,
            seriesInstanceUID: instance.seriesInstanceUID, sopInstanceUID: instance.sopInstanceUID)
    }

    /// Keeps the first instance of each SOP Instance UID; the others are marked skipped.
    private static func dropDuplicates(_ instances: [MediaInstance], entries: inout [ScannedEntry]) -> [MediaInstance] {
        var seen = Set<String>()
        var kept: [MediaInstance] = []
        for instance in instances {
            if seen.insert(instance.sopInstanceUID).inserted {
                kept.append(instance)
            } else if let index = entries.firstIndex(where: { $0.entry.path == instance.path }) {
                entries[index].entry.skipped = "duplicate SOP Instance UID \(instance.sopInstanceUID)"
                entries[index].uid = nil
            }
        }
        return kept
    }

    /// Whether the instance must be transcoded for the profile; a finding when it cannot be.
    private static func checkProfile(_ instance: MediaInstance, options: Options, into result: inout Result) -> Bool {
        let syntax = instance.transferSyntax
        if options.profile.allows(syntax.uid) { return false }
        let allowed = options.profile.transferSyntaxUIDs.map { TransferSyntax(uid: $0).name }.joined(separator: ", ")
        if options.transcode && !syntax.isEncapsulated && syntax.isKnown {
            return true
        }
        let advice = syntax.isEncapsulated
            ? "its pixel data are compressed and dicomfix does not decompress: choose a profile that allows \(syntax.name)"
            : "--transcode converts it to Explicit VR Little Endian"
        result.findings.append(MediaFinding(
            .error, "media.profile.transfer-syntax",
            "the file is in \(syntax.name), which \(options.profile.name) does not allow (allowed: \(allowed)); \(advice)",
            file: instance.path, reference: "PS3.11"))
        return false
    }

    /// Puts every file at its destination: moved (in place) or copied (to a new folder), and
    /// transcoded where needed. In-place moves go through a hidden staging folder so that names
    /// can be swapped.
    private static func place(_ placements: [FileSetPlan.Member], inPlace: Bool, root: String) throws {
        let manager = FileManager.default
        let moving = placements.filter { $0.destination != $0.source }
        let sources = Set(placements.map { URL(fileURLWithPath: $0.source).standardizedFileURL.path })
        for placement in moving where manager.fileExists(atPath: placement.destination) {
            let standard = URL(fileURLWithPath: placement.destination).standardizedFileURL.path
            if !inPlace || !sources.contains(standard) {
                throw DICOMError(.refusedOverwrite, "\(placement.destination) exists and is not one of the files being placed", file: placement.destination)
            }
        }
        try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        if inPlace && !moving.isEmpty {
            let staging = (root as NSString).appendingPathComponent("\(AtomicFile.temporaryPrefix)rename-\(UUID().uuidString)")
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            var staged: [(String, String)] = []
            for (index, placement) in moving.enumerated() {
                let temporary = (staging as NSString).appendingPathComponent(String(index))
                try manager.moveItem(atPath: placement.source, toPath: temporary)
                staged.append((temporary, placement.destination))
            }
            for (temporary, destination) in staged {
                try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try manager.moveItem(atPath: temporary, toPath: destination)
            }
            try? manager.removeItem(atPath: staging)
            removeEmptyFolders(moving.map { ($0.source as NSString).deletingLastPathComponent }, under: root)
        }
        for placement in placements {
            let source = inPlace ? placement.destination : placement.source
            try manager.createDirectory(atPath: (placement.destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if placement.transcode {
                _ = try Conversion.convert(input: source, output: placement.destination, transferSyntax: .explicitVRLittleEndian, inPlace: inPlace)
            } else if !inPlace {
                try copy(source, to: placement.destination)
            }
        }
    }

    /// Copies a file through a temporary file in the destination folder, then renames it.
    private static func copy(_ source: String, to destination: String) throws {
        let temporary = (destination as NSString).deletingLastPathComponent + "/\(AtomicFile.temporaryPrefix)\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: source, toPath: temporary)
        if rename(temporary, destination) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw DICOMError(.ioError, "cannot rename into place: \(String(cString: strerror(code)))", file: destination, errno: code)
        }
    }

    /// Removes the folders in `folders` and their parents up to `root` that are now empty.
    private static func removeEmptyFolders(_ folders: [String], under root: String) {
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        for folder in Set(folders).sorted(by: { $0.count > $1.count }) {
            var current = URL(fileURLWithPath: folder).standardizedFileURL.path
            while current.hasPrefix(rootPath + "/"), ((try? FileManager.default.contentsOfDirectory(atPath: current)) ?? ["?"]).isEmpty {
                try? FileManager.default.removeItem(atPath: current)
                current = (current as NSString).deletingLastPathComponent
            }
        }
    }

    private static func write(_ directory: DicomDirectory, to path: String, result: Result) -> Result {
        var result = result
        do {
            try DicomDirectoryWriter.write(directory, to: path)
            result.dicomdir = path
            result.recordCount = directory.allRecords.count
        } catch {
            result.findings.append(MediaFinding(.error, "media.write.failed", "cannot write the DICOMDIR: \(error)", file: path))
        }
        return result
    }
}
