import Foundation
import XCTest

// Helpers shared by every test target: running real tools, finding pydicom's test files and the
// project's Samples, temporary folders. Interop tests skip, printing why, when a tool is missing.

/// What a tool printed and its exit status.
public struct ToolOutput: Sendable {
    public var status: Int32
    public var stdoutBytes: [UInt8]
    public var stderr: String

    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// stdout then stderr.
    public var output: String { stdout + stderr }
}

/// Runs a command found on PATH, feeding it `input`, and collects its output.
@discardableResult
public func runTool(_ arguments: [String], input: Data? = nil) -> ToolOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let inputPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    if input != nil { process.standardInput = inputPipe }
    do { try process.run() } catch { return ToolOutput(status: -1, stdoutBytes: [], stderr: "\(error)") }
    if let input {
        let writer = inputPipe.fileHandleForWriting
        DispatchQueue.global().async {
            writer.write(input)
            try? writer.close()
        }
    }
    // Read stderr on another thread so that neither pipe can fill up and block the tool.
    let errorBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ToolOutput(
        status: process.terminationStatus, stdoutBytes: [UInt8](outData),
        stderr: String(decoding: errorBox.data, as: UTF8.self))
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Skips the test, printing why, when `name` is not on PATH.
public func requireTool(_ name: String) throws {
    if runTool(["which", name]).status != 0 {
        print("SKIP: \(name) is not on PATH")
        throw XCTSkip("\(name) is not on PATH")
    }
}

/// A fresh temporary directory, removed when the test ends.
public func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dicomfix-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// The repository this test code is in, and its Samples.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let samples = root.appendingPathComponent("Samples")

    /// Every sample file (README excluded), sorted.
    public static func sampleFiles() -> [URL] {
        var files: [URL] = []
        let walker = FileManager.default.enumerator(at: samples, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            let isRegular = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            if isRegular && url.pathExtension != "md" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// pydicom's bundled test files, located through python3; tests skip when pydicom is absent.
public enum PydicomData {
    enum Located {
        case found(URL)
        case missing(String)
    }

    static let root: Located = {
        let output = runTool(["python3", "-c", "import pydicom, os; print(os.path.dirname(pydicom.__file__))"])
        guard output.status == 0, let path = output.stdout.split(separator: "\n").first else {
            return .missing("pydicom is not installed for python3 (pip install pydicom)")
        }
        return .found(URL(fileURLWithPath: String(path)).appendingPathComponent("data"))
    }()

    /// The `data` folder of pydicom, or a skip.
    public static func requireRoot() throws -> URL {
        switch root {
        case .found(let url): return url
        case .missing(let reason):
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
    }

    /// Every `.dcm` file of test_files and charset_files, and the DICOMDIR test files.
    public static func allFiles() throws -> [URL] {
        let base = try requireRoot()
        var files: [URL] = []
        for folder in ["test_files", "charset_files"] {
            let walker = FileManager.default.enumerator(at: base.appendingPathComponent(folder), includingPropertiesForKeys: [.isRegularFileKey])
            while let url = walker?.nextObject() as? URL {
                let name = url.lastPathComponent
                let isRegular = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                guard isRegular else { continue }
                if name.hasSuffix(".dcm") || name.hasPrefix("DICOMDIR") || (url.pathComponents.contains("dicomdirtests") && !name.contains(".")) {
                    files.append(url)
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// One named file from test_files or charset_files, or a skip.
    public static func file(_ name: String) throws -> URL {
        let base = try requireRoot()
        for folder in ["test_files", "charset_files"] {
            let url = base.appendingPathComponent(folder).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw XCTSkip("\(name) is not among pydicom's bundled test files")
    }
}
