import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// The new study of `dicomfix split`: derived (keyed with --key-file) or random, and a rerun
/// after an interruption finishing the split; and the values that follow the patient.
final class SplitStudyUIDTests: SplitMergeTestCase {
    /// Splits series 2 of the wrong-patient sample in `study` into `out`; the new study's UID.
    func splitWrongSeries(_ study: String, into out: String, _ extra: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let series = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .seriesInstanceUID)
        let log = (out as NSString).appendingPathExtension("jsonl") ?? out + ".jsonl"
        let result = try dicomfix(["split", study, "--series", series, "--output", out, "--reason", "r", "--audit-log", log] + extra)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr, file: file, line: line)
        return try uid("\(out)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
    }

    func makeKey(_ path: String) throws -> String {
        let result = try dicomfix(["anonymize", "--new-key", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return path
    }

    func test_split_keyFile_sameKeySameUID_otherKeyOtherUID_andNotTheUnkeyedOne() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: nil)
        let key = try makeKey(folder.appendingPathComponent("a.key").path)
        let other = try makeKey(folder.appendingPathComponent("b.key").path)
        let first = try splitWrongSeries(study, into: folder.appendingPathComponent("one").path, ["--key-file", key])
        let again = try splitWrongSeries(study, into: folder.appendingPathComponent("two").path, ["--key-file", key])
        let otherKey = try splitWrongSeries(study, into: folder.appendingPathComponent("three").path, ["--key-file", other])
        let unkeyed = try splitWrongSeries(study, into: folder.appendingPathComponent("four").path, [])
        XCTAssertTrue(first.hasPrefix("2.25."), first)
        XCTAssertLessThanOrEqual(first.utf8.count, 64, first)
        XCTAssertEqual(again, first, "the same key gives the same new study")
        XCTAssertNotEqual(otherKey, first, "another key gives another study")
        XCTAssertNotEqual(unkeyed, first, "the keyed UID is not the unkeyed derivation")
        XCTAssertNotEqual(try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID), first)

        let bad = folder.appendingPathComponent("bad.key").path
        try "not a key\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try dicomfix([
            "split", study, "--series", "1.2.3", "--key-file", bad, "--output", folder.appendingPathComponent("five").path,
            "--reason", "r", "--audit-log", folder.appendingPathComponent("five.jsonl").path,
        ])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("bad.key"), "the key file is named: \(refused.stderr)")
        let both = try dicomfix([
            "split", study, "--series", "1.2.3", "--key-file", key, "--random-study-uid", "--output", folder.appendingPathComponent("six").path,
            "--reason", "r", "--audit-log", folder.appendingPathComponent("six.jsonl").path,
        ])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("at most one of"), both.stderr)
    }

    func test_split_randomStudyUID_differsInEveryRun() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: nil)
        let first = try splitWrongSeries(study, into: folder.appendingPathComponent("one").path, ["--random-study-uid"])
        let second = try splitWrongSeries(study, into: folder.appendingPathComponent("two").path, ["--random-study-uid"])
        let derived = try splitWrongSeries(study, into: folder.appendingPathComponent("three").path, [])
        for uid in [first, second] {
            XCTAssertTrue(uid.hasPrefix("2.25."), uid)
            XCTAssertLessThanOrEqual(uid.utf8.count, 64, uid)
        }
        XCTAssertNotEqual(first, second)
        XCTAssertNotEqual(first, derived)
        XCTAssertEqual(try uid("\(folder.path)/two/wrong-patient/series-2/image-2.dcm", .studyInstanceUID), second, "one new study per run")
    }

    /// Runs `split STUDY arguments --in-place` on a copy of `study` (the uninterrupted run) and
    /// on `study`, puts back the Samples originals `notWritten` (path in `study`, path in
    /// Samples) as if the run had stopped before writing them, reruns, and fails unless the
    /// rerun changes just those and ends as the uninterrupted run did; then once more, which
    /// changes nothing.
    func assertRerunFinishesInterruptedSplit(
        _ study: String, in folder: URL, _ arguments: [String], notWritten: [(String, String)], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let reference = folder.appendingPathComponent("reference").path
        try FileManager.default.copyItem(atPath: study, toPath: reference)
        let inPlace = ["--in-place", "--reason", "r"]
        let whole = try dicomfix(["split", reference] + arguments + inPlace + ["--audit-log", folder.appendingPathComponent("reference.jsonl").path])
        XCTAssertEqual(whole.status, 0, whole.stderr, file: file, line: line)

        let log = folder.appendingPathComponent("audit.jsonl").path
        let first = try dicomfix(["split", study] + arguments + inPlace + ["--audit-log", log])
        XCTAssertEqual(first.status, 0, first.stderr, file: file, line: line)
        for (name, original) in notWritten {
            XCTAssertNotEqual(try bytes("\(study)/\(name)"), try bytes(Repository.samples.appendingPathComponent(original).path), "\(name) was written", file: file, line: line)
            try FileManager.default.removeItem(atPath: "\(study)/\(name)")
            try FileManager.default.copyItem(atPath: Repository.samples.appendingPathComponent(original).path, toPath: "\(study)/\(name)")
        }

        let rerun = try dicomfix(["split", study] + arguments + inPlace + ["--audit-log", log])
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr, file: file, line: line)
        XCTAssertTrue(rerun.stderr.contains("\(notWritten.count) file(s) changed"), "only the files not written change: \(rerun.stderr)", file: file, line: line)
        let relative = files(in: reference).map { String($0.dropFirst(reference.count + 1)) }
        XCTAssertEqual(files(in: study).map { String($0.dropFirst(study.count + 1)) }, relative, file: file, line: line)
        for name in relative {
            XCTAssertEqual(
                try contentWithoutHistory("\(study)/\(name)"), try contentWithoutHistory("\(reference)/\(name)"), "\(name) differs from the uninterrupted run",
                file: file, line: line)
            let history = try dataSet("\(study)/\(name)")[.originalAttributesSequence]?.items.count ?? 0
            let expected = try dataSet("\(reference)/\(name)")[.originalAttributesSequence]?.items.count ?? 0
            XCTAssertEqual(history, expected, "\(name): one Original Attributes item per change, none for the rerun of a written file", file: file, line: line)
        }

        let done = try dicomfix(["split", study] + arguments + inPlace + ["--audit-log", log])
        XCTAssertEqual(done.status, 0, done.stdout + done.stderr, file: file, line: line)
        XCTAssertFalse(done.stderr.contains("file(s) changed"), "a finished split changes nothing: \(done.stderr)", file: file, line: line)
    }

    func test_split_inPlace_interruptedThenRerun_endsAsAnUninterruptedRun() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: "wrong-patient-key-images.dcm")
        let series = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .seriesInstanceUID)
        let oldStudy = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
        try assertRerunFinishesInterruptedSplit(
            study, in: folder, ["--series", series, "--patient-name", "POE^EDGAR"],
            notWritten: [
                ("wrong-patient/series-2/image-2.dcm", "wrong-patient/series-2/image-2.dcm"),
                ("wrong-patient-key-images.dcm", "key-objects/wrong-patient-key-images.dcm"),
            ])
        let moved = try uid("\(study)/wrong-patient/series-2/image-1.dcm", .studyInstanceUID)
        XCTAssertNotEqual(moved, oldStudy)
        XCTAssertEqual(try uid("\(study)/wrong-patient/series-2/image-2.dcm", .studyInstanceUID), moved)
        try assertReferencesResolve("\(study)/wrong-patient-key-images.dcm", in: study)
        // The key object's Original Attributes item keeps the evidence as it was (one study).
        let recorded = try dataSet("\(study)/wrong-patient-key-images.dcm")[.originalAttributesSequence]?.items.first?
            .dataSet[.modifiedAttributesSequence]?.items.first?.dataSet
        let oldEvidence = recorded?[.currentRequestedProcedureEvidenceSequence]?.items.compactMap { $0.dataSet.string(.studyInstanceUID) }
        XCTAssertEqual(oldEvidence, [oldStudy], "history rewritten")
    }

    func test_split_instances_inPlace_interruptedThenRerun_endsAsAnUninterruptedRun() throws {
        let (folder, study) = try studyFolder(["ct-study"], keyObject: "ct-study-key-images.dcm")
        let instances = try [1, 2].map { try uid("\(study)/ct-study/series-1/image-\($0).dcm", .sopInstanceUID) }
        let oldSeries = try uid("\(study)/ct-study/series-1/image-1.dcm", .seriesInstanceUID)
        try assertRerunFinishesInterruptedSplit(
            study, in: folder, ["--instances", instances[0], "--instances", instances[1]],
            notWritten: [
                ("ct-study/series-1/image-2.dcm", "ct-study/series-1/image-2.dcm"),
                ("ct-study-key-images.dcm", "key-objects/ct-study-key-images.dcm"),
            ])
        let newSeries = try uid("\(study)/ct-study/series-1/image-1.dcm", .seriesInstanceUID)
        XCTAssertNotEqual(newSeries, oldSeries)
        XCTAssertEqual(try uid("\(study)/ct-study/series-1/image-2.dcm", .seriesInstanceUID), newSeries, "both in one new series")
        XCTAssertEqual(try uid("\(study)/ct-study/series-1/image-3.dcm", .seriesInstanceUID), oldSeries)
        try assertReferencesResolve("\(study)/ct-study-key-images.dcm", in: study)
    }

    func test_split_newBirthDate_recomputesPatientAge() throws {
        let (folder, study) = try studyFolder(["wrong-patient"], keyObject: nil)
        let out = folder.appendingPathComponent("fixed").path
        XCTAssertEqual(try dataSet("\(study)/wrong-patient/series-2/image-1.dcm").string(.patientAge), "072Y")
        _ = try splitWrongSeries(study, into: out, ["--birth-date", "19600101"])
        for index in [1, 2] {
            let data = try dataSet("\(out)/wrong-patient/series-2/image-\(index).dcm")
            XCTAssertEqual(data.string(.patientBirthDate), "19600101")
            XCTAssertEqual(data.string(.studyDate), "20240220")
            XCTAssertEqual(data.string(.patientAge), "064Y", "born 1960-01-01, on 2024-02-20")
        }
        XCTAssertEqual(try dataSet("\(out)/wrong-patient/series-1/image-1.dcm").string(.patientAge), "058Y", "files that stay keep their age")
    }
}
