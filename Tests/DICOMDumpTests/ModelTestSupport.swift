import DICOM
import Foundation
import XCTest

// Helpers shared by the JSON and XML dump tests. The pydicom locator and tool runner are small
// copies of those in Tests/DICOMTests/TestSupport.swift, which this target cannot import.

/// Finds pydicom's bundled test files through python3; skips (printing why) when absent.
enum PydicomFiles {
    static let root: Result<URL, SkipReason> = {
        let output = runTool(["python3", "-c", "import pydicom, os; print(os.path.dirname(pydicom.__file__))"])
        guard output.status == 0, let path = output.stdout.split(separator: "\n").first else {
            return .failure(SkipReason(text: "pydicom is not installed for python3 (pip install pydicom)"))
        }
        return .success(URL(fileURLWithPath: String(path)).appendingPathComponent("data"))
    }()

    struct SkipReason: Error {
        var text: String
    }

    /// Every `.dcm` file and DICOMDIR in pydicom's test_files and charset_files, sorted.
    static func all() throws -> [URL] {
        let base: URL
        switch root {
        case .success(let url): base = url
        case .failure(let reason):
            print("SKIP: \(reason.text)")
            throw XCTSkip(reason.text)
        }
        var files: [URL] = []
        for folder in ["test_files", "charset_files"] {
            let walker = FileManager.default.enumerator(at: base.appendingPathComponent(folder), includingPropertiesForKeys: [.isRegularFileKey])
            while let url = walker?.nextObject() as? URL {
                let isRegular = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                let name = url.lastPathComponent
                if isRegular && (name.hasSuffix(".dcm") || name.hasPrefix("DICOMDIR")) { files.append(url) }
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// The project's sample files (Samples/ at the package root), sorted.
func sampleFiles() -> [URL] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples")
    var files: [URL] = []
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = walker?.nextObject() as? URL {
        let isRegular = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
        if isRegular && url.pathExtension != "md" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
}

struct ToolOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command found on PATH and collects its output.
@discardableResult
func runTool(_ arguments: [String]) -> ToolOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return ToolOutput(status: -1, stdout: "", stderr: "\(error)") }
    // Read stderr on another thread so that neither pipe fills up and blocks the tool.
    let errorData = DataBox()
    let done = DispatchGroup()
    done.enter()
    DispatchQueue.global().async {
        errorData.set(err.fileHandleForReading.readDataToEndOfFile())
        done.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    done.wait()
    return ToolOutput(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errorData.get(), as: UTF8.self))
}

private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// Skips (printing why) when `name` is not on PATH.
func requireTool(_ name: String) throws {
    if runTool(["which", name]).status != 0 {
        print("SKIP: \(name) is not on PATH")
        throw XCTSkip("\(name) is not on PATH")
    }
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dicomfix-dump-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Writes `dataSet` as a Part-10 file in a temporary directory and reads it back from its path,
/// so values keep their place in the file.
func writtenAndRead(_ dataSet: DataSet, transferSyntax: TransferSyntax = .explicitVRLittleEndian, test: XCTestCase) throws -> DicomFile {
    let url = try temporaryDirectory(test).appendingPathComponent("test.dcm")
    let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet, transferSyntax: transferSyntax))
    try Data(bytes).write(to: url)
    return try DicomReader.read(path: url.path)
}

/// The value bytes of `text` padded to even length with `pad`.
func padded(_ text: String, _ pad: UInt8 = 0x20) -> [UInt8] {
    var bytes = Array(text.utf8)
    if bytes.count % 2 == 1 { bytes.append(pad) }
    return bytes
}

/// Little-endian bytes of 16-bit numbers.
func uint16LE(_ values: [UInt16]) -> [UInt8] {
    values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

/// Little-endian bytes of a 64-bit pattern.
func uint64LE(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}
