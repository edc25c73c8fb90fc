import DICOM
import Foundation
import XCTest

@testable import DICOMSamples

/// Real peers accept the samples: dcmtk's dcmdump reads every well-formed one, and dicom3tools'
/// dciodvfy finds no error in any well-formed image (the CT study included).
final class SamplesInteropTests: XCTestCase {
    /// dciodvfy messages accepted despite starting with "Error"; empty: there are none today.
    static let dciodvfyAllowedErrors: [String] = []

    func test_dcmdump_readsEveryWellFormedSample() throws {
        try requireTool("dcmdump")
        for sample in try SampleSet.dicomFiles() where sample.isWellFormed {
            let result = runTool(["dcmdump", "-q", "+E", committedURL(sample.relativePath).path])
            XCTAssertEqual(result.status, 0, "dcmdump failed on \(sample.relativePath): \(result.output.prefix(400))")
        }
    }

    func test_dcmdump_rejectsTheTruncatedSamples() throws {
        try requireTool("dcmdump")
        for name in ["truncated-pixel-data.dcm", "truncated-sequence.dcm"] {
            XCTAssertNotEqual(runTool(["dcmdump", "-q", "+E", committedURL("defects/" + name).path]).status, 0, name)
        }
    }

    /// dciodvfy in dicom3tools cannot inflate deflated files (it fails on pydicom's
    /// `image_dfl.dcm` too), so a deflated sample is checked as an Explicit VR Little Endian copy.
    func test_dciodvfy_findsNoErrorsInWellFormedSamples() throws {
        try requireTool("dciodvfy")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dicomfix-samples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: scratch) }
        var checkedCTStudy = 0
        for sample in try SampleSet.dicomFiles() where sample.isWellFormed {
            var path = committedURL(sample.relativePath).path
            let file = try DicomReader.read(path: path)
            if file.transferSyntax.isDeflated {
                path = scratch.appendingPathComponent("inflated.dcm").path
                try DicomWriter.write(file, toPath: path, options: WriteOptions(transferSyntax: .explicitVRLittleEndian))
            }
            let result = runTool(["dciodvfy", path])
            let errors = result.output.split(separator: "\n").map(String.init)
                .filter { $0.contains("Error") && !Self.dciodvfyAllowedErrors.contains($0) }
            XCTAssertEqual(errors, [], sample.relativePath)
            XCTAssertTrue(result.output.contains("CTImage"), "\(sample.relativePath) not recognised as CT: \(result.output)")
            if sample.relativePath.hasPrefix("ct-study/") { checkedCTStudy += 1 }
        }
        XCTAssertEqual(checkedCTStudy, 5)
    }
}

/// What a tool printed (stdout and stderr together) and its exit status.
struct ToolResult {
    var status: Int32
    var output: String
}

/// Runs a tool found on PATH, capturing stdout and stderr together.
func runTool(_ arguments: [String]) -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return ToolResult(status: -1, output: "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Skips the test, printing why, when `name` is not on PATH.
func requireTool(_ name: String) throws {
    guard runTool(["which", name]).status == 0 else {
        print("SKIP: \(name) is not on PATH")
        throw XCTSkip("\(name) is not on PATH")
    }
}
