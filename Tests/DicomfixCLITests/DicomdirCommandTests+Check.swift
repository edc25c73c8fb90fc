import DICOM
import DICOMMedia
import Foundation
import XCTest

/// `dicomfix dicomdir check` on DICOMDIRs with broken offsets (made here by patching the bytes
/// of a good one), and the text of `dicomfix dicomdir dump`.
extension DicomdirCommandTests {
    /// The record items of a DICOMDIR, in file order, and the file itself.
    func recordItems(_ dicomdir: URL) throws -> (file: DicomFile, items: [Item]) {
        let file = try DicomReader.read(path: dicomdir.path)
        return (file, try XCTUnwrap(file.dataSet[.directoryRecordSequence]?.items))
    }

    /// The DICOMDIR with the UL value of `element` (an element read from it) set to `value`.
    func patch(_ dicomdir: URL, _ element: Element?, to value: Int64) throws {
        let element = try XCTUnwrap(element)
        XCTAssertEqual(element.vr, .UL)
        let at = Int(try XCTUnwrap(element.offset)) + 8  // tag, VR and 2-byte length come first
        var bytes = [UInt8](try Data(contentsOf: dicomdir))
        let number = UInt32(truncatingIfNeeded: value)
        for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: number >> (8 * UInt32(index))) }
        try Data(bytes).write(to: dicomdir)
    }

    /// The records of `type`, in file order.
    func items(_ items: [Item], ofType type: String) -> [Item] {
        items.filter { $0.dataSet.string(.directoryRecordType) == type }
    }

    func test_check_danglingOffset_isAnError() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let (_, all) = try recordItems(dicomdir)
        let firstSeries = try XCTUnwrap(items(all, ofType: "SERIES").first)
        let target = try XCTUnwrap(firstSeries.offset) + 2
        try patch(dicomdir, firstSeries.dataSet[.offsetOfTheNextDirectoryRecord], to: target)
        let result = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[dicomdir.offset.dangling]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("is \(target), which is not the start of a directory record"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[dicomdir.record.unreachable]"), "the second series is lost: " + result.stdout)
    }

    func test_check_offsetLoop_isAnError() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let (_, all) = try recordItems(dicomdir)
        let series = items(all, ofType: "SERIES")
        XCTAssertEqual(series.count, 2)
        // The last series points back at the first as its next sibling.
        try patch(dicomdir, series[1].dataSet[.offsetOfTheNextDirectoryRecord], to: try XCTUnwrap(series[0].offset))
        let result = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[dicomdir.offset.loop]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("points back at the record at offset \(series[0].offset ?? -1)"), result.stdout)
    }

    func test_check_wrongLastRootOffset_isAnError() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let (file, all) = try recordItems(dicomdir)
        let study = try XCTUnwrap(items(all, ofType: "STUDY").first)
        let patient = try XCTUnwrap(items(all, ofType: "PATIENT").first)
        try patch(dicomdir, file.dataSet[.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity], to: try XCTUnwrap(study.offset))
        let result = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[dicomdir.offset.last-root]"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("is \(study.offset ?? -1), but the last record of the root is at offset \(patient.offset ?? -1)"), result.stdout)
    }

    func test_check_goodDICOMDIR_afterPatchingBack_isClean() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let (file, _) = try recordItems(dicomdir)
        let last = try XCTUnwrap(file.dataSet.int(.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity))
        try patch(dicomdir, file.dataSet[.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity], to: Int64(last))
        XCTAssertEqual(try dicomfix(["dicomdir", "check", media.path]).status, 0, "the patch helper itself changes nothing else")
    }

    // MARK: dump, as text

    func test_dump_text_showsTheTreeWithDatesDescriptionsModalitiesAndCounts() throws {
        let folder = try copySample("cd")
        try writeDocuments(into: folder.appendingPathComponent("DICOM/DOCS"))
        XCTAssertEqual(try dicomfix(["dicomdir", "build", folder.path, "--fileset-id", "DCMFIX_CD"]).status, 0)
        let result = try dicomfix(["dicomdir", "dump", folder.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let study = "2.25.145033062398241993911377983995543289856.1.6"
        let expected = [
            "DICOMDIR \(folder.path)/DICOMDIR: File-set ID 'DCMFIX_CD', 12 records, 1 patient, 5 instances",
            "PATIENT  DOE^JANE  ID DCMFIX-0001  (2 studies, 4 series, 5 instances)",
            "  STUDY  20230620 110500  \"CT CHEST LOW DOSE\"  ID S6  accession DCMFX00006  UID \(study)  (2 series, 3 instances)",
            "    SERIES  # 1  CT  UID \(study).1  (2 instances)",
            "      IMAGE  # 1  DICOM/PAT00001/STU00001/SER00001/IMG00001  CT Image Storage",
            "      IMAGE  # 2  DICOM/PAT00001/STU00001/SER00001/IMG00002  CT Image Storage",
            "    SERIES  # 2  CT  UID \(study).2  (1 instance)",
            "      IMAGE  # 1  DICOM/PAT00001/STU00001/SER00002/IMG00001  CT Image Storage",
            "  STUDY  20240301 101500  ID S99  accession DCMFX09999  UID 2.25.4711.1  (2 series, 2 instances)",
            "    SERIES  # 90  SR  UID 2.25.4711.1.1  (1 instance)",
            "      SR DOCUMENT  # 1  20240301  DICOM/DOCS/REPORT  Comprehensive SR Storage",
            "    SERIES  # 91  KO  UID 2.25.4711.1.2  (1 instance)",
            "      KEY OBJECT DOC  # 1  20240301  DICOM/DOCS/KEYOBJ  Key Object Selection Document Storage",
        ]
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init), expected, result.stdout)
    }
}
