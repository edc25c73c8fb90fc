import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix inspect`: the support desk's summary of a CD import.
final class InspectCommandTests: XCTestCase {
    func test_help_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: InspectCommand.self, columns: 100), named: "inspect-help.txt")
    }

    /// A CD-like folder: the CT study as a file-set, plus what goes wrong on real imports.
    func makeImport() throws -> URL {
        let folder = try temporaryDirectory(self)
        let media = folder.appendingPathComponent("cd")
        let built = try dicomfix(["dicomdir", "build", Repository.samples.appendingPathComponent("ct-study").path, "--rename", "--output", media.path])
        XCTAssertEqual(built.status, 0, built.stdout)
        try Data("Viewer notes".utf8).write(to: media.appendingPathComponent("README.TXT"))
        return media
    }

    func test_cleanImport_listsPatientsStudiesAndOtherFiles_exitZero() throws {
        let media = try makeImport()
        let result = try dicomfix(["inspect", media.path])
        XCTAssertEqual(result.status, 0, result.stdout)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "\(media.path): 7 file(s): 5 DICOM instance(s), 1 DICOMDIR(s), 1 other file(s), 0 unreadable")
        XCTAssertTrue(lines.contains("1 patient(s), 1 study(ies), 2 series, 5 instance(s)"), result.stdout)
        XCTAssertTrue(lines.contains("Patient DOE, JANE  ID DCMFIX-0001  born 1970-01-01  sex F") || lines.contains { $0.hasPrefix("Patient DOE, JANE  ID DCMFIX-0001") }, result.stdout)
        XCTAssertTrue(lines.contains("  Study 2024-01-15  \"CT CHEST WITHOUT CONTRAST\"  CT  2 series, 5 instances  accession DCMFX00001"), result.stdout)
        XCTAssertTrue(result.stdout.contains("skipped  \(media.path)/README.TXT"), result.stdout)
    }

    func test_brokenImport_reportsUnreadableFiles_DICOMDIRProblems_andInconsistentDemographics() throws {
        let media = try makeImport()
        // A file the DICOMDIR lists is gone; a truncated file; a study of another patient under the same UID.
        try FileManager.default.removeItem(at: media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00002"))
        let truncated = media.appendingPathComponent("DICOM/BROKEN")
        let bytes = try Data(contentsOf: media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001"))
        try bytes.prefix(200).write(to: truncated)
        let other = media.appendingPathComponent("EXTRA")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        for name in ["series-1/image-1.dcm", "series-2/image-1.dcm"] {
            try FileManager.default.copyItem(
                at: Repository.samples.appendingPathComponent("wrong-patient").appendingPathComponent(name),
                to: other.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-")))
        }
        let result = try dicomfix(["inspect", media.path, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stdout)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["command"] as? String, "inspect")
        let mediaSummary = try XCTUnwrap(report["media"] as? [String: Any])
        XCTAssertEqual(mediaSummary["dicomdirs"] as? Int, 1)
        XCTAssertEqual(mediaSummary["otherFiles"] as? Int, 1)
        let patients = try XCTUnwrap(mediaSummary["patients"] as? [[String: Any]])
        XCTAssertEqual(Set(patients.compactMap { $0["id"] as? String }), ["DCMFIX-0001", "DCMFIX-0002", "DCMFIX-0003"])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        let codes = Set(files.flatMap { ($0["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } })
        XCTAssertTrue(codes.contains("media.study.two-patients"), "\(codes)")
        XCTAssertTrue(codes.contains(where: { $0.hasPrefix("dicomdir.file.") }), "\(codes)")
        let broken = files.first { ($0["path"] as? String)?.hasSuffix("DICOM/BROKEN") ?? false }
        XCTAssertEqual(broken?["status"] as? String, "failed", "\(files)")
        XCTAssertTrue((broken?["error"] as? String)?.isEmpty == false)
        XCTAssertEqual(mediaSummary["unreadableFiles"] as? Int, 1)

        let text = try dicomfix(["inspect", media.path])
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("[media.study.two-patients]"), text.stdout)
        XCTAssertTrue(text.stdout.contains("failed   \(media.path)/DICOM/BROKEN"), text.stdout)
    }

    func test_nothingToInspect_exitsTwo() throws {
        let folder = try temporaryDirectory(self)
        XCTAssertEqual(try dicomfix(["inspect", folder.path]).status, 2)
    }
}
