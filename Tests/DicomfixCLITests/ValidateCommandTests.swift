import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix validate` run as the real binary on the Samples, and against dciodvfy.
final class ValidateCommandTests: XCTestCase {
    func sample(_ path: String) -> String { Repository.samples.appendingPathComponent(path).path }

    func test_goodStudy_isCleanOfErrors_andExitsZero() throws {
        let result = try dicomfix(["validate", "--min-severity", "error", sample("ct-study")])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("5 file(s): 5 ok"), result.stdout)
    }

    func test_wrongPatientStudy_isFlagged_inEveryFileInvolved() throws {
        let result = try dicomfix(["validate", "--format", "json", sample("wrong-patient")])
        XCTAssertEqual(result.status, 1)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 4)
        for file in files {
            let codes = (file["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            XCTAssertTrue(codes.contains("study.patient.inconsistent"), "\(file["path"] ?? "")")
            XCTAssertEqual(file["status"] as? String, "failed")
        }
    }

    func test_ignore_dropsACodeFamily_andStrict_failsOnWarnings() throws {
        let noMeta = sample("defects/no-meta-implicit-vr.dcm")
        XCTAssertEqual(try dicomfix(["validate", noMeta]).status, 0, "warnings alone do not fail")
        XCTAssertEqual(try dicomfix(["validate", "--strict", noMeta]).status, 1)
        let ignored = try dicomfix(["validate", "--strict", "--ignore", "read", "--ignore", "attribute.retired", noMeta])
        XCTAssertEqual(ignored.status, 0, ignored.stdout)
    }

    func test_truncatedFile_failsWithOffsetAndPath() throws {
        let result = try dicomfix(["validate", sample("defects/truncated-pixel-data.dcm")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("[read.value.truncated] ((7FE0,0010), offset"), result.stdout)
    }

    /// Every type 1 / type 2 error dciodvfy reports on the Samples, dicomfix reports too (matched
    /// by tag and kind by Scripts/compare-dciodvfy, which prints the agreement table).
    func test_dciodvfyErrors_onSamples_areAllReported() throws {
        try requireTool("dciodvfy")
        let products = try dicomfixBinary()
        let script = Repository.root.appendingPathComponent("Scripts/compare-dciodvfy").path
        let result = runTool([
            "python3", script, "--dicomfix", products.path, "--require",
            "iod.type1.missing,iod.type2.missing,iod.type1.empty,meta.media-storage", Repository.samples.path,
        ])
        print(result.stdout)
        XCTAssertEqual(result.status, 0, result.output)
    }

    func test_validateHelp_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: ValidateCommand.self, columns: 100), named: "validate-help.txt")
    }
}
