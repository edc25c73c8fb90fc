import Foundation
import XCTest
import DICOMTestSupport

@testable import DICOM

#if canImport(Glibc)
import Glibc
#endif

/// Temporary files of `AtomicFile`: named after their owner, and the leftovers of killed runs
/// removed by the next write into their folder.
final class AtomicFileTests: XCTestCase {
    func test_temporaryFile_namesItsProcessAndHost() throws {
        let folder = try temporaryDirectory(self)
        var seen: [String] = []
        try AtomicFile.write(to: folder.appendingPathComponent("a.dcm").path) { sink in
            seen = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            try [1, 2, 3].withUnsafeBytes { try sink.write($0) }
        }
        XCTAssertEqual(seen.count, 1)
        XCTAssertTrue(seen.first?.hasPrefix(".dicomfix-tmp-\(getpid())@\(StaleTemporaries.hostName)~a.dcm.") == true, "\(seen)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.dcm"])
    }

    func test_firstWriteIntoAFolder_removesTemporariesOfDeadProcesses_only() throws {
        let folder = try temporaryDirectory(self)
        let host = StaleTemporaries.hostName
        let dead = try deadProcessID()
        let names = [
            "dead": ".dicomfix-tmp-\(dead)@\(host)~a.dcm.Ab12Cd",
            "self": ".dicomfix-tmp-\(getpid())@\(host)~b.dcm.Ab12Cd",
            "parent": ".dicomfix-tmp-\(getppid())@\(host)~c.dcm.Ab12Cd",
            "other-host": ".dicomfix-tmp-\(dead)@another-machine~d.dcm.Ab12Cd",
            "no-owner": ".dicomfix-tmp-e.dcm.Ab12Cd",
            "no-owner-old": ".dicomfix-tmp-f.dcm.Ab12Cd",
            "not-ours": "dicomfix-tmp-g.dcm",
        ]
        for name in names.values { try Data([0]).write(to: folder.appendingPathComponent(name)) }
        let old = folder.appendingPathComponent(names["no-owner-old"] ?? "").path
        var times = [timeval(tv_sec: time(nil) - 3 * 24 * 3600, tv_usec: 0), timeval(tv_sec: time(nil) - 3 * 24 * 3600, tv_usec: 0)]
        XCTAssertEqual(utimes(old, &times), 0)
        // A folder with the prefix (the DICOMDIR builder's staging folder) is never touched.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".dicomfix-tmp-rename-1"), withIntermediateDirectories: false)

        try AtomicFile.write(to: folder.appendingPathComponent("new.dcm").path) { sink in
            try [1, 2].withUnsafeBytes { try sink.write($0) }
        }
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        XCTAssertFalse(left.contains(names["dead"] ?? ""), "a dead process's temporary is removed")
        XCTAssertFalse(left.contains(names["no-owner-old"] ?? ""), "a temporary older than a day is removed")
        for kept in ["self", "parent", "other-host", "no-owner", "not-ours"] {
            XCTAssertTrue(left.contains(names[kept] ?? ""), "\(kept) is kept: \(left)")
        }
        XCTAssertTrue(left.contains(".dicomfix-tmp-rename-1"))
        XCTAssertTrue(left.contains("new.dcm"))

        // Only the first write into a folder looks: a later leftover waits for the next run.
        try Data([0]).write(to: folder.appendingPathComponent(names["dead"] ?? ""))
        try AtomicFile.write(to: folder.appendingPathComponent("new2.dcm").path) { _ in }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(names["dead"] ?? "").path))
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: folder.path), [folder.path + "/" + (names["dead"] ?? "")])
    }
}
