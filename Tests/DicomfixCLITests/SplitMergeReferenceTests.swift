import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// References that must follow `dicomfix split` and `merge`: the RT Structure Set sample's RT
/// references, Referenced Study Sequence (0008,1110) and Referenced Instance Sequence
/// (0008,114A), and presentation states of renamed series.
final class SplitMergeReferenceTests: SplitMergeTestCase {
    let structureSet = "rt/ct-study-structure-set.dcm"

    /// Fails unless every image the RT Structure Set at `path` references is under `folder`
    /// where the reference says, each once, and the references are `expected` instances.
    func assertRTReferencesResolve(_ path: String, in folder: String, expected: Set<String>, file: StaticString = #filePath, line: UInt = #line) throws {
        let present = Set(try places(in: folder).values)
        let (hierarchy, contours) = try rtReferences(of: path)
        XCTAssertEqual(Set(hierarchy.map(\.instance)), expected, file: file, line: line)
        XCTAssertEqual(hierarchy.count, expected.count, "an image referenced twice: \(hierarchy)", file: file, line: line)
        for place in hierarchy {
            XCTAssertTrue(present.contains(place), "RT reference \(place) does not resolve", file: file, line: line)
        }
        XCTAssertEqual(Set(contours), expected, "contours name the same images", file: file, line: line)
        if runTool(["which", "dciodvfy"]).status == 0 {
            let check = runTool(["dciodvfy", path])
            XCTAssertFalse(check.output.contains("Error"), check.output, file: file, line: line)
        }
    }

    func test_split_instancesOfContouredSeries_rtReferencesRegroupedByStudyAndSeries() throws {
        let (folder, study) = try studyFolder(["ct-study", "rt"], keyObject: nil)
        let out = folder.appendingPathComponent("fixed").path
        let images = (1...3).map { "\(study)/ct-study/series-1/image-\($0).dcm" }
        let instances = try images.map { try uid($0, .sopInstanceUID) }
        let oldStudy = try uid(images[0], .studyInstanceUID)
        XCTAssertEqual(try rtReferences(of: "\(study)/\(structureSet)").hierarchy.count, 3, "the sample references the 3 images")
        let result = try dicomfix([
            "split", study, "--instances", instances[0], "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a.jsonl").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let rt = "\(out)/\(structureSet)"
        XCTAssertEqual(try uid(rt, .studyInstanceUID), oldStudy, "the structure set stays in its study")
        let newStudy = try uid("\(out)/ct-study/series-1/image-1.dcm", .studyInstanceUID)
        let (hierarchy, _) = try rtReferences(of: rt)
        XCTAssertEqual(Set(hierarchy.map(\.study)), [oldStudy, newStudy])
        try assertRTReferencesResolve(rt, in: out, expected: Set(instances))
        XCTAssertEqual(try referencedStudies(of: rt), [oldStudy])
    }

    func test_merge_structureSetStudy_rtAndStudyReferencesNameTheTarget() throws {
        let (folder, study) = try studyFolder(["ct-study", "rt", "cd"], keyObject: nil)
        let out = folder.appendingPathComponent("merged").path
        let target = try uid("\(study)/cd/DICOM/PAT00001/STU00001/SER00001/IMG00001", .studyInstanceUID)
        let instances = try (1...3).map { try uid("\(study)/ct-study/series-1/image-\($0).dcm", .sopInstanceUID) }
        let result = try dicomfix([
            "merge", study, "--into", target, "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a.jsonl").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let rt = "\(out)/\(structureSet)"
        XCTAssertEqual(try uid(rt, .studyInstanceUID), target)
        XCTAssertEqual(Set(try rtReferences(of: rt).hierarchy.map(\.study)), [target])
        try assertRTReferencesResolve(rt, in: out, expected: Set(instances))
        XCTAssertEqual(try referencedStudies(of: rt), [target], "Referenced Study Sequence names the merged study")
    }

    /// The CT study with a Referenced Study Sequence in every image, and a derived document (a
    /// CT without pixels, Common Instance Reference style) naming images 1 and 2 of series 1 in a
    /// Referenced Instance Sequence (0008,114A) under its own study.
    func studyWithStudyReferences() throws -> (folder: URL, study: String, document: String) {
        let (folder, study) = try studyFolder(["ct-study"], keyObject: nil)
        let fixtures = folder.appendingPathComponent("fixtures.jsonl").path
        let studyUID = try uid("\(study)/ct-study/series-1/image-1.dcm", .studyInstanceUID)
        let edited = try dicomfix([
            "edit", "\(study)/ct-study", "--in-place", "--no-backup", "--reason", "fixture", "--audit-log", fixtures,
            "--set", "ReferencedStudySequence[0].ReferencedSOPClassUID=\(UID.detachedStudyManagement)",
            "--set", "ReferencedStudySequence[0].ReferencedSOPInstanceUID=\(studyUID)",
        ])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        let document = "\(study)/derived.dcm"
        try referencingFile(
            from: "\(study)/ct-study/series-1/image-1.dcm", to: document,
            images: ["\(study)/ct-study/series-1/image-1.dcm", "\(study)/ct-study/series-1/image-2.dcm"],
            instanceSequence: "ReferencedInstanceSequence", log: fixtures,
            set: ["SOPInstanceUID=2.25.801", "SeriesInstanceUID=2.25.802", "ImageType=DERIVED\\SECONDARY"])
        XCTAssertEqual(try referencedStudies(of: document), [studyUID])
        return (folder, study, document)
    }

    func test_splitThenMergeBack_referencedStudyAndInstanceSequencesFollow() throws {
        let (folder, study, _) = try studyWithStudyReferences()
        let log = folder.appendingPathComponent("a.jsonl").path
        let oldStudy = try uid("\(study)/ct-study/series-1/image-1.dcm", .studyInstanceUID)
        let oldSeries = try uid("\(study)/ct-study/series-1/image-1.dcm", .seriesInstanceUID)
        let instances = try [1, 2].map { try uid("\(study)/ct-study/series-1/image-\($0).dcm", .sopInstanceUID) }
        let split = try dicomfix(["split", study, "--instances", instances[0], "--instances", instances[1], "--in-place", "--reason", "r", "--audit-log", log])
        XCTAssertEqual(split.status, 0, split.stdout + split.stderr)

        let newStudy = try uid("\(study)/ct-study/series-1/image-1.dcm", .studyInstanceUID)
        let newSeries = try uid("\(study)/ct-study/series-1/image-1.dcm", .seriesInstanceUID)
        XCTAssertNotEqual(newStudy, oldStudy)
        XCTAssertNotEqual(newSeries, oldSeries)
        for index in [1, 2] {
            XCTAssertEqual(try referencedStudies(of: "\(study)/ct-study/series-1/image-\(index).dcm"), [newStudy], "moved image \(index)")
        }
        for name in ["series-1/image-3.dcm", "series-2/image-1.dcm"] {
            XCTAssertEqual(try referencedStudies(of: "\(study)/ct-study/\(name)"), [oldStudy], "\(name) stays")
        }
        let document = "\(study)/derived.dcm"
        XCTAssertEqual(try uid(document, .studyInstanceUID), newStudy, "the document follows all it refers to")
        XCTAssertEqual(try referencedStudies(of: document), [newStudy])
        XCTAssertEqual(try ownStudyReferences(of: document), instances.map { Place(study: "", series: newSeries, instance: $0) })
        XCTAssertEqual(try dataSet(document)[.referencedSeriesSequence]?.items.first?.dataSet[.referencedInstanceSequence]?.items.count, 2)

        // Merging the new study back: every Referenced Study Sequence names the old one again.
        let merge = try dicomfix(["merge", study, "--into", oldStudy, "--in-place", "--reason", "r", "--audit-log", log])
        XCTAssertEqual(merge.status, 0, merge.stdout + merge.stderr)
        for path in files(in: study) {
            XCTAssertEqual(try uid(path, .studyInstanceUID), oldStudy, path)
            XCTAssertEqual(try referencedStudies(of: path), [oldStudy], path)
        }
        XCTAssertEqual(try ownStudyReferences(of: document), instances.map { Place(study: "", series: newSeries, instance: $0) })
        let present = Set(try places(in: study).values.map { Place(study: "", series: $0.series, instance: $0.instance) })
        for reference in try ownStudyReferences(of: document) {
            XCTAssertTrue(present.contains(reference), "\(reference) does not resolve")
        }
    }

    func test_split_instances_presentationStateFollowsIntoTheNewSeries() throws {
        let (folder, study) = try studyFolder(["ct-study"], keyObject: nil)
        let images = [1, 2].map { "\(study)/ct-study/series-1/image-\($0).dcm" }
        try presentationState(from: images[0], to: "\(study)/ps.dcm", images: images, log: folder.appendingPathComponent("fixtures.jsonl").path)
        let out = folder.appendingPathComponent("fixed").path
        let instances = try images.map { try uid($0, .sopInstanceUID) }
        let oldSeries = try uid(images[0], .seriesInstanceUID)
        let result = try dicomfix([
            "split", study, "--instances", instances[0], "--instances", instances[1], "--output", out, "--reason", "r",
            "--audit-log", folder.appendingPathComponent("a.jsonl").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let moved = "\(out)/ct-study/series-1/image-1.dcm"
        let newSeries = try uid(moved, .seriesInstanceUID)
        XCTAssertNotEqual(newSeries, oldSeries)
        XCTAssertEqual(try uid("\(out)/ct-study/series-1/image-2.dcm", .seriesInstanceUID), newSeries)
        XCTAssertEqual(try uid("\(out)/ct-study/series-1/image-3.dcm", .seriesInstanceUID), oldSeries)
        XCTAssertEqual(try uid("\(out)/ps.dcm", .studyInstanceUID), try uid(moved, .studyInstanceUID))
        XCTAssertEqual(try ownStudyReferences(of: "\(out)/ps.dcm"), instances.map { Place(study: "", series: newSeries, instance: $0) })
    }

    func test_merge_collidingSeries_presentationStateFollowsTheRenamedSeries() throws {
        let (folder, study) = try studyFolder(["ct-study/series-2"], keyObject: nil)
        let other = "\(study)/other"
        let fixtures = folder.appendingPathComponent("fixture.jsonl").path
        let prepared = try dicomfix([
            "edit", "\(study)/ct-study", "--output", other, "--set", "StudyInstanceUID=2.25.42", "--set", "SOPInstanceUID=2.25.43",
            "--reason", "fixture", "--audit-log", fixtures,
        ])
        XCTAssertEqual(prepared.status, 0, prepared.stderr)
        try FileManager.default.removeItem(atPath: "\(other)/series-2/image-2.dcm")
        try presentationState(from: "\(other)/series-2/image-1.dcm", to: "\(other)/ps.dcm", images: ["\(other)/series-2/image-1.dcm"], log: fixtures)
        let out = folder.appendingPathComponent("merged").path
        let target = try uid("\(study)/ct-study/series-2/image-1.dcm", .studyInstanceUID)
        let series = try uid("\(study)/ct-study/series-2/image-1.dcm", .seriesInstanceUID)
        let result = try dicomfix(["merge", study, "--into", target, "--output", out, "--reason", "r", "--audit-log", folder.appendingPathComponent("a.jsonl").path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let renamed = try uid("\(out)/other/series-2/image-1.dcm", .seriesInstanceUID)
        XCTAssertNotEqual(renamed, series)
        XCTAssertEqual(try uid("\(out)/other/ps.dcm", .studyInstanceUID), target)
        XCTAssertEqual(try ownStudyReferences(of: "\(out)/other/ps.dcm"), [Place(study: "", series: renamed, instance: "2.25.43")])
    }

    func test_merge_dryRun_printsDiff_writesNothing() throws {
        let (folder, study) = try studyFolder(["ct-study", "cd"], keyObject: "ct-study-key-images.dcm")
        let out = folder.appendingPathComponent("merged").path
        let log = folder.appendingPathComponent("a.jsonl").path
        let target = try uid("\(study)/cd/DICOM/PAT00001/STU00001/SER00001/IMG00001", .studyInstanceUID)
        let dry = try dicomfix(["merge", study, "--into", target, "--output", out, "--reason", "r", "--audit-log", log, "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stdout + dry.stderr)
        XCTAssertTrue(dry.stdout.contains("StudyInstanceUID"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains(target), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("CurrentRequestedProcedureEvidenceSequence"), dry.stdout)
        XCTAssertTrue(dry.stderr.contains("dry run"), dry.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
    }
}
