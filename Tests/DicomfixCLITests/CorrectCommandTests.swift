import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix correct`, `edit`, `undo` and `audit` run as the real binary on copies of the Samples.
final class CorrectCommandTests: XCTestCase {
    func sample(_ path: String) -> String { Repository.samples.appendingPathComponent(path).path }

    /// A copy of a Samples folder in a temporary folder.
    func copyOfSample(_ name: String) throws -> (folder: URL, copy: URL) {
        let folder = try temporaryDirectory(self)
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent(name), to: copy)
        return (folder, copy)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func dataSet(_ path: String) throws -> DataSet { try DicomReader.read(path: path).dataSet }

    /// The options that move series 2 of the wrong-patient sample to the patient of series 1.
    func wrongPatientCorrection(_ study: String) throws -> [String] {
        let right = try dataSet("\(study)/series-1/image-1.dcm")
        let wrongSeries = try XCTUnwrap(try dataSet("\(study)/series-2/image-1.dcm").string(.seriesInstanceUID))
        return [
            "--series", wrongSeries, "--patient-name", try XCTUnwrap(right.string(.patientName)),
            "--patient-id", try XCTUnwrap(right.string(.patientID)), "--birth-date", right.string(.patientBirthDate) ?? "",
            "--sex", right.string(.patientSex) ?? "",
        ]
    }

    func test_wrongPatientSeries_corrected_studyValidatesAsOnePatient_unchangedFilesIdentical() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = sample("wrong-patient")
        let result = try dicomfix(
            ["correct", study, "--output", out, "--reason", "ticket 4711", "--operator", "tester", "--audit-log", log]
                + wrongPatientCorrection(study))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)

        for name in ["series-1/image-1.dcm", "series-1/image-2.dcm"] {
            XCTAssertEqual(try bytes("\(out)/\(name)"), try bytes("\(study)/\(name)"), "\(name) was not to change")
        }
        let right = try dataSet("\(study)/series-1/image-1.dcm")
        for name in ["series-2/image-1.dcm", "series-2/image-2.dcm"] {
            let fixed = try dataSet("\(out)/\(name)")
            XCTAssertEqual(fixed.string(.patientName), right.string(.patientName))
            XCTAssertEqual(fixed.string(.patientID), right.string(.patientID))
            let history = try XCTUnwrap(fixed[.originalAttributesSequence]?.items.last?.dataSet)
            XCTAssertEqual(history.string(.reasonForTheAttributeModification), "CORRECT")
            let old = try XCTUnwrap(history[.modifiedAttributesSequence]?.items.first?.dataSet)
            XCTAssertEqual(old.string(.patientName), try dataSet("\(study)/\(name)").string(.patientName))
            // Pixel data copied as it was: the file ends with the same bytes.
            let input = try bytes("\(study)/\(name)"), output = try bytes("\(out)/\(name)")
            XCTAssertEqual(input.suffix(4096), output.suffix(4096))
        }

        let validate = try dicomfix(["validate", "--format", "json", out])
        XCTAssertFalse(validate.stdout.contains("study.patient.inconsistent"), validate.stdout)

        let records = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(records.count, 2)
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(records[0].utf8)) as? [String: Any])
        XCTAssertEqual(first["operator"] as? String, "tester")
        XCTAssertEqual(first["reason"] as? String, "ticket 4711")
        XCTAssertEqual(first["action"] as? String, "correct")
        XCTAssertEqual((first["inputSHA256"] as? String)?.count, 64)
        XCTAssertEqual(first["previous"] as? String, String(repeating: "0", count: 64))
        let changes = try XCTUnwrap(first["changes"] as? [[String: Any]])
        XCTAssertTrue(changes.contains { $0["keyword"] as? String == "PatientName" && $0["new"] as? String == right.string(.patientName) })
    }

    func test_correctedFiles_areReadByDcmtkAndDcentvfyAgrees() throws {
        try requireTool("dcmdump")
        try requireTool("dcentvfy")
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let study = sample("wrong-patient")
        let before = runTool(["dcentvfy"] + (try files(in: study)))
        XCTAssertTrue(before.output.contains("Error"), "dcentvfy sees the wrong patient before: \(before.output)")
        let result = try dicomfix(
            ["correct", study, "--output", out, "--reason", "test", "--audit-log", folder.appendingPathComponent("a.jsonl").path]
                + wrongPatientCorrection(study))
        XCTAssertEqual(result.status, 0, result.stderr)
        let outputs = try files(in: out)
        let after = runTool(["dcentvfy"] + outputs)
        XCTAssertFalse(after.output.contains("Error"), after.output)
        for file in outputs {
            let dump = runTool(["dcmdump", "-q", file])
            XCTAssertEqual(dump.status, 0, dump.output)
            XCTAssertFalse(dump.output.contains("E: "), dump.output)
        }
    }

    func test_correctedFiles_areReadByPydicom() throws {
        try requireTool("python3")
        guard runTool(["python3", "-c", "import pydicom"]).status == 0 else {
            print("SKIP: pydicom is not installed")
            throw XCTSkip("pydicom missing")
        }
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let study = sample("wrong-patient")
        let result = try dicomfix(
            ["correct", study, "--output", out, "--reason", "test", "--audit-log", folder.appendingPathComponent("a.jsonl").path]
                + wrongPatientCorrection(study))
        XCTAssertEqual(result.status, 0, result.stderr)
        let right = try dataSet("\(study)/series-1/image-1.dcm")
        let script = """
            import sys, pydicom
            for p in sys.argv[1:]:
                d = pydicom.dcmread(p)
                print(d.PatientName, d.PatientID, d.OriginalAttributesSequence[-1].ReasonForTheAttributeModification, len(d.PixelData))
            """
        let read = runTool(["python3", "-W", "error", "-c", script, "\(out)/series-2/image-1.dcm", "\(out)/series-2/image-2.dcm"])
        XCTAssertEqual(read.status, 0, read.output)
        XCTAssertEqual(read.stdout.split(separator: "\n").filter { $0.hasPrefix("\(right.string(.patientName) ?? "?") \(right.string(.patientID) ?? "?") CORRECT") }.count, 2, read.output)
    }

    func test_dryRun_printsDiff_andWritesNothing() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = sample("wrong-patient")
        let wrongName = try XCTUnwrap(try dataSet("\(study)/series-2/image-1.dcm").string(.patientName))
        let result = try dicomfix(["correct", study, "--output", out, "--reason", "r", "--audit-log", log, "--dry-run"] + wrongPatientCorrection(study))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("(0010,0010) PatientName: \"\(wrongName)\" -> "), result.stdout)
        XCTAssertTrue(result.stdout.contains("not selected: no change"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
    }

    func test_inPlace_thenUndo_restoresByteIdenticalOriginals() throws {
        let (folder, study) = try copyOfSample("wrong-patient")
        let log = folder.appendingPathComponent("audit.jsonl").path
        let originals = try files(in: study.path).map { ($0, try bytes($0)) }
        let corrected = try dicomfix(["correct", study.path, "--in-place", "--reason", "r", "--audit-log", log] + wrongPatientCorrection(study.path))
        XCTAssertEqual(corrected.status, 0, corrected.stderr)
        XCTAssertNotEqual(try bytes("\(study.path)/series-2/image-1.dcm"), originals.first { $0.0.hasSuffix("series-2/image-1.dcm") }?.1)
        let backups = try files(in: folder.appendingPathComponent("dicomfix-backups").path)
        XCTAssertEqual(backups.count, 2, "one backup per changed file")

        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertTrue(undo.stdout.contains("reverted from the audit log"), undo.stdout)
        for (path, original) in originals {
            XCTAssertEqual(try bytes(path), original, "\(path) is not byte-identical after undo")
        }
        let verify = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(verify.status, 0, verify.stdout)
        let again = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(again.status, 1, "nothing left to undo")
        XCTAssertTrue(again.stderr.contains("no entry left to undo"), again.stderr)
    }

    func test_undo_refuses_whenAFileChangedSince_namingIt() throws {
        let (folder, study) = try copyOfSample("wrong-patient")
        let log = folder.appendingPathComponent("audit.jsonl").path
        let corrected = try dicomfix(["correct", study.path, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log] + wrongPatientCorrection(study.path))
        XCTAssertEqual(corrected.status, 0, corrected.stderr)
        let touched = "\(study.path)/series-2/image-2.dcm"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: touched))
        try handle.seekToEnd()
        handle.write(Data([0, 0]))
        try handle.close()
        let unchangedSince = try bytes("\(study.path)/series-2/image-1.dcm")
        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 1)
        XCTAssertTrue(undo.stderr.contains(touched), undo.stderr)
        XCTAssertEqual(try bytes("\(study.path)/series-2/image-1.dcm"), unchangedSince, "nothing is undone when one file changed")
    }

    func test_tamperedAuditLog_isDetected() throws {
        let folder = try temporaryDirectory(self)
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = sample("wrong-patient")
        let result = try dicomfix(["correct", study, "--output", folder.appendingPathComponent("o").path, "--reason", "r", "--audit-log", log] + wrongPatientCorrection(study))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try dicomfix(["audit", "verify", log]).status, 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)

        let edited = [lines[0].replacingOccurrences(of: "\"reason\":\"r\"", with: "\"reason\":\"x\""), lines[1]]
        XCTAssertNotEqual(edited[0], lines[0])
        try (edited.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let afterEdit = try dicomfix(["audit", "verify", log])
        XCTAssertEqual(afterEdit.status, 1)
        XCTAssertTrue(afterEdit.stdout.contains("line 2: hash chain broken"), afterEdit.stdout)

        try (lines[1] + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let afterDelete = try dicomfix(["audit", "verify", log])
        XCTAssertEqual(afterDelete.status, 1)
        XCTAssertTrue(afterDelete.stdout.contains("line 1: hash chain broken"), afterDelete.stdout)

        try ([lines[1], lines[0]].joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        XCTAssertEqual(try dicomfix(["audit", "verify", log]).status, 1, "reordering is detected")
    }

    func test_correctionLeavingTwoPatients_isRefused_namingFiles_unlessForced() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("o").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = sample("wrong-patient")
        let series1 = try XCTUnwrap(try dataSet("\(study)/series-1/image-1.dcm").string(.seriesInstanceUID))
        let arguments = ["correct", study, "--output", out, "--reason", "r", "--audit-log", log, "--series", series1, "--patient-name", "DOE^JANE"]
        let refused = try dicomfix(arguments)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("DOE^JANE") && refused.stderr.contains("series-2/image-1.dcm"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let forced = try dicomfix(arguments + ["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }

    func test_invalidValue_isRefused_beforeAnythingIsWritten() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("o").path
        let result = try dicomfix([
            "correct", sample("wrong-patient"), "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a").path,
            "--birth-date", "20241345",
        ])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("20241345"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func test_latin1File_givenNameOutsideLatin1_isReencodedAsUTF8_orRefused() throws {
        let folder = try temporaryDirectory(self)
        let input = sample("character-set/iso-ir-100-latin1.dcm")
        let before = try dataSet(input)
        XCTAssertEqual(before.string(.specificCharacterSet), "ISO_IR 100")
        let name = "Ωμέγα^Δέλτα"
        let log = folder.appendingPathComponent("a.jsonl").path

        let refusedOut = folder.appendingPathComponent("refused.dcm").path
        let refused = try dicomfix(["correct", input, "--output", refusedOut, "--reason", "r", "--audit-log", log, "--patient-name", name, "--on-unrepresentable", "refuse"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("ISO_IR 100"), refused.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: refusedOut))

        let out = folder.appendingPathComponent("utf8.dcm").path
        let converted = try dicomfix(["correct", input, "--output", out, "--reason", "r", "--audit-log", log, "--patient-name", name])
        XCTAssertEqual(converted.status, 0, converted.stdout + converted.stderr)
        let after = try dataSet(out)
        XCTAssertEqual(after.string(.specificCharacterSet), "ISO_IR 192")
        XCTAssertEqual(after.string(.patientName, characterSet: after.specificCharacterSet()), name)
        // Every other text value reads the same as before.
        for element in before.elements where element.vr.usesSpecificCharacterSet && element.tag != .patientName {
            XCTAssertEqual(
                after.string(element.tag, characterSet: after.specificCharacterSet()), before.string(element.tag, characterSet: before.specificCharacterSet()),
                "\(element.tag)")
        }
        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try bytes(out), try bytes(input), "undo restores the Latin-1 original")
    }

    func test_edit_setsInNewItem_andDeletes_andUndoRestores() throws {
        let (folder, study) = try copyOfSample("ct-study")
        let log = folder.appendingPathComponent("audit.jsonl").path
        let originals = try files(in: study.path).map { ($0, try bytes($0)) }
        let edit = try dicomfix([
            "edit", study.path, "--in-place", "--reason", "r", "--audit-log", log, "--no-original-attributes",
            "--set", "OtherPatientIDsSequence[+].PatientID=ALT-1", "--set", "(0009,0010):LO=ACME", "--delete", "StudyDescription",
        ])
        XCTAssertEqual(edit.status, 0, edit.stdout + edit.stderr)
        for (path, _) in originals {
            let edited = try dataSet(path)
            XCTAssertEqual(edited[.otherPatientIDsSequence]?.items.last?.dataSet.string(.patientID), "ALT-1")
            XCTAssertNil(edited[.studyDescription])
            XCTAssertEqual(edited.string(Tag(0x0009, 0x0010)), "ACME")
            XCTAssertNil(edited[.originalAttributesSequence])
        }
        XCTAssertEqual(try dicomfix(["undo", "--audit-log", log]).status, 0)
        for (path, original) in originals { XCTAssertEqual(try bytes(path), original, path) }
    }

    func test_fromCSV_appliesOneRowPerStudy() throws {
        let folder = try temporaryDirectory(self)
        let study = sample("wrong-patient")
        let series2 = try XCTUnwrap(try dataSet("\(study)/series-2/image-1.dcm").string(.seriesInstanceUID))
        let csv = folder.appendingPathComponent("fixes.csv")
        try "SeriesInstanceUID,PatientName,PatientID\n\(series2),\"ROE^RICHARD\",CSV-0002\n".write(to: csv, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("o").path
        let result = try dicomfix([
            "correct", study, "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a").path, "--from-csv", csv.path, "--force",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try dataSet("\(out)/series-2/image-2.dcm").string(.patientID), "CSV-0002")
        XCTAssertEqual(try dataSet("\(out)/series-1/image-1.dcm").string(.patientID), try dataSet("\(study)/series-1/image-1.dcm").string(.patientID))
    }

    func test_outputOverInput_withoutInPlace_isRefused() throws {
        let (folder, study) = try copyOfSample("wrong-patient")
        let original = try bytes("\(study.path)/series-2/image-1.dcm")
        let result = try dicomfix([
            "correct", study.path, "--output", study.path, "--reason", "r", "--audit-log", folder.appendingPathComponent("a").path,
            "--patient-name", "X^Y", "--force",
        ])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("refusing to overwrite"), result.stdout)
        XCTAssertEqual(try bytes("\(study.path)/series-2/image-1.dcm"), original)
    }

    func test_help_matchesSnapshots() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: CorrectCommand.self, columns: 100), named: "correct-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: EditCommand.self, columns: 100), named: "edit-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: UndoCommand.self, columns: 100), named: "undo-help.txt")
    }

    /// Every regular file under `folder`, sorted.
    func files(in folder: String) throws -> [String] {
        ChangeFixtures.files(in: folder)
    }
}
