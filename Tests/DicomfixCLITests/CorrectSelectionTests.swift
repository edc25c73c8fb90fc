import DICOM
import Foundation
import XCTest

/// `correct` and `edit`: which files the selection options pick, the demographic options, and
/// `[*]` paths, run as the real binary on copies of the Samples.
final class CorrectSelectionTests: XCTestCase {
    typealias F = ChangeFixtures

    /// ct-study (one patient, accession DCMFX00001) and wrong-patient (accession DCMFX00002)
    /// side by side, and where to write.
    func twoStudies() throws -> (studies: String, out: String, log: String) {
        let folder = try temporaryDirectory(self)
        let studies = try F.copies(of: ["ct-study", "wrong-patient"], in: folder)
        return (studies.path, folder.appendingPathComponent("out").path, folder.appendingPathComponent("audit.jsonl").path)
    }

    /// The output files whose bytes differ from their input, as paths relative to the folder.
    func changedFiles(_ studies: String, _ out: String) throws -> [String] {
        try F.files(in: studies).compactMap { input in
            let relative = String(input.dropFirst(studies.count + 1))
            return try F.bytes("\(out)/\(relative)") == F.bytes(input) ? nil : relative
        }
    }

    func test_study_changesOnlyFilesOfThatStudy() throws {
        let (studies, out, log) = try twoStudies()
        let ctStudy = try XCTUnwrap(try F.dataSet("\(studies)/ct-study/series-1/image-1.dcm").string(.studyInstanceUID))
        let result = try dicomfix([
            "correct", studies, "--output", out, "--reason", "r", "--audit-log", log, "--study", ctStudy, "--patient-name", "DOE^JANET",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let changed = try changedFiles(studies, out)
        XCTAssertEqual(changed, F.files(in: "\(studies)/ct-study").map { String($0.dropFirst(studies.count + 1)) })
        for path in changed { XCTAssertEqual(try F.dataSet("\(out)/\(path)").string(.patientName), "DOE^JANET", path) }
        XCTAssertEqual(try F.records(log).count, 5, "one record per file of the study")
    }

    func test_accession_changesOnlyFilesWithThatAccessionNumber() throws {
        let (studies, out, log) = try twoStudies()
        let result = try dicomfix([
            "correct", studies, "--output", out, "--reason", "r", "--audit-log", log, "--accession", "DCMFX00001",
            "--accession-number", "ACC-0001",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let changed = try changedFiles(studies, out)
        XCTAssertEqual(changed.count, 5)
        XCTAssertTrue(changed.allSatisfy { $0.hasPrefix("ct-study/") }, "\(changed)")
        for path in changed { XCTAssertEqual(try F.dataSet("\(out)/\(path)").string(.accessionNumber), "ACC-0001", path) }

        let none = try dicomfix([
            "correct", studies, "--output", out + "-none", "--reason", "r", "--audit-log", log, "--accession", "NO-SUCH",
            "--accession-number", "ACC-0001",
        ])
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertEqual(try changedFiles(studies, out + "-none"), [], "an accession no file has selects nothing")
    }

    func test_where_isRepeatable_andEveryConditionMustHold() throws {
        let (studies, out, log) = try twoStudies()
        let one = try dicomfix([
            "correct", studies, "--output", out + "-one", "--reason", "r", "--audit-log", log, "--where", "SeriesNumber=2",
            "--set", "SeriesDescription=RELABELLED", "--force",
        ])
        XCTAssertEqual(one.status, 0, one.stdout + one.stderr)
        XCTAssertEqual(try changedFiles(studies, out + "-one"), [
            "ct-study/series-2/image-1.dcm", "ct-study/series-2/image-2.dcm", "wrong-patient/series-2/image-1.dcm",
            "wrong-patient/series-2/image-2.dcm",
        ])

        let both = try dicomfix([
            "correct", studies, "--output", out, "--reason", "r", "--audit-log", log, "--where", "SeriesNumber=2", "--where",
            "PatientID=DCMFIX-0001", "--set", "SeriesDescription=RELABELLED",
        ])
        XCTAssertEqual(both.status, 0, both.stdout + both.stderr)
        let changed = try changedFiles(studies, out)
        XCTAssertEqual(changed, ["ct-study/series-2/image-1.dcm", "ct-study/series-2/image-2.dcm"])
        for path in changed { XCTAssertEqual(try F.dataSet("\(out)/\(path)").string(.seriesDescription), "RELABELLED") }

        let bad = try dicomfix(["correct", studies, "--output", out + "-bad", "--reason", "r", "--audit-log", log, "--where", "NoSuchKeyword=1", "--sex", "F"])
        XCTAssertEqual(bad.status, 64, "a condition that does not parse is a usage error: \(bad.stderr)")
        XCTAssertTrue(bad.stderr.contains("--where NoSuchKeyword=1"), bad.stderr)
    }

    func test_issuerAccessionAndOtherPatientIDs_areSet_andOtherIDsReplaced() throws {
        try requireTool("dcmdump")
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("out").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = F.sample("ct-study")
        let result = try dicomfix([
            "correct", study, "--output", out, "--reason", "r", "--audit-log", log, "--issuer-of-patient-id", "HOSPITAL-A",
            "--accession-number", "ACC-0002", "--other-patient-ids", "ALT-1", "--other-patient-ids", "ALT-2",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let outputs = F.files(in: out)
        XCTAssertEqual(outputs.count, 5)
        for path in outputs {
            let d = try F.dataSet(path)
            XCTAssertEqual(d.string(.issuerOfPatientID), "HOSPITAL-A", path)
            XCTAssertEqual(d.string(.accessionNumber), "ACC-0002", path)
            XCTAssertEqual(d[.otherPatientIDsSequence]?.items.map { $0.dataSet.string(.patientID) }, ["ALT-1", "ALT-2"], path)
            let old = try XCTUnwrap(d[.originalAttributesSequence]?.items.last?.dataSet[.modifiedAttributesSequence]?.items.first?.dataSet)
            XCTAssertEqual(old.string(.accessionNumber), "DCMFX00001", "the old accession is kept in the file")
            let dump = runTool(["dcmdump", "-q", "+P", "0010,0021", "+P", "0008,0050", "+P", "0010,0020", path])
            XCTAssertEqual(dump.status, 0, dump.output)
            XCTAssertTrue(dump.stdout.contains("[HOSPITAL-A]") && dump.stdout.contains("[ACC-0002]"), dump.stdout)
            XCTAssertTrue(dump.stdout.contains("[ALT-1]") && dump.stdout.contains("[ALT-2]"), "dcmtk reads both items: \(dump.stdout)")
        }

        let again = try dicomfix(["correct", out, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log, "--other-patient-ids", "ALT-3"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        for path in outputs {
            XCTAssertEqual(try F.dataSet(path)[.otherPatientIDsSequence]?.items.map { $0.dataSet.string(.patientID) }, ["ALT-3"], "replaced, not added to")
        }
    }

    func test_edit_allItems_setsAndDeletesInEveryItem_andUndoRestores() throws {
        let folder = try temporaryDirectory(self)
        let study = try F.copies(of: ["ct-study"], in: folder).appendingPathComponent("ct-study").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let prepared = try dicomfix([
            "correct", study, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log, "--no-original-attributes",
            "--other-patient-ids", "ALT-1", "--other-patient-ids", "ALT-2", "--other-patient-ids", "ALT-3",
        ])
        XCTAssertEqual(prepared.status, 0, prepared.stdout + prepared.stderr)
        let before = try F.snapshot(study)

        let set = try dicomfix([
            "edit", study, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log, "--no-original-attributes",
            "--set", "OtherPatientIDsSequence[*].IssuerOfPatientID=ISSUER-X",
        ])
        XCTAssertEqual(set.status, 0, set.stdout + set.stderr)
        for path in F.files(in: study) {
            let items = try XCTUnwrap(try F.dataSet(path)[.otherPatientIDsSequence]?.items)
            XCTAssertEqual(items.map { $0.dataSet.string(.issuerOfPatientID) }, ["ISSUER-X", "ISSUER-X", "ISSUER-X"], path)
            XCTAssertEqual(items.map { $0.dataSet.string(.patientID) }, ["ALT-1", "ALT-2", "ALT-3"], path)
        }
        let setChanges = try XCTUnwrap(F.records(log).last?["changes"] as? [[String: Any]])
        XCTAssertEqual(setChanges.compactMap { $0["path"] as? String }, ["(0010,1002)[0]/(0010,0021)", "(0010,1002)[1]/(0010,0021)", "(0010,1002)[2]/(0010,0021)"])

        let delete = try dicomfix([
            "edit", study, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log, "--no-original-attributes",
            "--delete", "OtherPatientIDsSequence[*].IssuerOfPatientID",
        ])
        XCTAssertEqual(delete.status, 0, delete.stdout + delete.stderr)
        XCTAssertEqual(try F.snapshot(study), before, "deleting from every item leaves the files as they were before the set")

        let deleteIDs = try dicomfix([
            "edit", study, "--in-place", "--no-backup", "--reason", "r", "--audit-log", log, "--no-original-attributes",
            "--delete", "OtherPatientIDsSequence[*].PatientID",
        ])
        XCTAssertEqual(deleteIDs.status, 0, deleteIDs.stdout + deleteIDs.stderr)
        for path in F.files(in: study) {
            let items = try XCTUnwrap(try F.dataSet(path)[.otherPatientIDsSequence]?.items)
            XCTAssertEqual(items.count, 3, "the items stay")
            XCTAssertTrue(items.allSatisfy { $0.dataSet[.patientID] == nil }, path)
        }
        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try F.snapshot(study), before)
    }
}
