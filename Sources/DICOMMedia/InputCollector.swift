import DICOM
import Foundation

/// One input file found from the paths a user gave.
public struct InputFile: Sendable, Hashable {
    /// Where to read it.
    public var path: String
    /// Its path relative to the folder it was found under (the file name for a file given
    /// directly), used to mirror the input tree in an output folder.
    public var relativePath: String

    /// The archive it was unpacked from (`cd.iso`), nil for a file on disk; such a file is a
    /// private copy that cannot be changed in place.
    public var archive: String?

    public init(path: String, relativePath: String, archive: String? = nil) {
        self.path = path
        self.relativePath = relativePath
        self.archive = archive
    }
}

/// A path given by the user that yielded nothing to read, and why.
public struct SkippedInput: Sendable, Hashable {
    public var path: String
    public var reason: String
}

/// Expands the paths a user gave (files and folders, recursively) into input files, in a stable
/// order: each argument in turn, folder contents sorted by path.
public enum InputCollector {
    public struct Result: Sendable {
        public var files: [InputFile] = []
        /// Paths that do not exist or cannot be read (an error for the user).
        public var missing: [SkippedInput] = []
        /// Archive members that were not unpacked (links, devices, unsafe names): a warning.
        public var refused: [SkippedInput] = []
        /// Where archive members were unpacked; kept alive as long as the files are read.
        public var staging: ArchiveStaging?
        /// The unpacked folder of each archive (with a final `/`) and the name that stands for it
        /// (`cd.iso!/`).
        public var archiveRoots: [(staged: String, display: String)] = []

        public init() {}

        /// `text` (a path or a message) with every unpacked archive folder named as
        /// `archive!/member`, as users see it.
        public func display(_ text: String) -> String {
            guard !archiveRoots.isEmpty, text.contains(AtomicFile.temporaryPrefix) else { return text }
            var result = text
            for root in archiveRoots {
                result = result.replacingOccurrences(of: root.staged, with: root.display)
            }
            return result
        }
    }

    /// Collects the files under `paths`. Hidden files and dicomfix's own temporary files are
    /// left out of folders; a file named directly is always kept, except a file named `DICOMDIR`
    /// (any case), which stands for the files it references (PS3.10 8.6) unless
    /// `expandDICOMDIR` is false.
    ///
    /// A file named directly whose name ends in `.zip`, `.tar`, `.tar.gz`, `.tgz` or `.iso` is
    /// read like a folder: its regular members are unpacked into a private staging folder
    /// (within `limits`) and listed in member order; `Result.display` names them
    /// `cd.iso!/DICOM/...`.
    public static func collect(_ paths: [String], expandDICOMDIR: Bool = true, archiveLimits: ArchiveLimits = .standard) -> Result {
        var result = Result()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.missing.append(SkippedInput(path: path, reason: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                if expandDICOMDIR, (path as NSString).lastPathComponent.uppercased() == "DICOMDIR" {
                    expand(dicomdir: path, into: &result)
                    continue
                }
                if ArchiveFormat(fileName: path) != nil {
                    unpack(archive: path, limits: archiveLimits, into: &result)
                    continue
                }
                result.files.append(InputFile(path: path, relativePath: (path as NSString).lastPathComponent))
                continue
            }
            guard let relatives = FolderWalk.regularFiles(under: path) else {
                result.missing.append(SkippedInput(path: path, reason: "cannot list the folder"))
                continue
            }
            let found = relatives.map { relative in
                InputFile(path: path.hasSuffix("/") ? path + relative : path + "/" + relative, relativePath: relative)
            }
            result.files += found.sorted { $0.relativePath < $1.relativePath }
        }
        result.files = uniqued(result.files)
        return result
    }

    /// The files without repeats: a file named twice, or listed by a DICOMDIR and named too, is
    /// kept once, where it first appears.
    private static func uniqued(_ files: [InputFile]) -> [InputFile] {
        var seen = Set<FileIdentity>()
        return files.filter { file in FileIdentity(path: file.path).map { seen.insert($0).inserted } ?? true }
    }

    /// Adds the regular members of the archive at `path`, unpacked into the staging folder.
    private static func unpack(archive path: String, limits: ArchiveLimits, into result: inout Result) {
        if result.staging == nil {
            do {
                result.staging = try ArchiveStaging()
            } catch {
                result.missing.append(SkippedInput(path: path, reason: "\(error)"))
                return
            }
        }
        guard let staging = result.staging else { return }
        let contents = staging.unpack(path, limits: limits)
        result.archiveRoots.append((contents.stagedRoot + "/", path + "!/"))
        for member in contents.members {
            result.files.append(InputFile(path: member.stagedPath, relativePath: member.name, archive: path))
        }
        for refused in contents.refused {
            result.refused.append(SkippedInput(path: "\(path)!/\(refused.name)", reason: refused.reason))
        }
        if let error = contents.error {
            result.missing.append(SkippedInput(path: path, reason: error))
        }
    }

    /// Adds the files a DICOMDIR references, found case-insensitively under its folder, in
    /// record order; their relative paths are the File IDs.
    private static func expand(dicomdir path: String, into result: inout Result) {
        let directory: DicomDirectory
        do {
            directory = try DicomDirectoryReader.read(path: path).directory
        } catch {
            result.missing.append(SkippedInput(path: path, reason: "cannot read the DICOMDIR: \(error)"))
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        let resolver = FileIDResolver(root: folder.isEmpty ? "." : folder)
        var seen = Set<String>()
        for (record, _) in directory.referencingRecords {
            guard let fileID = record.fileID, let relative = record.filePath, seen.insert(relative.uppercased()).inserted else { continue }
            if let match = resolver.resolve(fileID) {
                result.files.append(InputFile(path: match.path, relativePath: relative))
            } else {
                let expected = folder.isEmpty ? relative : folder + "/" + relative
                result.missing.append(SkippedInput(path: expected, reason: "listed in \(path) but not found"))
            }
        }
    }
}
