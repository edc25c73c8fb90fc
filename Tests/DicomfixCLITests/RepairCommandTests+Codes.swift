import DICOM
import Foundation
import XCTest

/// `dicomfix repair` code by code: `--only` with the help's own example, the meta fixes one at a
/// time, findings without a safe fix, and inputs that stay as they were.
extension RepairCommandTests {
    /// The bytes of a file.
    func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    // MARK: --only, one code at a time

    func test_repair_onlyInvalidDate_fixesTheDatesAlone_inputBytesUnchanged() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let original = try bytes(input)
        let before = try validateCodes(input)
        XCTAssertTrue(before.isSuperset(of: ["vr.invalid-date", "vr.invalid-time", "vr.invalid-datetime"]), "\(before.sorted())")
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out, "--only", "vr.invalid-date"])
        XCTAssertEqual(result.status, 1, "other errors remain: " + result.stdout)
        XCTAssertTrue(result.stdout.contains("[vr.invalid-date] (0008,0020) StudyDate: \"2024-01-15\" -> \"20240115\""), result.stdout)
        let output = "\(out)/broken.dcm"
        let fixed = try top(output)
        XCTAssertEqual(fixed.string(.studyDate), "20240115")
        XCTAssertEqual(fixed.string(Tag(0x0008, 0x0012)), "20240115")
        XCTAssertEqual(fixed.string(.studyTime), "09:30:00", "times are another code")
        XCTAssertEqual(fixed.string(.modality), "ct")
        let after = try validateCodes(output)
        XCTAssertFalse(after.contains("vr.invalid-date"), "\(after.sorted())")
        XCTAssertTrue(after.isSuperset(of: ["vr.invalid-time", "vr.invalid-datetime", "vr.invalid-character"]), "\(after.sorted())")
        XCTAssertEqual(try bytes(input), original, "repair --output leaves its input as it was")
    }

    func test_repair_onlyInvalidDateTime_fixesTheISODateTime() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let original = try bytes(input)
        XCTAssertTrue(try validateCodes(input).contains("vr.invalid-datetime"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out, "--only", "vr.invalid-datetime"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[vr.invalid-datetime] (0008,002A)"), result.stdout)
        let fixed = try top("\(out)/broken.dcm")
        XCTAssertEqual(fixed.string(Tag(0x0008, 0x002A)), "20240115093100")
        XCTAssertEqual(fixed.string(.studyDate), "2024-01-15")
        XCTAssertFalse(try validateCodes("\(out)/broken.dcm").contains("vr.invalid-datetime"))
        XCTAssertEqual(try bytes(input), original)
    }

    // MARK: Meta, one defect at a time

    func test_repair_mediaStorageSOPClassMismatch_takesTheDataSetsClass() throws {
        let folder = try temporaryDirectory(self)
        let mrImageStorage = "1.2.840.10008.5.1.4.1.1.4\0"
        let input = try write(
            try spliced(ctImage, replacing: [.mediaStorageSOPClassUID: element(.mediaStorageSOPClassUID, "UI", mrImageStorage)]),
            folder, "in/class.dcm")
        let original = try bytes(input)
        XCTAssertTrue(try validateCodes(input).contains("read.meta.media-storage-mismatch"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[read.meta.media-storage-mismatch]"), result.stdout)
        let output = "\(out)/class.dcm"
        XCTAssertEqual(try validateCodes(output), [])
        let file = try DicomReader.read(path: output)
        XCTAssertEqual(file.meta.string(.mediaStorageSOPClassUID), "1.2.840.10008.5.1.4.1.1.2")
        XCTAssertEqual(file.meta.string(.mediaStorageSOPClassUID), file.dataSet.string(.sopClassUID))
        try assertReadCleanlyByPeers(output)
        XCTAssertEqual(try bytes(input), original)
    }

    func test_repair_metaGroupLengthMissing_isAdded() throws {
        let folder = try temporaryDirectory(self)
        let input = try write(try spliced(ctImage, replacing: [.fileMetaInformationGroupLength: []]), folder, "in/nolength.dcm")
        XCTAssertNil(try DicomReader.read(path: input).meta[.fileMetaInformationGroupLength])
        XCTAssertTrue(try validateCodes(input).contains("read.meta.group-length.missing"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("read.meta.group-length.missing"), result.stdout)
        let output = "\(out)/nolength.dcm"
        XCTAssertEqual(try validateCodes(output), [])
        let file = try DicomReader.read(path: output)
        XCTAssertNotNil(file.meta[.fileMetaInformationGroupLength])
        XCTAssertFalse(file.diagnostics.contains { $0.code.hasPrefix("read.meta.group-length") }, "\(file.diagnostics)")
        try assertReadCleanlyByPeers(output)
        XCTAssertEqual(try rawElements(output)[Tag(0x7FE0, 0x0010)], try rawElements(input)[Tag(0x7FE0, 0x0010)])
    }

    /// An implicit VR file whose writer left out the preamble and `DICM`: its group 0002 is read
    /// as part of a bare data set.
    func test_repair_groupTwoInTheDataSet_movesIntoTheFileMetaInformation() throws {
        let folder = try temporaryDirectory(self)
        let sample = try DicomReader.read(path: Repository.samples.appendingPathComponent("transfer-syntax/implicit-vr-little-endian.dcm").path)
        let sopClass = try XCTUnwrap(sample.dataSet.string(.sopClassUID))
        let sopInstance = try XCTUnwrap(sample.dataSet.string(.sopInstanceUID))
        let part10 = try implicitSampleWithMeta(
            [
                implicitElement(.mediaStorageSOPClassUID, sopClass), implicitElement(.mediaStorageSOPInstanceUID, sopInstance),
                implicitElement(.transferSyntaxUID, "1.2.840.10008.1.2"), implicitElement(Tag(0x0002, 0x0016), "OLDPACS1"),
            ], implicitGroupLength: true)
        let input = try write(Array(part10.dropFirst(132)), folder, "in/bare.dcm")
        let before = try validateCodes(input)
        XCTAssertTrue(before.isSuperset(of: ["meta.element.in-data-set", "read.meta.missing"]), "\(before.sorted())")
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[meta.element.in-data-set]"), result.stdout)
        let output = "\(out)/bare.dcm"
        XCTAssertEqual(try validateCodes(output), [])
        let file = try DicomReader.read(path: output)
        XCTAssertEqual(file.container, .part10)
        XCTAssertFalse(file.dataSet.elements.contains { $0.tag.group == 0x0002 })
        XCTAssertEqual(file.meta.string(Tag(0x0002, 0x0016)), "OLDPACS1", "the source AE title is kept")
        XCTAssertEqual(file.meta.string(.transferSyntaxUID), "1.2.840.10008.1.2")
        try assertReadCleanlyByPeers(output)
    }

    // MARK: No safe fix

    func test_repair_missingTypeOneValue_andStudyWithTwoPatients_areListedNotGuessed_exitOne() throws {
        let folder = try temporaryDirectory(self)
        let input = folder.appendingPathComponent("in")
        try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent("wrong-patient"), to: input)
        let emptyModality = try write(
            try spliced(ctImage, replacing: [.modality: element(.modality, "CS", "")]), input, "empty-modality.dcm")
        XCTAssertTrue(try validateCodes(emptyModality).contains("iod.type1.empty"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", input.path, "--output", out, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        func codes(_ suffix: String) -> [String] {
            let file = files.first { ($0["path"] as? String ?? "").hasSuffix(suffix) }
            return (file?["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        }
        XCTAssertTrue(codes("empty-modality.dcm").contains("iod.type1.empty"), "\(codes("empty-modality.dcm"))")
        XCTAssertTrue(codes("series-2/image-2.dcm").contains("study.patient.inconsistent"), "\(codes("series-2/image-2.dcm"))")
        XCTAssertEqual(try top("\(out)/empty-modality.dcm").string(.modality) ?? "", "", "no modality is made up")
        for name in ["series-1/image-1.dcm", "series-2/image-2.dcm"] {
            XCTAssertEqual(
                try top("\(out)/\(name)").string(.patientName), try top(input.appendingPathComponent(name).path).string(.patientName),
                "repair does not choose a patient")
        }
    }

    // MARK: pydicom's files that cannot be repaired in full

    /// badVR.dcm has a fixable UID with a leading zero and a Media Storage SOP Instance UID that
    /// differs from the data set's, but also Number of Frames `1A`, which no rule can read: it is
    /// repaired in part and the rest is listed. meta_missing_tsyntax.dcm has no Transfer Syntax
    /// UID, no SOP Class or Instance UID anywhere (its Media Storage UIDs are empty) and a data
    /// set of nothing but elements of group 0001, which PS3.5 7.1 forbids and which read neither
    /// as explicit nor as implicit VR: there is no encoding to name and no UID to write, so it is
    /// refused as damaged and not written.
    func test_repair_pydicomFilesWithoutAFullFix_partlyRepairedOrRefused_restListed() throws {
        let folder = try temporaryDirectory(self)
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["badVR.dcm", "meta_missing_tsyntax.dcm"] {
            try FileManager.default.copyItem(at: try PydicomData.file(name), to: input.appendingPathComponent(name))
        }
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", input.path, "--output", out, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        func file(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(files.first { ($0["path"] as? String ?? "").hasSuffix("/" + name) }, name)
        }

        let badVR = try file("badVR.dcm")
        XCTAssertEqual(badVR["status"] as? String, "failed")
        let actions = (badVR["actions"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(actions.contains("[vr.invalid-uid]") && actions.contains("[read.meta.media-storage-mismatch]"), actions)
        let remaining = (badVR["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        XCTAssertTrue(remaining.contains("vr.invalid-character"), "Number of Frames 1A is listed: \(remaining)")
        XCTAssertFalse(remaining.contains("vr.invalid-uid") || remaining.contains("read.meta.media-storage-mismatch"), "\(remaining)")
        let repaired = "\(out)/badVR.dcm"
        XCTAssertEqual(try top(repaired).string(Tag(0x0028, 0x0008)), "1A", "no number is guessed")
        let dump = runTool(["dcmdump", repaired])
        XCTAssertEqual(dump.output.split(separator: "\n").filter { $0.hasPrefix("W: ") || $0.hasPrefix("E: ") }, [], dump.output)

        let noSyntax = try file("meta_missing_tsyntax.dcm")
        XCTAssertEqual(noSyntax["status"] as? String, "failed")
        XCTAssertTrue((noSyntax["error"] as? String ?? "").contains("no safe repair for damaged data (read.vr.invalid"), "\(noSyntax)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/meta_missing_tsyntax.dcm"), "nothing is written")
    }
}
