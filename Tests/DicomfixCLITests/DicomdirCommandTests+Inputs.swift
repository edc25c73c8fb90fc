import DICOM
import DICOMMedia
import Foundation
import XCTest

/// A DICOMDIR given to validate, convert, anonymize and correct: each works on the files the
/// DICOMDIR references, and none writes a DICOMDIR to its output.
extension DicomdirCommandTests {
    /// The `files` of a JSON report, and its summary.
    func report(_ result: CommandResult) throws -> (files: [[String: Any]], summary: [String: Int]) {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout + result.stderr)
        return (try XCTUnwrap(json["files"] as? [[String: Any]]), try XCTUnwrap(json["summary"] as? [String: Int]))
    }

    /// The File IDs of the CT media the report's inputs are, relative to `media`.
    func inputFileIDs(_ files: [[String: Any]], media: URL) -> [String] {
        files.compactMap { $0["path"] as? String }.map { path in
            path.hasPrefix(media.path + "/") ? String(path.dropFirst(media.path.count + 1)) : path
        }.sorted()
    }

    /// What the CT media's DICOMDIR lists.
    var ctMediaFileIDs: [String] {
        [
            "DICOM/PAT00001/STU00001/SER00001/IMG00001", "DICOM/PAT00001/STU00001/SER00001/IMG00002", "DICOM/PAT00001/STU00001/SER00001/IMG00003",
            "DICOM/PAT00001/STU00001/SER00002/IMG00001", "DICOM/PAT00001/STU00001/SER00002/IMG00002",
        ]
    }

    /// The regular files under `folder`, relative to it.
    func filesUnder(_ folder: URL) -> [String] {
        InputCollector.collect([folder.path], expandDICOMDIR: false).files.map(\.relativePath).sorted()
    }

    func test_validate_DICOMDIR_validatesTheReferencedFiles() throws {
        let media = try buildCTMedia()
        let result = try dicomfix(["validate", media.appendingPathComponent("DICOMDIR").path, "--format", "json"])
        XCTAssertNotEqual(result.status, 2, result.stderr)
        let (files, summary) = try report(result)
        XCTAssertEqual(inputFileIDs(files, media: media), ctMediaFileIDs)
        XCTAssertEqual(summary["files"], 5)
    }

    func test_convert_DICOMDIR_convertsTheReferencedFiles_writesNoDICOMDIR() throws {
        let media = try buildCTMedia()
        let out = media.deletingLastPathComponent().appendingPathComponent("converted")
        let result = try dicomfix([
            "convert", media.appendingPathComponent("DICOMDIR").path, "--output", out.path, "--transfer-syntax", "implicit-le", "--format", "json",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let (files, _) = try report(result)
        XCTAssertEqual(inputFileIDs(files, media: media), ctMediaFileIDs)
        let written = filesUnder(out)
        XCTAssertEqual(written.count, 5, "\(written)")
        XCTAssertFalse(written.contains { $0.uppercased().hasSuffix("DICOMDIR") }, "convert writes no DICOMDIR: \(written)")
        for file in files {
            let output = try XCTUnwrap(file["output"] as? String)
            XCTAssertEqual(try DicomReader.read(path: output).transferSyntax, .implicitVRLittleEndian, output)
        }
    }

    func test_anonymize_DICOMDIR_anonymizesTheReferencedFiles_writesNoDICOMDIR() throws {
        let media = try buildCTMedia()
        let out = media.deletingLastPathComponent().appendingPathComponent("anonymized")
        let result = try dicomfix(["anonymize", media.appendingPathComponent("DICOMDIR").path, "--output", out.path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let (files, _) = try report(result)
        XCTAssertEqual(inputFileIDs(files, media: media), ctMediaFileIDs)
        let written = filesUnder(out)
        XCTAssertEqual(written.count, 5, "\(written)")
        XCTAssertFalse(written.contains { $0.uppercased().hasSuffix("DICOMDIR") }, "\(written)")
        for file in files {
            let output = try XCTUnwrap(file["output"] as? String)
            XCTAssertNotEqual(try DicomReader.read(path: output).dataSet.string(.patientName), "DOE^JANE", output)
        }
    }

    func test_correct_DICOMDIR_changesTheReferencedFiles_inPlaceLeavesItStale_untilBuiltAgain() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let work = media.deletingLastPathComponent()
        let out = work.appendingPathComponent("corrected")
        let copied = try dicomfix([
            "correct", dicomdir.path, "--patient-id", "DCMFIX-0042", "--output", out.path, "--reason", "test",
            "--audit-log", work.appendingPathComponent("copy.jsonl").path, "--format", "json",
        ])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        let (files, _) = try report(copied)
        XCTAssertEqual(inputFileIDs(files, media: media), ctMediaFileIDs)
        let written = filesUnder(out)
        XCTAssertEqual(written.count, 5, "\(written)")
        XCTAssertFalse(written.contains { $0.uppercased().hasSuffix("DICOMDIR") }, "correct --output writes no DICOMDIR: \(written)")

        let inPlace = try dicomfix([
            "correct", dicomdir.path, "--patient-id", "DCMFIX-0042", "--in-place", "--reason", "test",
            "--audit-log", work.appendingPathComponent("in-place.jsonl").path,
        ])
        XCTAssertEqual(inPlace.status, 0, inPlace.stdout + inPlace.stderr)
        let stale = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(stale.status, 1, "the DICOMDIR still says the old patient ID: " + stale.stdout)
        XCTAssertTrue(stale.stdout.contains("Patient ID: the IMAGE record") && stale.stdout.contains("DCMFIX-0042"), stale.stdout)
        XCTAssertEqual(try dicomfix(["dicomdir", "build", media.path, "--fileset-id", "DCMFIX_TEST"]).status, 0)
        XCTAssertEqual(try dicomfix(["dicomdir", "check", media.path]).status, 0, "built again, the DICOMDIR is current")
    }
}
