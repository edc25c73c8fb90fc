import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix dump` run as the real binary on the project's Samples.
final class DumpCommandTests: XCTestCase {
    func sample(_ path: String) -> String { Repository.samples.appendingPathComponent(path).path }

    func test_textDump_ofRepresentativeSamples_matchesSnapshots() throws {
        let cases = [
            ("ct-study/series-1/image-1.dcm", "dump-ct.txt", [String]()),
            ("private/private-tags.dcm", "dump-private.txt", ["--offsets"]),
            ("character-set/iso-ir-192-utf8.dcm", "dump-utf8.txt", ["--no-meta"]),
            ("defects/truncated-sequence.dcm", "dump-truncated.txt", ["--diagnostics"]),
        ]
        for (path, snapshot, options) in cases {
            let result = try dicomfix(["dump"] + options + [sample(path)])
            try assertSnapshot(result.stdout, named: snapshot)
        }
    }

    func test_dumpOfBrokenFile_exitsOne_goodFile_exitsZero() throws {
        XCTAssertEqual(try dicomfix(["dump", sample("defects/truncated-pixel-data.dcm")]).status, 1)
        XCTAssertEqual(try dicomfix(["dump", sample("ct-study/series-1/image-1.dcm")]).status, 0)
    }

    func test_tagFilter_overSeveralFiles_printsPathTabValue() throws {
        let result = try dicomfix(["dump", "--tag", "PatientName", sample("wrong-patient")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines.allSatisfy { $0.contains(".dcm\t") })
        XCTAssertEqual(Set(lines.map { $0.split(separator: "\t").last.map(String.init) ?? "" }), ["ROE^RICHARD", "POE^EDGAR"])
    }

    func test_nonDICOMFileInFolder_isSkippedWithNote_notAnError() throws {
        let dir = try temporaryDirectory(self)
        try FileManager.default.copyItem(atPath: sample("ct-study/series-1/image-1.dcm"), toPath: dir.appendingPathComponent("a.dcm").path)
        try Data("hello".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let result = try dicomfix(["dump", "--tag", "Modality", dir.path])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("notes.txt: skipped, not a DICOM file"), result.stderr)
        XCTAssertEqual(result.stdout, dir.appendingPathComponent("a.dcm").path + "\tCT\n")
    }

    func test_unknownTagKeyword_isUsageError() throws {
        XCTAssertEqual(try dicomfix(["dump", "--tag", "PatientNam", sample("ct-study")]).status, 64)
    }

    func test_dumpHelp_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: DumpCommand.self, columns: 100), named: "dump-help.txt")
    }
}

extension DumpCommandTests {
    func test_severalTags_overSeveralFiles_printPathTagPathAndValue() throws {
        let result = try dicomfix(["dump", "--tag", "PatientName", "--tag", "PatientID", sample("wrong-patient/series-2")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let first = try XCTUnwrap(result.stdout.split(separator: "\n").first)
        XCTAssertEqual(first.split(separator: "\t").map(String.init), [sample("wrong-patient/series-2/image-1.dcm"), "(0010,0010)", "POE^EDGAR"])
    }
}
