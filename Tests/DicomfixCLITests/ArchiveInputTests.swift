import DICOM
import Foundation
import XCTest

/// Commands reading zip, tar and ISO archives in place of folders: members named
/// `archive!/member`, hostile entries refused, limits honoured, archives never changed.
final class ArchiveInputTests: XCTestCase {
    let ctStudy = Repository.samples.appendingPathComponent("ct-study")

    /// A zip of the CT study (made by `dicomfix package`).
    func makeZip(_ folder: URL, _ name: String = "study.zip") throws -> URL {
        let zip = folder.appendingPathComponent(name)
        let made = try dicomfix(["package", ctStudy.path, "--output", zip.path])
        XCTAssertEqual(made.status, 0, made.stdout)
        return zip
    }

    func test_hostileArchives_areRefusedCleanly_withAWarningPerEntry() throws {
        try requireTool("python3")
        let folder = try temporaryDirectory(self)
        let sample = ctStudy.appendingPathComponent("series-1/image-1.dcm").path
        let script = """
            import zipfile, tarfile, io, sys, os
            os.chdir(sys.argv[1]); src = open(sys.argv[2], 'rb').read()
            with zipfile.ZipFile('traversal.zip', 'w') as z:
                z.writestr('../../escaped.dcm', src); z.writestr('/etc/absolute.dcm', src); z.writestr('DICOM/IMG1', src)
            with tarfile.open('links.tar', 'w') as t:
                i = tarfile.TarInfo('DICOM/LINK'); i.type = tarfile.SYMTYPE; i.linkname = '/etc/passwd'; t.addfile(i)
                i = tarfile.TarInfo('DICOM/DEV'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
                i = tarfile.TarInfo('DICOM/IMG1'); i.size = len(src); t.addfile(i, io.BytesIO(src))
            with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('DICOM/IMG1', src)
                with z.open('DICOM/ZEROS', 'w') as f:
                    for _ in range(100): f.write(bytes(1 << 20))
            """
        XCTAssertEqual(runTool(["python3", "-c", script, folder.path, sample]).status, 0)

        let traversal = try dicomfix(["validate", folder.appendingPathComponent("traversal.zip").path, "--format", "json"])
        XCTAssertEqual(traversal.status, 0, "refused entries are warnings: \(traversal.stdout)")
        XCTAssertTrue(traversal.stdout.contains("traversal.zip!/../../escaped.dcm"), traversal.stdout)
        XCTAssertTrue(traversal.stdout.contains("a path with '..': refused"), traversal.stdout)
        XCTAssertTrue(traversal.stdout.contains("an absolute path: refused"), traversal.stdout)
        XCTAssertTrue(traversal.stdout.contains("traversal.zip!/DICOM/IMG1"), traversal.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("escaped.dcm").path))

        let links = try dicomfix(["inspect", folder.appendingPathComponent("links.tar").path])
        XCTAssertTrue(links.stdout.contains("links.tar!/DICOM/LINK"), links.stdout)
        XCTAssertTrue(links.stdout.contains("a symbolic link: refused, not followed"), links.stdout)
        XCTAssertTrue(links.stdout.contains("a device file: refused"), links.stdout)
        XCTAssertTrue(links.stdout.contains("1 DICOM instance(s)"), links.stdout)

        // The default ratio limit stops the bomb after 64 MiB; a lower total limit sooner.
        let bomb = try dicomfix(["dump", folder.appendingPathComponent("bomb.zip").path])
        XCTAssertEqual(bomb.status, 1)
        XCTAssertTrue(bomb.stderr.contains("DICOMFIX_ARCHIVE_MAX_RATIO"), bomb.stderr)
        let limited = try dicomfixWithEnvironment(["DICOMFIX_ARCHIVE_MAX_BYTES": "1M"], ["validate", folder.appendingPathComponent("bomb.zip").path])
        XCTAssertEqual(limited.status, 1)
        XCTAssertTrue(limited.stdout.contains("DICOMFIX_ARCHIVE_MAX_BYTES"), limited.stdout)
        let bad = try dicomfixWithEnvironment(["DICOMFIX_ARCHIVE_MAX_RATIO": "many"], ["validate", folder.appendingPathComponent("bomb.zip").path])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix(".dicomfix-tmp-archive-") }.allSatisfy {
            // Only folders of live processes (other tests running) may remain.
            guard let pid = Int32($0.dropFirst(".dicomfix-tmp-archive-".count).prefix { $0 != "-" }) else { return false }
            return kill(pid, 0) == 0
        }, "staging folders are removed when a command ends")
    }

    func test_anonymize_fromAZip_mirrorsTheMembers_andLeavesTheZipAsItWas() throws {
        let folder = try temporaryDirectory(self)
        let zip = try makeZip(folder)
        let before = FileManager.default.contents(atPath: zip.path)
        let key = folder.appendingPathComponent("k.key").path
        XCTAssertEqual(try dicomfix(["anonymize", "--new-key", key]).status, 0)
        let out = folder.appendingPathComponent("anon")
        let result = try dicomfix(["anonymize", zip.path, "--output", out.path, "--key-file", key, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("\"path\" : \"\(zip.path)!/DICOM/PAT00001/STU00001/SER00001/IMG00001\""), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00002").path))
        let names = try dicomfix(["dump", "--tag", "PatientName", out.path]).stdout
        XCTAssertFalse(names.contains("DOE"), names)
        XCTAssertEqual(FileManager.default.contents(atPath: zip.path), before)
    }

    func test_correct_fromAnISO_writesToAFolder_butRefusesInPlace() throws {
        let folder = try temporaryDirectory(self)
        let iso = folder.appendingPathComponent("cd.iso")
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", iso.path]).status, 0)
        let before = FileManager.default.contents(atPath: iso.path)
        let log = folder.appendingPathComponent("audit.jsonl").path
        let inPlace = try dicomfix(["correct", iso.path, "--in-place", "--reason", "t", "--audit-log", log, "--patient-name", "ROE^JANE"])
        XCTAssertEqual(inPlace.status, 2, inPlace.stderr)
        XCTAssertTrue(inPlace.stderr.contains("cannot be changed in place"), inPlace.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: iso.path), before)

        let out = folder.appendingPathComponent("fixed")
        let corrected = try dicomfix(["correct", iso.path, "--output", out.path, "--reason", "t", "--audit-log", log, "--patient-name", "ROE^JANE"])
        XCTAssertEqual(corrected.status, 0, corrected.stdout + corrected.stderr)
        XCTAssertTrue(corrected.stdout.contains("\(iso.path)!/DICOM/PAT00001"), corrected.stdout)
        let names = try dicomfix(["dump", "--tag", "PatientName", out.appendingPathComponent("DICOM").path]).stdout
        XCTAssertEqual(names.components(separatedBy: "ROE^JANE").count - 1, 5, names)
        XCTAssertEqual(FileManager.default.contents(atPath: iso.path), before)
    }

    func test_send_fromAnISO_storesEveryInstance_inStorescp() throws {
        let folder = try temporaryDirectory(self)
        let iso = folder.appendingPathComponent("cd.iso")
        XCTAssertEqual(try dicomfix(["package", ctStudy.path, "--output", iso.path]).status, 0)
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received)
        let result = try dicomfix(["send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "STORESCP", iso.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("\(iso.path)!/DICOM/PAT00001/STU00001/SER00001/IMG00001"), result.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: received.path).count, 5)
    }

    func test_dicomdirCheck_onAnISO_findsLowerCaseNamesAndReportsMissingFiles() throws {
        try requireTool("python3")
        let folder = try temporaryDirectory(self)
        let zip = try makeZip(folder)
        // The same medium as a zip whose names are lower case and one file is missing.
        let script = """
            import zipfile, sys
            src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], 'w')
            for info in src.infolist():
                if info.filename.endswith('SER00002/IMG00002') or info.filename.endswith('/'): continue
                name = info.filename if info.filename == 'DICOMDIR' else info.filename.lower()
                out.writestr(name, src.read(info.filename))
            out.close()
            """
        let lower = folder.appendingPathComponent("lower.zip")
        XCTAssertEqual(runTool(["python3", "-c", script, zip.path, lower.path]).status, 0)
        let check = try dicomfix(["dicomdir", "check", lower.path])
        XCTAssertEqual(check.status, 1, check.stdout)
        XCTAssertTrue(check.stdout.contains("\(lower.path)!/dicom/pat00001/stu00001/ser00001/img00001"), check.stdout)
        XCTAssertTrue(check.stdout.contains("references DICOM/PAT00001/STU00001/SER00002/IMG00002, which does not exist"), check.stdout)
        let listed = try dicomfix(["dicomdir", "dump", lower.path])
        XCTAssertTrue(listed.stdout.hasPrefix("DICOMDIR \(lower.path)!/DICOMDIR"), listed.stdout)
    }
}

/// Runs dicomfix with `environment` added to this process's.
func dicomfixWithEnvironment(_ environment: [String: String], _ arguments: [String]) throws -> CommandResult {
    let binary = try dicomfixBinary()
    let output = runTool(["env"] + environment.map { "\($0.key)=\($0.value)" } + [binary.path] + arguments)
    return CommandResult(status: output.status, stdout: output.stdout, stderr: output.stderr)
}
