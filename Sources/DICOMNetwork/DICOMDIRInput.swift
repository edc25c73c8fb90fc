import DICOM
import Foundation

/// The files a DICOMDIR lists (PS3.10 8.6, PS3.3 F.3): every Referenced File ID (0004,1500) of
/// the Directory Record Sequence, resolved against the DICOMDIR's folder.
enum DICOMDIRInput {
    /// Paths of the referenced files that exist, in record order, and the IDs that do not.
    /// - Throws: `DICOMError` when the DICOMDIR cannot be read.
    static func referencedFiles(of path: String) throws -> (found: [String], missing: [String]) {
        let file = try DicomReader.read(path: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var found: [String] = []
        var missing: [String] = []
        for item in file.dataSet[.directoryRecordSequence]?.items ?? [] {
            guard let components = item.dataSet.strings(.referencedFileID)?.map({ $0.trimmingPadding() }).filter({ !$0.isEmpty }),
                !components.isEmpty
            else { continue }
            if let resolved = resolve(components, in: folder) {
                found.append(resolved)
            } else {
                missing.append(components.joined(separator: "\\"))
            }
        }
        return (found, missing)
    }

    /// The path of `components` under `folder`, matching each component exactly or, as media
    /// written on other systems may differ in case, ignoring case.
    private static func resolve(_ components: [String], in folder: URL) -> String? {
        var current = folder
        let manager = FileManager.default
        for component in components {
            let exact = current.appendingPathComponent(component)
            if manager.fileExists(atPath: exact.path) {
                current = exact
                continue
            }
            guard let entries = try? manager.contentsOfDirectory(atPath: current.path),
                let match = entries.first(where: { $0.caseInsensitiveCompare(component) == .orderedSame })
            else { return nil }
            current = current.appendingPathComponent(match)
        }
        var isDirectory: ObjCBool = false
        return manager.fileExists(atPath: current.path, isDirectory: &isDirectory) && !isDirectory.boolValue ? current.path : nil
    }
}
