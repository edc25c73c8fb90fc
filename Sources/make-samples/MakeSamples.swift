import DICOMSamples
import Foundation

/// Writes the project's sample files (`SampleSet.all()`) below a folder.
///
/// Usage: `make-samples OUTPUT_DIR`. Exit status 0 on success, 1 if a file cannot be generated
/// or written, 2 on a usage error. Files already in the folder that are not samples are left
/// alone (the samples test reports them as stale).
@main
enum MakeSamples {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count == 1, let output = arguments.first, !output.hasPrefix("-") else {
            FileHandle.standardError.write(Data("usage: make-samples OUTPUT_DIR\n".utf8))
            exit(2)
        }
        do {
            let files = try SampleSet.all()
            for file in files {
                let url = URL(fileURLWithPath: output).appendingPathComponent(file.relativePath)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url, options: .atomic)
            }
            print("make-samples: wrote \(files.count) files to \(output)")
        } catch {
            FileHandle.standardError.write(Data("make-samples: \(error)\n".utf8))
            exit(1)
        }
    }
}
