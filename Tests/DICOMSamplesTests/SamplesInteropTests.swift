import DICOM
import Foundation
import XCTest

@_exported import DICOMTestSupport

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
            let iod =
                sample.relativePath.hasPrefix("key-objects/")
                ? "KeyObjectSelectionDocument" : sample.relativePath.hasPrefix("rt/") ? "RTStructureSet" : "CTImage"
            XCTAssertTrue(result.output.contains(iod), "\(sample.relativePath) not recognised as \(iod): \(result.output)")
            if sample.relativePath.hasPrefix("ct-study/") { checkedCTStudy += 1 }
        }
        XCTAssertEqual(checkedCTStudy, 5)
    }
}

