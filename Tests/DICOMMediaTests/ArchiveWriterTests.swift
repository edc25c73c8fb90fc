import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMMedia

/// Writing ISO 9660, zip and tar files through libarchive, read back by dicomfix and by bsdtar.
final class ArchiveWriterTests: XCTestCase {
    let sample = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path

    func test_everyFormat_roundTripsMembersByteForByte() throws {
        let folder = try temporaryDirectory(self)
        let original = try XCTUnwrap(FileManager.default.contents(atPath: sample))
        for format in ArchiveFormat.allCases {
            let path = folder.appendingPathComponent("media.\(format.rawValue)").path
            try ArchiveWriter.write(to: path, format: format) { writer in
                try writer.addFile("README.TXT", bytes: Array("hello\r\n".utf8))
                try writer.addFile("DICOM/PAT00001/IMG00001", from: sample)
            }
            let staging = try ArchiveStaging()
            let contents = staging.unpack(path)
            XCTAssertNil(contents.error, "\(format)")
            XCTAssertEqual(contents.members.map(\.name), ["DICOM/PAT00001/IMG00001", "README.TXT"], "\(format)")
            XCTAssertEqual(FileManager.default.contents(atPath: contents.members[0].stagedPath), original, "\(format)")
            XCTAssertEqual(FileManager.default.contents(atPath: contents.members[1].stagedPath), Data("hello\r\n".utf8), "\(format)")
        }
    }

    func test_bsdtarListsWhatWeWrote() throws {
        try requireTool("bsdtar")
        let folder = try temporaryDirectory(self)
        for format in ArchiveFormat.allCases {
            let path = folder.appendingPathComponent("media.\(format.rawValue)").path
            try ArchiveWriter.write(to: path, format: format) { writer in try writer.addFile("DICOM/IMG00001", from: sample) }
            let listing = runTool(["bsdtar", "-tf", path])
            XCTAssertEqual(listing.status, 0, listing.stderr)
            XCTAssertTrue(listing.stdout.split(separator: "\n").contains("DICOM/IMG00001"), "\(format): \(listing.stdout)")
        }
    }

    func test_isoImage_isLevel1_withTheVolumeLabel_andNoExtensionsUnlessAsked() throws {
        try requireTool("xorriso")
        let folder = try temporaryDirectory(self)
        let plain = folder.appendingPathComponent("plain.iso").path
        var options = ArchiveWriter.ISOOptions()
        options.volumeID = "PATIENT_CD"
        try ArchiveWriter.write(to: plain, format: .iso, iso: options) { writer in try writer.addFile("DICOM/IMG00001", from: sample) }
        let info = runTool(["xorriso", "-indev", plain, "-pvd_info"])
        XCTAssertTrue(info.output.contains("Volume Id    : PATIENT_CD"), info.output)
        let toc = runTool(["xorriso", "-indev", plain, "-toc"])
        XCTAssertTrue(toc.output.contains("ISO offers   : Only_ECMA_119"), "no Joliet, no Rock Ridge: \(toc.output)")

        options.joliet = true
        options.rockRidge = true
        let extended = folder.appendingPathComponent("extended.iso").path
        try ArchiveWriter.write(to: extended, format: .iso, iso: options) { writer in try writer.addFile("viewer/LongViewerName.exe", bytes: [1, 2, 3]) }
        let extendedTOC = runTool(["xorriso", "-indev", extended, "-toc"])
        XCTAssertTrue(extendedTOC.output.contains("ISO offers   : Rock_Ridge Joliet"), extendedTOC.output)
        let staging = try ArchiveStaging()
        let contents = staging.unpack(extended)
        XCTAssertEqual(contents.members.map(\.name), ["viewer/LongViewerName.exe"], "Rock Ridge keeps the long name")
    }

    func test_failedWrite_leavesNoFile_andKeepsAnOldOne() throws {
        let folder = try temporaryDirectory(self)
        let path = folder.appendingPathComponent("media.zip").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ArchiveWriter.write(to: path, format: .zip) { writer in
            try writer.addFile("DICOM/IMG00001", from: sample)
            try writer.addFile("DICOM/IMG00002", from: folder.appendingPathComponent("missing").path)
        })
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("old".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["media.zip"], "no temporary file is left")
    }

    func test_volumeLabels_areDCharacters() {
        XCTAssertNil(ArchiveWriter.problem(withVolumeID: "SMITH_2024"))
        XCTAssertNotNil(ArchiveWriter.problem(withVolumeID: "smith"))
        XCTAssertNotNil(ArchiveWriter.problem(withVolumeID: ""))
        XCTAssertNotNil(ArchiveWriter.problem(withVolumeID: String(repeating: "A", count: 33)))
    }

    func test_level1Names() {
        XCTAssertTrue(MediaPackager.isLevel1("VIEWER/RUN.EXE"))
        XCTAssertTrue(MediaPackager.isLevel1("DICOM/PAT00001/IMG00001"))
        XCTAssertFalse(MediaPackager.isLevel1("viewer/run.exe"))
        XCTAssertFalse(MediaPackager.isLevel1("VIEWER/LONGNAME1.EXE"))
        XCTAssertFalse(MediaPackager.isLevel1("VIEWER/RUN.EXEC"))
        XCTAssertFalse(MediaPackager.isLevel1("A.B/RUN"))
    }
}
