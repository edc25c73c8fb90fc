import DICOM
import Foundation

/// One input file found from the paths a user gave.
public struct InputFile: Sendable, Hashable {
    /// Where to read it.
    public var path: String
    /// Its path relative to the folder it was found under (the file name for a file given
    /// directly), used to mirror the input tree in an output folder.
    public var relativePath: String

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
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
    }

    /// Collects the files under `paths`. Hidden files and dicomfix's own temporary files are
    /// left out of folders; a file named directly is always kept.
    public static func collect(_ paths: [String]) -> Result {
        var result = Result()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.missing.append(SkippedInput(path: path, reason: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                result.files.append(InputFile(path: path, relativePath: (path as NSString).lastPathComponent))
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else {
                result.missing.append(SkippedInput(path: path, reason: "cannot list the folder"))
                continue
            }
            var found: [InputFile] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                    continue
                }
                guard (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                found.append(InputFile(path: full, relativePath: relative))
            }
            result.files += found.sorted { $0.relativePath < $1.relativePath }
        }
        return result
    }
}
