import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// What the split and merge tests share: copies of the Samples, fixtures made with `dicomfix
/// edit`, and readers of the references a file holds.
class SplitMergeTestCase: XCTestCase {
    /// Where an instance is: study, series and SOP Instance UID.
    struct Place: Hashable, CustomStringConvertible {
        var study: String
        var series: String
        var instance: String
        var description: String { "\(study) / \(series) / \(instance)" }
    }

    /// A temporary folder holding a copy of the Samples folders `folders` and the key-object
    /// document `keyObject` under `study/`.
    func studyFolder(_ folders: [String], keyObject: String?) throws -> (folder: URL, study: String) {
        let folder = try temporaryDirectory(self)
        let study = folder.appendingPathComponent("study")
        try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
        for name in folders {
            try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent(name), to: study.appendingPathComponent(name))
        }
        if let keyObject {
            try FileManager.default.copyItem(
                at: Repository.samples.appendingPathComponent("key-objects/\(keyObject)"),
                to: study.appendingPathComponent(keyObject))
        }
        return (folder, study.path)
    }

    func dataSet(_ path: String) throws -> DataSet { try DicomReader.read(path: path).dataSet }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Every regular file under `folder`, sorted.
    func files(in folder: String) -> [String] {
        ChangeFixtures.files(in: folder)
    }

    /// The place of every file under `folder`.
    func places(in folder: String) throws -> [String: Place] {
        var result: [String: Place] = [:]
        for path in files(in: folder) {
            let data = try dataSet(path)
            result[path] = Place(
                study: data.string(.studyInstanceUID) ?? "", series: data.string(.seriesInstanceUID) ?? "",
                instance: data.string(.sopInstanceUID) ?? "")
        }
        return result
    }

    /// The instances a key-object document's evidence names (study, series, instance), and the
    /// instances its IMAGE content items name.
    func references(of path: String) throws -> (evidence: [Place], content: [String]) {
        let document = try dataSet(path)
        var evidence: [Place] = []
        for studyItem in document[.currentRequestedProcedureEvidenceSequence]?.items ?? [] {
            let study = studyItem.dataSet.string(.studyInstanceUID) ?? ""
            for seriesItem in studyItem.dataSet[.referencedSeriesSequence]?.items ?? [] {
                let series = seriesItem.dataSet.string(.seriesInstanceUID) ?? ""
                for instanceItem in seriesItem.dataSet[.referencedSOPSequence]?.items ?? [] {
                    evidence.append(Place(study: study, series: series, instance: instanceItem.dataSet.string(.referencedSOPInstanceUID) ?? ""))
                }
            }
        }
        let content = (document[.contentSequence]?.items ?? []).flatMap { item in
            (item.dataSet[.referencedSOPSequence]?.items ?? []).compactMap { $0.dataSet.string(.referencedSOPInstanceUID) }
        }
        return (evidence, content)
    }

    /// Fails unless every reference of the key-object document at `path` names an instance
    /// under `folder` where it really is.
    func assertReferencesResolve(_ path: String, in folder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let present = Set(try places(in: folder).values)
        let (evidence, content) = try references(of: path)
        XCTAssertFalse(evidence.isEmpty, "no evidence in \(path)", file: file, line: line)
        for place in evidence {
            XCTAssertTrue(present.contains(place), "evidence \(place) does not resolve", file: file, line: line)
        }
        let instances = Set(present.map(\.instance))
        for instance in content {
            XCTAssertTrue(instances.contains(instance), "content item reference \(instance) does not resolve", file: file, line: line)
        }
        // Each study is listed once, and each series once within its study.
        let document = try dataSet(path)
        let studies = (document[.currentRequestedProcedureEvidenceSequence]?.items ?? []).map { $0.dataSet.string(.studyInstanceUID) ?? "" }
        XCTAssertEqual(studies.count, Set(studies).count, "a study listed twice: \(studies)", file: file, line: line)
    }

    func uid(_ path: String, _ tag: Tag) throws -> String { try XCTUnwrap(try dataSet(path).string(tag)) }

    /// Writes at `path` a presentation-state-like file (GSPS SOP class, a top-level Referenced
    /// Series Sequence without study UIDs) made from `source`, referring to each of `images`
    /// once, under its own series (PS3.3 C.11.11).
    func presentationState(from source: String, to path: String, images: [String], log: String, number: Int = 1) throws {
        try referencingFile(
            from: source, to: path, images: images, instanceSequence: "ReferencedImageSequence", log: log,
            set: ["SOPClassUID=1.2.840.10008.5.1.4.1.1.11.1", "SOPInstanceUID=2.25.77\(number)", "SeriesInstanceUID=2.25.78\(number)", "Modality=PR"])
        XCTAssertEqual(try ownStudyReferences(of: path), try images.map { Place(study: "", series: try uid($0, .seriesInstanceUID), instance: try uid($0, .sopInstanceUID)) })
    }

    /// Writes at `path` a copy of `source` without pixels whose top-level Referenced Series
    /// Sequence names the series of `images` (without study UIDs: its own study) and, in
    /// `instanceSequence` of each series item, the images; `set` are further `edit --set`s.
    func referencingFile(from source: String, to path: String, images: [String], instanceSequence: String, log: String, set: [String]) throws {
        var arguments = ["edit", source, "--output", path, "--reason", "fixture", "--audit-log", log, "--delete", "PixelData"]
        arguments += set.flatMap { ["--set", $0] }
        var seriesIndex: [String: Int] = [:]
        var imageCount: [String: Int] = [:]
        for image in images {
            let series = try uid(image, .seriesInstanceUID)
            if seriesIndex[series] == nil {
                seriesIndex[series] = seriesIndex.count
                arguments += ["--set", "ReferencedSeriesSequence[+].SeriesInstanceUID=\(series)"]
            }
            let index = seriesIndex[series] ?? 0
            let item = imageCount[series, default: 0]
            imageCount[series] = item + 1
            let prefix = "ReferencedSeriesSequence[\(index)].\(instanceSequence)[\(item)]"
            arguments += [
                "--set", "\(prefix).ReferencedSOPClassUID=\(try uid(image, .sopClassUID))",
                "--set", "\(prefix).ReferencedSOPInstanceUID=\(try uid(image, .sopInstanceUID))",
            ]
        }
        let result = try dicomfix(arguments)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    /// The instances a top-level Referenced Series Sequence without study UIDs names (study
    /// left empty), in order, from any of its instance sequences.
    func ownStudyReferences(of path: String) throws -> [Place] {
        var places: [Place] = []
        for seriesItem in try dataSet(path)[.referencedSeriesSequence]?.items ?? [] {
            let series = seriesItem.dataSet.string(.seriesInstanceUID) ?? ""
            for tag in [Tag.referencedImageSequence, .referencedInstanceSequence, .referencedSOPSequence] {
                for item in seriesItem.dataSet[tag]?.items ?? [] {
                    places.append(Place(study: "", series: series, instance: item.dataSet.string(.referencedSOPInstanceUID) ?? ""))
                }
            }
        }
        return places
    }

    /// The images an RT Structure Set references by study, series and instance (Referenced
    /// Frame of Reference > RT Referenced Study > RT Referenced Series > Contour Image), and the
    /// instances its contours name.
    func rtReferences(of path: String) throws -> (hierarchy: [Place], contours: [String]) {
        let data = try dataSet(path)
        var hierarchy: [Place] = []
        for frame in data[.referencedFrameOfReferenceSequence]?.items ?? [] {
            for studyItem in frame.dataSet[.rtReferencedStudySequence]?.items ?? [] {
                let study = studyItem.dataSet.string(.referencedSOPInstanceUID) ?? ""
                for seriesItem in studyItem.dataSet[.rtReferencedSeriesSequence]?.items ?? [] {
                    let series = seriesItem.dataSet.string(.seriesInstanceUID) ?? ""
                    for image in seriesItem.dataSet[.contourImageSequence]?.items ?? [] {
                        hierarchy.append(Place(study: study, series: series, instance: image.dataSet.string(.referencedSOPInstanceUID) ?? ""))
                    }
                }
            }
        }
        let contours = (data[.roiContourSequence]?.items ?? []).flatMap { roi in
            (roi.dataSet[.contourSequence]?.items ?? []).flatMap { contour in
                (contour.dataSet[.contourImageSequence]?.items ?? []).compactMap { $0.dataSet.string(.referencedSOPInstanceUID) }
            }
        }
        return (hierarchy, contours)
    }

    /// The study UIDs a Referenced Study Sequence (0008,1110) names.
    func referencedStudies(of path: String) throws -> [String] {
        (try dataSet(path)[.referencedStudySequence]?.items ?? []).compactMap { $0.dataSet.string(.referencedSOPInstanceUID) }
    }

    /// The data set of `path` without its Original Attributes Sequence, encoded: what two runs
    /// of the same change must agree on (the sequence records when each ran).
    func contentWithoutHistory(_ path: String) throws -> [UInt8] {
        var data = try dataSet(path)
        data.remove(.originalAttributesSequence)
        return try DicomWriter.encode(DicomFile(dataSet: data, transferSyntax: .explicitVRLittleEndian))
    }
}
