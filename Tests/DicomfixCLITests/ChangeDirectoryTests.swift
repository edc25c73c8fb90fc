import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// A DICOMDIR among the files of correct (and every change command): never changed or copied,
/// reported as skipped with how to build it again.
final class ChangeDirectoryTests: XCTestCase {
    func test_correct_skipsTheDICOMDIR_andTellsHowToBuildItAgain() throws {
        let folder = try temporaryDirectory(self)
        let media = folder.appendingPathComponent("media")
        try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent("ct-study"), to: media)
        let built = try dicomfix(["dicomdir", "build", media.path, "--rename"])
        XCTAssertEqual(built.status, 0, built.stdout + built.stderr)
        let directory = media.appendingPathComponent("DICOMDIR").path
        let before = try Data(contentsOf: URL(fileURLWithPath: directory))
        let out = folder.appendingPathComponent("out")
        let result = try dicomfix([
            "correct", media.path, "--output", out.path, "--reason", "r", "--audit-log", folder.appendingPathComponent("a.jsonl").path,
            "--patient-name", "NEW^NAME", "--format", "json",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        let entry = try XCTUnwrap(files.first { ($0["path"] as? String)?.hasSuffix("DICOMDIR") == true })
        XCTAssertEqual(entry["status"] as? String, "skipped")
        XCTAssertTrue((entry["error"] as? String)?.contains("dicomfix dicomdir build \(out.path)") == true, "\(entry)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("DICOMDIR").path), "no stale DICOMDIR in the output")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory)), before, "the input DICOMDIR is untouched")
        let image = try XCTUnwrap(files.first { ($0["output"] as? String)?.contains("IMG") == true }?["output"] as? String)
        XCTAssertEqual(try DicomReader.read(path: image).dataSet.string(.patientName), "NEW^NAME")
    }
}
