import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix package` as a user runs it: media images read back by bsdtar, xorriso, dciodvfy,
/// dcmdump and pydicom.
final class PackageCommandTests: XCTestCase {
    func test_help_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: PackageCommand.self, columns: 100), named: "package-help.txt")
    }

    /// Every regular file under `folder`, relative, sorted.
    func listing(_ folder: URL) throws -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        var names: [String] = []
        while let name = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// The paths of a listing (one a line, quoted or not) that no other path is below: the files.
    func leaves(_ listing: String) -> [String] {
        let paths = listing.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'/.")) }.filter { !$0.isEmpty }
        return paths.filter { path in !paths.contains { $0.hasPrefix(path + "/") } }.sorted()
    }

    let ctStudy = Repository.samples.appendingPathComponent("ct-study")
    let expectedMembers = [
        "DICOM/PAT00001/STU00001/SER00001/IMG00001", "DICOM/PAT00001/STU00001/SER00001/IMG00002", "DICOM/PAT00001/STU00001/SER00001/IMG00003",
        "DICOM/PAT00001/STU00001/SER00002/IMG00001", "DICOM/PAT00001/STU00001/SER00002/IMG00002", "DICOMDIR", "INDEX.HTM", "README.TXT",
    ]

    func test_iso_listsAndExtractsWithBsdtarAndXorriso_byteIdentical_andDICOMDIRPassesDciodvfy() throws {
        try requireTool("bsdtar")
        try requireTool("xorriso")
        let folder = try temporaryDirectory(self)
        let iso = folder.appendingPathComponent("patient.iso")
        let result = try dicomfix(["package", ctStudy.path, "--output", iso.path, "--label", "DOE_2024", "--operator", "Support Desk"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("wrote iso: 8 members"), result.stdout)

        let listed = runTool(["bsdtar", "-tf", iso.path])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(leaves(listed.stdout), expectedMembers)
        let found = runTool(["xorriso", "-indev", iso.path, "-find", "/"])
        XCTAssertEqual(found.status, 0, found.stderr)
        XCTAssertEqual(leaves(found.stdout), expectedMembers)
        let toc = runTool(["xorriso", "-indev", iso.path, "-toc"])
        XCTAssertTrue(toc.output.contains("Volume id    : 'DOE_2024'"), toc.output)
        XCTAssertTrue(toc.output.contains("ISO offers   : Only_ECMA_119"), toc.output)

        let bsdtarTree = folder.appendingPathComponent("bsdtar")
        try FileManager.default.createDirectory(at: bsdtarTree, withIntermediateDirectories: true)
        XCTAssertEqual(runTool(["bsdtar", "-xf", iso.path, "-C", bsdtarTree.path]).status, 0)
        let xorrisoTree = folder.appendingPathComponent("xorriso")
        XCTAssertEqual(runTool(["xorriso", "-osirrox", "on", "-indev", iso.path, "-extract", "/", xorrisoTree.path]).status, 0)
        XCTAssertEqual(try listing(bsdtarTree), expectedMembers)
        XCTAssertEqual(try listing(xorrisoTree), expectedMembers)
        let sources = ["series-1/image-1.dcm", "series-1/image-2.dcm", "series-1/image-3.dcm", "series-2/image-1.dcm", "series-2/image-2.dcm"]
        for (source, member) in zip(sources, expectedMembers) {
            let original = FileManager.default.contents(atPath: ctStudy.appendingPathComponent(source).path)
            XCTAssertEqual(FileManager.default.contents(atPath: bsdtarTree.appendingPathComponent(member).path), original, member)
            XCTAssertEqual(FileManager.default.contents(atPath: xorrisoTree.appendingPathComponent(member).path), original, member)
        }

        let readme = try String(contentsOf: bsdtarTree.appendingPathComponent("README.TXT"), encoding: .utf8)
        XCTAssertTrue(readme.contains("Patient DOE, JANE  ID DCMFIX-0001"), readme)
        XCTAssertTrue(readme.contains("Study 2024-01-15  \"CT CHEST WITHOUT CONTRAST\"  CT  2 series, 5 instances"), readme)
        XCTAssertTrue(readme.contains("Prepared by Support Desk with dicomfix"), readme)
        XCTAssertTrue(readme.contains("\r\n"), "README.TXT has CR LF line ends")
        let index = try String(contentsOf: bsdtarTree.appendingPathComponent("INDEX.HTM"), encoding: .utf8)
        XCTAssertTrue(index.contains("<td>CT CHEST WITHOUT CONTRAST</td>"), index)
        XCTAssertTrue(index.contains("Patient DOE, JANE, ID DCMFIX-0001"), index)

        if runTool(["which", "dciodvfy"]).status == 0 {
            let check = runTool(["dciodvfy", bsdtarTree.appendingPathComponent("DICOMDIR").path])
            XCTAssertTrue(check.output.split(separator: "\n").filter { $0.hasPrefix("Error") }.isEmpty, check.output)
            XCTAssertTrue(check.output.contains("BasicDirectory"), check.output)
        } else {
            print("SKIP (part): dciodvfy is not on PATH")
        }
        let checked = try dicomfix(["dicomdir", "check", bsdtarTree.path])
        XCTAssertEqual(checked.status, 0, checked.stdout)
    }

    func test_isoDICOMDIR_isListedByDcmdump_andLoadsInPydicomsFileSet() throws {
        try requireTool("dcmdump")
        try requireTool("bsdtar")
        _ = try PydicomData.requireRoot()
        let folder = try temporaryDirectory(self)
        let iso = folder.appendingPathComponent("cd.iso")
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", iso.path, "--label", "CT_CD"]).status, 0)
        let tree = folder.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        XCTAssertEqual(runTool(["bsdtar", "-xf", iso.path, "-C", tree.path]).status, 0)
        let dump = runTool(["dcmdump", tree.appendingPathComponent("DICOMDIR").path])
        XCTAssertEqual(dump.status, 0, dump.output)
        XCTAssertEqual(dump.stdout.components(separatedBy: "DirectoryRecordType").count - 1, 9)
        let output = loadInPydicomFileSet(tree.appendingPathComponent("DICOMDIR"))
        XCTAssertEqual(output.status, 0, output.output)
        XCTAssertEqual(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "5 CT_CD")
    }

    func test_zipAndTar_roundTrip_andReadAsInputsGiveTheSameAsTheExtractedFolder() throws {
        try requireTool("bsdtar")
        let folder = try temporaryDirectory(self)
        for name in ["media.iso", "media.zip", "media.tar", "media.tar.gz"] {
            let archive = folder.appendingPathComponent(name)
            let made = try dicomfix(["package", ctStudy.path, Repository.samples.appendingPathComponent("character-set").path, "--output", archive.path])
            XCTAssertEqual(made.status, 0, made.stdout + made.stderr)
            let tree = folder.appendingPathComponent(name + ".d")
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            XCTAssertEqual(runTool(["bsdtar", "-xf", archive.path, "-C", tree.path]).status, 0)
            XCTAssertEqual(try listing(tree).count, 10, name)

            // The archive and the folder it extracts to read alike, paths aside.
            for command in [["dump"], ["validate"], ["inspect"], ["validate", "--format", "json"], ["inspect", "--format", "json"], ["dicomdir", "dump"]] {
                let inArchive = try dicomfix(command + [archive.path])
                let inFolder = try dicomfix(command + [tree.path])
                XCTAssertEqual(inArchive.status, inFolder.status, "\(command) \(name)")
                XCTAssertEqual(
                    inArchive.stdout.replacingOccurrences(of: archive.path + "!", with: "ROOT").replacingOccurrences(of: archive.path, with: "ROOT"),
                    inFolder.stdout.replacingOccurrences(of: tree.path, with: "ROOT"), "\(command) \(name)")
                XCTAssertFalse(inArchive.stdout.contains(".dicomfix-tmp-"), "no staging path is shown: \(inArchive.stdout)")
            }
        }
    }

    func test_transcode_convertsForTheProfile_withoutTouchingTheSources() throws {
        let folder = try temporaryDirectory(self)
        let sources = Repository.samples.appendingPathComponent("transfer-syntax")
        let before = try listing(sources).map { FileManager.default.contents(atPath: sources.appendingPathComponent($0).path) }
        let refused = try dicomfix(["package", sources.path, "--output", folder.appendingPathComponent("ts.iso").path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("[media.profile.transfer-syntax]"), refused.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("ts.iso").path), "nothing is written when refused")

        let iso = folder.appendingPathComponent("ts.iso")
        let made = try dicomfix(["package", sources.path, "--output", iso.path, "--transcode"])
        XCTAssertEqual(made.status, 0, made.stdout)
        try requireTool("bsdtar")
        let tree = folder.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        XCTAssertEqual(runTool(["bsdtar", "-xf", iso.path, "-C", tree.path]).status, 0)
        let members = try listing(tree).filter { $0.hasPrefix("DICOM/") }
        XCTAssertEqual(members.count, 3)
        for member in members {
            let file = try DicomReader.read(path: tree.appendingPathComponent(member).path)
            XCTAssertEqual(file.transferSyntax.uid, TransferSyntax.explicitVRLittleEndian.uid, member)
            XCTAssertEqual(file.meta.string(.transferSyntaxUID), TransferSyntax.explicitVRLittleEndian.uid, member)
        }
        let after = try listing(sources).map { FileManager.default.contents(atPath: sources.appendingPathComponent($0).path) }
        XCTAssertEqual(before, after, "sources are never changed")
        XCTAssertEqual(try dicomfix(["dicomdir", "check", iso.path]).status, 0)
    }

    func test_wrongPatientStudy_isRefused_unlessForced() throws {
        let folder = try temporaryDirectory(self)
        let iso = folder.appendingPathComponent("wp.iso")
        let refused = try dicomfix(["package", Repository.samples.appendingPathComponent("wrong-patient").path, "--output", iso.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("[media.study.two-patients]"), refused.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: iso.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "no partial or temporary file")
        let forced = try dicomfix(["package", Repository.samples.appendingPathComponent("wrong-patient").path, "--output", iso.path, "--force"])
        XCTAssertEqual(forced.status, 1, "written, with warnings")
        XCTAssertTrue(FileManager.default.fileExists(atPath: iso.path))
    }

    func test_includeFolder_isOnTheMedium_andNonLevel1NamesAreWarnedAbout() throws {
        let folder = try temporaryDirectory(self)
        let viewer = folder.appendingPathComponent("VIEWER")
        try FileManager.default.createDirectory(at: viewer, withIntermediateDirectories: true)
        try Data("run me".utf8).write(to: viewer.appendingPathComponent("RUN.EXE"))
        let iso = folder.appendingPathComponent("cd.iso")
        let made = try dicomfix(["package", ctStudy.path, "--output", iso.path, "--include", viewer.path])
        XCTAssertEqual(made.status, 0, made.stdout)
        let dump = try dicomfix(["inspect", iso.path])
        XCTAssertTrue(dump.stdout.contains("\(iso.path)!/VIEWER/RUN.EXE"), dump.stdout)

        try Data("x".utf8).write(to: viewer.appendingPathComponent("LongName.dll"))
        let warned = try dicomfix(["package", ctStudy.path, "--output", folder.appendingPathComponent("cd2.iso").path, "--include", viewer.path])
        XCTAssertEqual(warned.status, 0, "a warning does not fail")
        XCTAssertTrue(warned.stdout.contains("[package.name.not-iso9660]"), warned.stdout)
        let joliet = try dicomfix(["package", ctStudy.path, "--output", folder.appendingPathComponent("cd3.iso").path, "--include", viewer.path, "--joliet", "--rock-ridge"])
        XCTAssertFalse(joliet.stdout.contains("[package.name.not-iso9660]"), joliet.stdout)
    }

    func test_archiveOverItsOwnInput_isRefused() throws {
        let folder = try temporaryDirectory(self)
        let zip = folder.appendingPathComponent("media.zip")
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", zip.path]).status, 0)
        let before = FileManager.default.contents(atPath: zip.path)
        let again = try dicomfix(["package", zip.path, "--output", zip.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stdout.contains("[package.output.is-input]"), again.stdout)
        XCTAssertEqual(FileManager.default.contents(atPath: zip.path), before)
        // Repackaging an archive as another format works.
        XCTAssertEqual(try dicomfix(["package", zip.path, "--output", folder.appendingPathComponent("media.iso").path]).status, 0)
    }

    func test_usageErrors() throws {
        let folder = try temporaryDirectory(self)
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", folder.appendingPathComponent("x.rar").path]).status, 64)
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", folder.appendingPathComponent("x.iso").path, "--label", "lower"]).status, 64)
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", folder.appendingPathComponent("x.zip").path, "--joliet"]).status, 64)
        XCTAssertEqual(try dicomfix(["package", folder.appendingPathComponent("none").path, "--output", folder.appendingPathComponent("x.zip").path]).status, 2)
    }
}
