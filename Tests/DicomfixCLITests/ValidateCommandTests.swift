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

    /// The kinds of error (Scripts/compare-dciodvfy) in which dicomfix misses nothing dciodvfy
    /// reports, apart from the differences the script explains one by one.
    static let agreeingKinds = [
        "iod.type1.missing", "iod.type2.missing", "iod.type1.empty", "iod.conditional", "iod.enumerated-value",
        "iod.unknown", "meta.media-storage", "meta.transfer-syntax", "read", "vr",
    ]

    /// Runs Scripts/compare-dciodvfy on `folder` requiring `agreeingKinds`; prints the table.
    private func assertDciodvfyAgreement(on folder: URL) throws {
        try requireTool("dciodvfy")
        let products = try dicomfixBinary()
        let script = Repository.root.appendingPathComponent("Scripts/compare-dciodvfy").path
        let result = runTool([
            "python3", script, "--dicomfix", products.path, "--require", Self.agreeingKinds.joined(separator: ","), folder.path,
        ])
        print(result.stdout)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("only dciodvfy"), "no agreement table: \(result.output)")
    }

    /// Every error of the agreeing kinds dciodvfy reports on the Samples, dicomfix reports too
    /// (matched by tag and kind), or the script explains why not.
    func test_dciodvfyErrors_onSamples_areAllReportedOrExplained() throws {
        try assertDciodvfyAgreement(on: Repository.samples)
    }

    /// The same on pydicom's bundled test files (found through python3; skipped, saying why, when
    /// pydicom or dciodvfy is missing). The files are third-party and stay outside the repository.
    func test_dciodvfyErrors_onPydicomTestFiles_areAllReportedOrExplained() throws {
        let data = try PydicomData.requireRoot()
        try assertDciodvfyAgreement(on: data.appendingPathComponent("test_files"))
    }

    func test_validateHelp_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: ValidateCommand.self, columns: 100), named: "validate-help.txt")
    }
}
