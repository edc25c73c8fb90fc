import Foundation
import XCTest

@_exported import DICOMTestSupport

/// Runs the built `dicomfix` binary (next to the test bundle) and collects its output.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `dicomfix` executable next to the test bundle, or a skip.
func dicomfixBinary() throws -> URL {
    let candidates = [
        Bundle.main.executableURL?.deletingLastPathComponent(),
        Bundle(for: CLIBundleMarker.self).bundleURL.deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ].compactMap { $0?.appendingPathComponent("dicomfix") }
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        print("SKIP: dicomfix binary not found next to the tests (\(candidates.map(\.path)))")
        throw XCTSkip("dicomfix binary not built")
    }
    return binary
}

/// Runs `dicomfix arguments`; `environment` is added to (and overrides) the test's own.
func dicomfix(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let binary = try dicomfixBinary()
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read stderr on another thread: a run that fills the stderr pipe (about 64 KB) while we
    // wait for stdout to end would otherwise block forever.
    let errorBox = PipeData()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errorBox.data, as: UTF8.self))
}

/// The bytes read from a pipe on another thread (written once, read after the group waits).
private final class PipeData: @unchecked Sendable {
    var data = Data()
}

final class CLIBundleMarker {}

/// Compares `text` with the snapshot `name` under Snapshots/; UPDATE_SNAPSHOTS=1 rewrites it.
func assertSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(text, expected, "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 to accept)", file: file, line: line)
}
