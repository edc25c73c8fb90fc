import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix split` and `merge` run as the real binary on copies of the Samples, with the
/// key-object documents that reference their images.
final class SplitMergeCommandTests: SplitMergeTestCase {
    // MARK: split

    func test_split_wrongPatientSeries_intoItsOwnStudy_bothStudiesConsistent_referencesResolve() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: "wrong-patient-key-images.dcm")
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let wrongSeries = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .seriesInstanceUID)
        let oldStudy = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
        let result = try dicomfix([
            "split", study, "--series", wrongSeries, "--patient-name", "POE^EDGAR", "--patient-id", "DCMFIX-0003",
            "--accession-number", "DCMFX00099", "--study-id", "S99", "--output", out, "--reason", "wrong patient", "--audit-log", log,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)

        let moved = [1, 2].map { "\(out)/wrong-patient/series-2/image-\($0).dcm" }
        let newStudy = try uid(moved[0], .studyInstanceUID)
        XCTAssertNotEqual(newStudy, oldStudy)
        XCTAssertTrue(newStudy.hasPrefix("2.25."), newStudy)
        for path in moved {
            let data = try dataSet(path)
            XCTAssertEqual(data.string(.studyInstanceUID), newStudy)
            XCTAssertEqual(data.string(.seriesInstanceUID), wrongSeries, "a whole series keeps its UID")
            XCTAssertEqual(data.string(.accessionNumber), "DCMFX00099")
            XCTAssertEqual(data.string(.studyID), "S99")
            XCTAssertEqual(data.string(.patientName), "POE^EDGAR")
            let old = try XCTUnwrap(data[.originalAttributesSequence]?.items.last?.dataSet[.modifiedAttributesSequence]?.items.first?.dataSet)
            XCTAssertEqual(old.string(.studyInstanceUID), oldStudy)
        }
        for name in ["series-1/image-1.dcm", "series-1/image-2.dcm"] {
            XCTAssertEqual(try bytes("\(out)/wrong-patient/\(name)"), try bytes("\(study)/wrong-patient/\(name)"), "\(name) was not to change")
        }
        let keyObject = "\(out)/wrong-patient-key-images.dcm"
        XCTAssertEqual(try uid(keyObject, .studyInstanceUID), oldStudy, "the document stays in its study")
        XCTAssertEqual(try references(of: keyObject).evidence.map(\.study).sorted(), [oldStudy, newStudy].sorted())
        try assertReferencesResolve(keyObject, in: out)

        let validate = try dicomfix(["validate", "--format", "json", out])
        XCTAssertFalse(validate.stdout.contains("study.patient.inconsistent"), validate.stdout)
        let before = try dicomfix(["validate", "--format", "json", study])
        XCTAssertTrue(before.stdout.contains("study.patient.inconsistent"), "the sample starts inconsistent")

        if runTool(["which", "dcentvfy"]).status == 0 {
            let after = runTool(["dcentvfy"] + files(in: out))
            XCTAssertFalse(after.output.contains("Error"), after.output)
            let inputs = runTool(["dcentvfy"] + files(in: study))
            XCTAssertTrue(inputs.output.contains("Error"), "dcentvfy sees the wrong patient before: \(inputs.output)")
        } else {
            print("SKIP (part): dcentvfy is not on PATH")
        }
        if runTool(["which", "dciodvfy"]).status == 0 {
            let check = runTool(["dciodvfy", keyObject])
            XCTAssertFalse(check.output.contains("Error"), check.output)
        }

        // The same split again gives the same new study (a rerun after an interruption matches).
        let again = folder.appendingPathComponent("again").path
        let rerun = try dicomfix([
            "split", study, "--series", wrongSeries, "--output", again, "--reason", "wrong patient", "--audit-log", log,
        ])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(try uid("\(again)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID), newStudy)
    }

    func test_split_instances_formNewSeriesInNewStudy_referencesFollow() throws {
        let (folder, study) = try studyFolder(["ct-study"], keyObject: "ct-study-key-images.dcm")
        let out = folder.appendingPathComponent("fixed").path
        let image = "\(study)/ct-study/series-1/image-1.dcm"
        let instance = try uid(image, .sopInstanceUID)
        let oldSeries = try uid(image, .seriesInstanceUID)
        let result = try dicomfix([
            "split", study, "--instances", instance, "--study-uid", "2.25.1234567890", "--output", out, "--reason", "r",
            "--audit-log", folder.appendingPathComponent("a.jsonl").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let moved = try dataSet("\(out)/ct-study/series-1/image-1.dcm")
        XCTAssertEqual(moved.string(.studyInstanceUID), "2.25.1234567890")
        XCTAssertNotEqual(moved.string(.seriesInstanceUID), oldSeries, "instances leaving a series that keeps others get a new series")
        XCTAssertEqual(try bytes("\(out)/ct-study/series-1/image-2.dcm"), try bytes("\(study)/ct-study/series-1/image-2.dcm"))
        let keyObject = "\(out)/ct-study-key-images.dcm"
        XCTAssertEqual(Set(try references(of: keyObject).evidence.map(\.study)).count, 2)
        try assertReferencesResolve(keyObject, in: out)
    }

    func test_split_dryRun_printsDiff_writesNothing_andUnknownSeriesIsFatal() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: "wrong-patient-key-images.dcm")
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("a.jsonl").path
        let series = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .seriesInstanceUID)
        let dry = try dicomfix(["split", study, "--series", series, "--output", out, "--reason", "r", "--audit-log", log, "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("StudyInstanceUID"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("CurrentRequestedProcedureEvidenceSequence"), dry.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))

        let unknown = try dicomfix(["split", study, "--series", "1.2.3.999", "--output", out, "--reason", "r", "--audit-log", log])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("none of the given series"), unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func test_split_presentationStateFollowsItsSeries_orSplitIsRefused() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: nil)
        let fixtures = folder.appendingPathComponent("fixtures.jsonl").path
        let series2 = ["\(study)/wrong-patient/series-2/image-1.dcm", "\(study)/wrong-patient/series-2/image-2.dcm"]
        try presentationState(from: series2[0], to: "\(study)/ps-series-2.dcm", images: series2, log: fixtures)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("a.jsonl").path
        let result = try dicomfix(["split", study, "--series", try uid(series2[0], .seriesInstanceUID), "--output", out, "--reason", "r", "--audit-log", log])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let newStudy = try uid("\(out)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
        XCTAssertEqual(try uid("\(out)/ps-series-2.dcm", .studyInstanceUID), newStudy, "the presentation state follows the images it presents")
        XCTAssertEqual(
            try ownStudyReferences(of: "\(out)/ps-series-2.dcm"),
            try series2.map { Place(study: "", series: try uid($0, .seriesInstanceUID), instance: try uid($0, .sopInstanceUID)) },
            "each image of series 2 is presented once, unchanged")

        // One referring to both series cannot be valid in either study: refused, file named.
        let both = [series2[0], "\(study)/wrong-patient/series-1/image-1.dcm"]
        try presentationState(from: both[1], to: "\(study)/ps-both.dcm", images: both, log: fixtures, number: 2)
        let refused = try dicomfix([
            "split", study, "--series", try uid(series2[0], .seriesInstanceUID), "--output", folder.appendingPathComponent("again").path,
            "--reason", "r", "--audit-log", log,
        ])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("ps-both.dcm"), refused.stderr)
    }

    // MARK: merge

    func test_merge_twoStudiesOfOnePatient_takeTargetStudy_referencesResolve() throws {
        let (folder, study) = try studyFolder(["ct-study", "cd"], keyObject: "ct-study-key-images.dcm")
        let out = folder.appendingPathComponent("merged").path
        let prior = "\(study)/cd/DICOM/PAT00001/STU00001/SER00001/IMG00001"
        let target = try uid(prior, .studyInstanceUID)
        let seriesBefore = try places(in: study).values.map(\.series)
        let result = try dicomfix([
            "merge", study, "--into", target, "--output", out, "--reason", "one exam", "--audit-log", folder.appendingPathComponent("a.jsonl").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let targetData = try dataSet(prior)
        for (path, place) in try places(in: out) {
            XCTAssertEqual(place.study, target, path)
            let data = try dataSet(path)
            for tag in [Tag.studyDate, .studyTime, .accessionNumber, .studyDescription, .referringPhysicianName, .studyID] {
                XCTAssertEqual(data.string(tag), targetData.string(tag), "\(path) \(tag)")
            }
        }
        XCTAssertEqual(Set(try places(in: out).values.map(\.series)), Set(seriesBefore), "series UIDs kept: none collide")
        XCTAssertEqual(try bytes("\(out)/cd/DICOM/PAT00001/STU00001/SER00001/IMG00001"), try bytes(prior), "target files unchanged")
        try assertReferencesResolve("\(out)/ct-study-key-images.dcm", in: out)

        let validate = try dicomfix(["validate", "--format", "json", out])
        XCTAssertFalse(validate.stdout.contains("study.patient.inconsistent"), validate.stdout)
        XCTAssertFalse(validate.stdout.contains("study.attribute.inconsistent"), validate.stdout)
        if runTool(["which", "dcentvfy"]).status == 0 {
            let after = runTool(["dcentvfy"] + files(in: out))
            XCTAssertFalse(after.output.contains("Error"), after.output)
        } else {
            print("SKIP (part): dcentvfy is not on PATH")
        }
    }

    func test_merge_differentPatients_isRefusedNamingFiles_unlessPatientFrom() throws {
        let (folder, study) = try studyFolder(["ct-study", "wrong-patient/series-1"], keyObject: nil)
        let out = folder.appendingPathComponent("merged").path
        let log = folder.appendingPathComponent("a.jsonl").path
        let target = try uid("\(study)/ct-study/series-1/image-1.dcm", .studyInstanceUID)
        let refused = try dicomfix(["merge", study, "--into", target, "--output", out, "--reason", "r", "--audit-log", log])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--patient-from"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("series-1/image-1.dcm"), "the conflicting files are named: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.contains("ROE^RICHARD") || refused.stderr.contains("DCMFIX-0002"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")

        let merged = try dicomfix(["merge", study, "--into", target, "--patient-from", target, "--output", out, "--reason", "r", "--audit-log", log])
        XCTAssertEqual(merged.status, 0, merged.stdout + merged.stderr)
        for path in files(in: out) {
            let data = try dataSet(path)
            XCTAssertEqual(data.string(.patientName), "DOE^JANE", path)
            XCTAssertEqual(data.string(.patientID), "DCMFIX-0001", path)
            XCTAssertEqual(data.string(.patientBirthDate), "19790312", path)
            XCTAssertEqual(data.string(.studyInstanceUID), target, path)
            XCTAssertNil(data[.issuerOfPatientID], "\(path): the patient study has no Issuer of Patient ID, so none is added")
        }
        // The target's files already have its patient: untouched, unlogged.
        for name in ["series-1/image-1.dcm", "series-1/image-2.dcm", "series-1/image-3.dcm", "series-2/image-1.dcm", "series-2/image-2.dcm"] {
            XCTAssertEqual(try bytes("\(out)/ct-study/\(name)"), try bytes("\(study)/ct-study/\(name)"), "target file \(name) was rewritten")
        }
        let records = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(records.count, 2, "only the two merged files are logged: \(records)")
        XCTAssertFalse(records.contains { $0.contains("ct-study/") }, "a target file is in the log")
        // Their birth date changed, so their age is the age on the (target's) study date.
        for index in [1, 2] {
            let data = try dataSet("\(out)/wrong-patient/series-1/image-\(index).dcm")
            XCTAssertEqual(data.string(.studyDate), "20240115")
            XCTAssertEqual(data.string(.patientAge), "044Y", "DOE^JANE, born 1979-03-12, on 2024-01-15")
        }
    }

    func test_merge_collidingSeries_getsNewSeriesUID() throws {
        // Two copies of one series under different study UIDs: the second keeps colliding
        // series UIDs, which the merge must rename.
        let (folder, study) = try studyFolder(["ct-study/series-2"], keyObject: nil)
        let other = "\(study)/other"
        let prepared = try dicomfix([
            "edit", "\(study)/ct-study", "--output", other, "--set", "StudyInstanceUID=2.25.42", "--set", "SOPInstanceUID=2.25.43",
            "--reason", "fixture", "--audit-log", folder.appendingPathComponent("fixture.jsonl").path,
        ])
        XCTAssertEqual(prepared.status, 0, prepared.stderr)
        // The two files of the copy now share one SOP Instance UID: keep one.
        try FileManager.default.removeItem(atPath: "\(other)/series-2/image-2.dcm")
        let out = folder.appendingPathComponent("merged").path
        let target = try uid("\(study)/ct-study/series-2/image-1.dcm", .studyInstanceUID)
        let series = try uid("\(study)/ct-study/series-2/image-1.dcm", .seriesInstanceUID)
        let result = try dicomfix(["merge", study, "--into", target, "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a.jsonl").path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let renamed = try dataSet("\(out)/other/series-2/image-1.dcm")
        XCTAssertEqual(renamed.string(.studyInstanceUID), target)
        XCTAssertNotEqual(renamed.string(.seriesInstanceUID), series)
        XCTAssertEqual(try dataSet("\(out)/ct-study/series-2/image-1.dcm").string(.seriesInstanceUID), series)
    }

    // MARK: undo

    func test_inPlaceSplitAndMerge_thenUndo_restoreByteIdenticalFiles() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: "wrong-patient-key-images.dcm")
        let log = folder.appendingPathComponent("audit.jsonl").path
        let originals = try files(in: study).map { ($0, try bytes($0)) }
        let series = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .seriesInstanceUID)
        let oldStudy = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
        let split = try dicomfix(["split", study, "--series", series, "--in-place", "--reason", "r", "--audit-log", log])
        XCTAssertEqual(split.status, 0, split.stderr)
        XCTAssertNotEqual(try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID), oldStudy)

        // Merging back gives one study again (the patients differ: take series 1's).
        let merge = try dicomfix([
            "merge", study, "--into", oldStudy, "--patient-from", oldStudy, "--in-place", "--reason", "r", "--audit-log", log,
        ])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(Set(try places(in: study).values.map(\.study)), [oldStudy])
        try assertReferencesResolve("\(study)/wrong-patient-key-images.dcm", in: study)

        for _ in 0..<2 {
            let undo = try dicomfix(["undo", "--audit-log", log])
            XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        }
        for (path, original) in originals {
            XCTAssertEqual(try bytes(path), original, "\(path) is not byte-identical after undo")
        }
        let verify = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    func test_help_matchesSnapshots() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: SplitCommand.self, columns: 100), named: "split-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: MergeCommand.self, columns: 100), named: "merge-help.txt")
    }
}
