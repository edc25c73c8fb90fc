import DICOM
import Foundation
import XCTest

@testable import DICOMMedia
import DICOMTestSupport

/// Reading archives as inputs: members unpacked into a private folder, unsafe entries refused,
/// unpacking bounded. Hostile archives are made by Python's zipfile and tarfile, which write
/// what libarchive (rightly) will not.
final class ArchiveStagingTests: XCTestCase {
    /// Runs a Python script in `folder` that writes archives, or skips without python3.
    func makeArchives(in folder: URL, _ script: String) throws {
        try requireTool("python3")
        let sample = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path
        let prelude = "import zipfile, tarfile, io, os\nos.chdir(\(pythonString(folder.path)))\nsrc = open(\(pythonString(sample)), 'rb').read()\n"
        let result = runTool(["python3", "-c", prelude + script])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    private func pythonString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'" }

    func test_zipWithTraversalAndAbsoluteNames_refusesThem_andWritesNothingOutside() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with zipfile.ZipFile('evil.zip', 'w') as z:
                z.writestr('../escape.dcm', src)
                z.writestr('/tmp/absolute.dcm', src)
                z.writestr('a/../../b.dcm', src)
                z.writestr('..\\\\windows.dcm', src)
                z.writestr('./ok/good.dcm', src)
            """)
        let staging = try ArchiveStaging()
        let contents = staging.unpack(folder.appendingPathComponent("evil.zip").path)
        XCTAssertNil(contents.error)
        XCTAssertEqual(contents.members.map(\.name), ["ok/good.dcm"])
        // libarchive reads the backslash of a zip name as a separator.
        XCTAssertEqual(Set(contents.refused.map(\.name)), ["../escape.dcm", "/tmp/absolute.dcm", "a/../../b.dcm", "../windows.dcm"])
        XCTAssertTrue(contents.refused.allSatisfy { $0.reason.contains("refused") })
        let staged = try XCTUnwrap(contents.members.first).stagedPath
        XCTAssertTrue(staged.hasPrefix(staging.root + "/"))
        XCTAssertEqual(FileManager.default.contents(atPath: staged), FileManager.default.contents(atPath: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.dcm").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: (staging.root as NSString).deletingLastPathComponent + "/escape.dcm"))
    }

    func test_tarWithLinksDevicesAndPipes_refusesThem_neverFollowing() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with tarfile.open('evil.tar', 'w') as t:
                i = tarfile.TarInfo('link.dcm'); i.type = tarfile.SYMTYPE; i.linkname = '/etc/passwd'; t.addfile(i)
                i = tarfile.TarInfo('hard.dcm'); i.type = tarfile.LNKTYPE; i.linkname = 'good.dcm'; t.addfile(i)
                i = tarfile.TarInfo('null'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
                i = tarfile.TarInfo('disk'); i.type = tarfile.BLKTYPE; i.devmajor = 8; i.devminor = 0; t.addfile(i)
                i = tarfile.TarInfo('pipe'); i.type = tarfile.FIFOTYPE; t.addfile(i)
                i = tarfile.TarInfo('good.dcm'); i.size = len(src); t.addfile(i, io.BytesIO(src))
                i = tarfile.TarInfo('GOOD.DCM'); i.size = len(src); t.addfile(i, io.BytesIO(src))
            """)
        let staging = try ArchiveStaging()
        let contents = staging.unpack(folder.appendingPathComponent("evil.tar").path)
        XCTAssertNil(contents.error)
        XCTAssertEqual(contents.members.map(\.name), ["good.dcm"])
        let reasons = Dictionary(uniqueKeysWithValues: contents.refused.map { ($0.name, $0.reason) })
        XCTAssertEqual(reasons["link.dcm"], "a symbolic link: refused, not followed")
        XCTAssertEqual(reasons["hard.dcm"], "a hard link: refused, not followed")
        XCTAssertEqual(reasons["null"], "a device file: refused")
        XCTAssertEqual(reasons["disk"], "a device file: refused")
        XCTAssertEqual(reasons["pipe"], "a named pipe: refused")
        XCTAssertTrue(reasons["GOOD.DCM"]?.contains("second member") ?? false, "\(reasons)")
        let names = try FileManager.default.subpathsOfDirectory(atPath: contents.stagedRoot)
        XCTAssertEqual(names, ["good.dcm"])
    }

    func test_compressionBomb_isStoppedByTheRatioLimit_keepingNothing() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('first.dcm', src)
                with z.open('zeros.dcm', 'w') as f:
                    for _ in range(40): f.write(bytes(1 << 20))
            """)
        let staging = try ArchiveStaging()
        let limits = ArchiveLimits(maximumBytes: 1 << 40, maximumRatio: 50, ratioGrace: 4 << 20)
        let contents = staging.unpack(folder.appendingPathComponent("bomb.zip").path, limits: limits)
        XCTAssertTrue(contents.error?.contains("DICOMFIX_ARCHIVE_MAX_RATIO") ?? false, contents.error ?? "no error")
        XCTAssertEqual(contents.members.count, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: contents.stagedRoot))
    }

    func test_totalSizeLimit_stopsUnpacking() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with tarfile.open('big.tar.gz', 'w:gz') as t:
                for n in range(3):
                    data = os.urandom(1 << 20)
                    i = tarfile.TarInfo('part%d.bin' % n); i.size = len(data); t.addfile(i, io.BytesIO(data))
            """)
        let staging = try ArchiveStaging()
        let contents = staging.unpack(folder.appendingPathComponent("big.tar.gz").path, limits: ArchiveLimits(maximumBytes: 2 << 20))
        XCTAssertTrue(contents.error?.contains("DICOMFIX_ARCHIVE_MAX_BYTES") ?? false, contents.error ?? "no error")
        XCTAssertTrue(contents.members.isEmpty)
        let unlimited = staging.unpack(folder.appendingPathComponent("big.tar.gz").path)
        XCTAssertNil(unlimited.error)
        XCTAssertEqual(unlimited.members.map(\.size), [1 << 20, 1 << 20, 1 << 20])
    }

    func test_memberCountLimit_stopsReading() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with zipfile.ZipFile('many.zip', 'w') as z:
                for n in range(20): z.writestr('f%02d' % n, b'x')
            """)
        let contents = try ArchiveStaging().unpack(folder.appendingPathComponent("many.zip").path, limits: ArchiveLimits(maximumMembers: 5))
        XCTAssertEqual(contents.members.count, 5)
        XCTAssertTrue(contents.error?.contains("DICOMFIX_ARCHIVE_MAX_MEMBERS") ?? false)
    }

    func test_notAnArchive_andTruncatedArchive_areErrors_keepingWhatWasRead() throws {
        let folder = try temporaryDirectory(self)
        let fake = folder.appendingPathComponent("fake.zip")
        try Data("this is not a zip file at all".utf8).write(to: fake)
        let staging = try ArchiveStaging()
        XCTAssertNotNil(staging.unpack(fake.path).error)

        try makeArchives(in: folder, """
            with tarfile.open('whole.tar', 'w') as t:
                for n in range(3):
                    i = tarfile.TarInfo('m%d.dcm' % n); i.size = len(src); t.addfile(i, io.BytesIO(src))
            data = open('whole.tar', 'rb').read()
            open('cut.tar', 'wb').write(data[:512 + len(src) + 512 + 700])
            """)
        let cut = staging.unpack(folder.appendingPathComponent("cut.tar").path)
        XCTAssertNotNil(cut.error)
        XCTAssertEqual(cut.members.map(\.name), ["m0.dcm"])
    }

    func test_stagingFolder_isPrivate_andRemovedWhenReleased_andAbandonedOnesAreCleanedUp() throws {
        var staging: ArchiveStaging? = try ArchiveStaging()
        let root = try XCTUnwrap(staging?.root)
        var info = stat()
        XCTAssertEqual(stat(root, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        staging = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: root))

        // A folder left by a process that no longer exists (a run killed with -9).
        let parent = (root as NSString).deletingLastPathComponent
        let abandoned = (parent as NSString).appendingPathComponent("\(ArchiveStaging.prefix)999999999-abcdef")
        try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: true)
        let live = (parent as NSString).appendingPathComponent("\(ArchiveStaging.prefix)\(getpid())-keepme")
        try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: live) }
        _ = try ArchiveStaging()
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a folder of a running process is kept")
    }

    func test_limits_fromEnvironment() throws {
        let limits = try ArchiveLimits.from(environment: [
            "DICOMFIX_ARCHIVE_MAX_BYTES": "10G", "DICOMFIX_ARCHIVE_MAX_RATIO": "30", "DICOMFIX_ARCHIVE_MAX_MEMBERS": "100",
        ]).get()
        XCTAssertEqual(limits.maximumBytes, 10 << 30)
        XCTAssertEqual(limits.maximumRatio, 30)
        XCTAssertEqual(limits.maximumMembers, 100)
        XCTAssertEqual(try ArchiveLimits.from(environment: [:]).get(), .standard)
        XCTAssertEqual(ArchiveLimits.parseSize("512K"), 512 << 10)
        XCTAssertEqual(ArchiveLimits.parseSize("64MB"), 64 << 20)
        XCTAssertNil(ArchiveLimits.parseSize("9999999999999T"), "overflow is refused")
        for bad in ["lots", "-5", "0"] {
            XCTAssertThrowsError(try ArchiveLimits.from(environment: ["DICOMFIX_ARCHIVE_MAX_BYTES": bad]).get())
        }
        XCTAssertThrowsError(try ArchiveLimits.from(environment: ["DICOMFIX_ARCHIVE_MAX_RATIO": "x"]).get())
    }

    func test_inputCollector_readsArchivesLikeFolders_andNamesMembersWithTheArchive() throws {
        let folder = try temporaryDirectory(self)
        try makeArchives(in: folder, """
            with zipfile.ZipFile('cd.zip', 'w') as z:
                z.writestr('DICOM/B.dcm', src)
                z.writestr('DICOM/A.dcm', src)
                z.writestr('../bad.dcm', src)
            """)
        let zip = folder.appendingPathComponent("cd.zip").path
        let collected = InputCollector.collect([zip])
        XCTAssertEqual(collected.files.map(\.relativePath), ["DICOM/A.dcm", "DICOM/B.dcm"])
        XCTAssertEqual(collected.files.map { collected.display($0.path) }, ["\(zip)!/DICOM/A.dcm", "\(zip)!/DICOM/B.dcm"])
        XCTAssertTrue(collected.files.allSatisfy { $0.archive == zip })
        XCTAssertEqual(collected.refused.map(\.path), ["\(zip)!/../bad.dcm"])
        XCTAssertEqual(collected.display("cannot read \(collected.files[0].path) at offset 4"), "cannot read \(zip)!/DICOM/A.dcm at offset 4")
    }
}
