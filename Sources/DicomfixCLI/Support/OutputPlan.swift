import DICOMMedia
import Foundation

/// Where each input's output goes: one named file, or the same relative path under a folder.
struct OutputPlan: Sendable {
    let output: String
    let isSingleFile: Bool
    let folderInputs: Set<String>

    init(inputs: [String], files: [InputFile], output: String) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        let inputIsFile = inputs.count == 1 && files.count == 1 && files[0].path == inputs[0]
        self.output = output
        self.isSingleFile = inputIsFile && !output.hasSuffix("/") && !(exists && isDirectory.boolValue)
        self.folderInputs = Set(files.filter { !inputs.contains($0.path) }.map(\.path))
    }

    func destination(for input: InputFile) -> String {
        isSingleFile ? output : (output as NSString).appendingPathComponent(input.relativePath)
    }

    func isInFolder(_ input: InputFile) -> Bool { folderInputs.contains(input.path) }

    /// Creates the folder a destination goes in.
    func prepare(_ destination: String) throws {
        let folder = (destination as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    }
}
