import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

final class ConvertCommandTests: XCTestCase {
    func writeSample(_ dir: URL, name: String = "a.dcm") throws -> URL {
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.setString(.sopInstanceUID, .UI, "1.2.3.4")
        dataSet.setString(.patientName, .PN, "Doe^Jane")
        let url = dir.appendingPathComponent(name)
        try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: url.path)
        return url
    }

    func test_convertKeep_writesByteIdenticalFile_andExitsZero() throws {
        let dir = try temporaryDirectory(self)
        let input = try writeSample(dir)
        let output = dir.appendingPathComponent("out.dcm")
        let result = try dicomfix(["convert", input.path, "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try Data(contentsOf: output), try Data(contentsOf: input))
    }

    func test_convertFolder_toBigEndian_mirrorsTree_andReportsJSON() throws {
        let dir = try temporaryDirectory(self)
        let inputs = dir.appendingPathComponent("in/sub")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        _ = try writeSample(inputs, name: "one.dcm")
        try Data("not dicom".utf8).write(to: inputs.appendingPathComponent("notes.txt"))
        let result = try dicomfix(["convert", dir.appendingPathComponent("in").path, "-o", dir.appendingPathComponent("out").path, "--transfer-syntax", "explicit-be", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let converted = try DicomReader.read(path: dir.appendingPathComponent("out/sub/one.dcm").path)
        XCTAssertEqual(converted.transferSyntax, .explicitVRBigEndian)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["command"] as? String, "convert")
        let summary = try XCTUnwrap(report["summary"] as? [String: Int])
        XCTAssertEqual(summary["ok"], 1)
        XCTAssertEqual(summary["skipped"], 1, "the text file is skipped, not failed")
    }

    func test_convertNamedNonDICOMFile_failsWithExitOne() throws {
        let dir = try temporaryDirectory(self)
        let text = dir.appendingPathComponent("notes.txt")
        try Data("not dicom at all, just some words".utf8).write(to: text)
        let result = try dicomfix(["convert", text.path, "-o", dir.appendingPathComponent("out.dcm").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("not a DICOM file"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.dcm").path))
    }

    func test_convertMissingInput_isReportedAndExitsOne() throws {
        let result = try dicomfix(["convert", "/nonexistent/path.dcm", "-o", "/tmp/x.dcm"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("no such file"), result.stdout)
    }

    func test_convertWithoutOutput_isUsageError() throws {
        let result = try dicomfix(["convert", "a.dcm"])
        XCTAssertEqual(result.status, 64)
    }

    func test_help_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(columns: 100), named: "dicomfix-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: ConvertCommand.self, columns: 100), named: "convert-help.txt")
    }
}
