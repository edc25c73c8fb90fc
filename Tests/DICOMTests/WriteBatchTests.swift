import Foundation
import XCTest

@testable import DICOM

#if canImport(Glibc)
import Glibc
#endif

/// `WriteBatch`: staged writes stay invisible until the commit, which replaces every
/// destination at once or none when the flush or the hook before replacing fails.
final class WriteBatchTests: XCTestCase {
    private func names(_ folder: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    }

    func test_stagedWrites_areInvisibleUntilCommit_thenAllInPlace() throws {
        let folder = try temporaryDirectory(self)
        let batch = WriteBatch()
        for index in 0..<5 {
            try batch.stage(to: folder.appendingPathComponent("f\(index)").path) { sink in try sink.write([UInt8(index), 7]) }
        }
        XCTAssertEqual(batch.count, 5)
        XCTAssertEqual(batch.stagedBytes, 10)
        let before = try names(folder)
        XCTAssertEqual(before.count, 5)
        XCTAssertTrue(before.allSatisfy { $0.hasPrefix(AtomicFile.temporaryPrefix) }, "\(before)")

        XCTAssertEqual(try batch.commit().count, 0)
        XCTAssertEqual(try names(folder), Set((0..<5).map { "f\($0)" }))
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("f3")), Data([3, 7]))
        XCTAssertEqual(batch.count, 0)
        XCTAssertEqual(batch.stagedBytes, 0)
    }

    func test_hookThrowing_replacesNothing_andRemovesTemporaries() throws {
        struct Refused: Error {}
        let folder = try temporaryDirectory(self)
        let existing = folder.appendingPathComponent("old")
        try Data([1]).write(to: existing)
        let batch = WriteBatch()
        try batch.stage(to: existing.path) { sink in try sink.write([2]) }
        try batch.stage(to: folder.appendingPathComponent("new").path) { sink in try sink.write([3]) }
        XCTAssertThrowsError(try batch.commit(beforeReplacing: { throw Refused() })) { XCTAssertTrue($0 is Refused) }
        XCTAssertEqual(try names(folder), ["old"])
        XCTAssertEqual(try Data(contentsOf: existing), Data([1]))
    }

    func test_hook_runsOnceWithEveryNewFileFlushedButNoneRenamed() throws {
        let folder = try temporaryDirectory(self)
        let batch = WriteBatch()
        try batch.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        try batch.stage(to: folder.appendingPathComponent("b").path) { sink in try sink.write([2]) }
        var calls = 0
        var seen: Set<String> = []
        try batch.commit(beforeReplacing: {
            calls += 1
            seen = try self.names(folder)
        })
        XCTAssertEqual(calls, 1)
        XCTAssertFalse(seen.contains("a") || seen.contains("b"), "nothing replaced before the hook: \(seen)")
        XCTAssertEqual(try names(folder), ["a", "b"])
    }

    func test_beforeFlushing_runsFirst_andAFileItNamesThatCannotBeFlushed_replacesNothing() throws {
        let folder = try temporaryDirectory(self)
        let batch = WriteBatch()
        try batch.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        var seen: Set<String> = []
        XCTAssertThrowsError(
            try batch.commit(beforeFlushing: {
                seen = try self.names(folder)
                return [folder.appendingPathComponent("no-such-log").path]
            })
        ) { XCTAssertEqual(($0 as? DICOMError)?.code, .ioError) }
        XCTAssertEqual(seen.count, 1)
        XCTAssertFalse(seen.contains("a"))
        XCTAssertEqual(try names(folder), [])

        let log = folder.appendingPathComponent("log")
        try Data([9]).write(to: log)
        try batch.stage(to: folder.appendingPathComponent("b").path) { sink in try sink.write([2]) }
        try batch.commit(beforeFlushing: { [log.path] })
        XCTAssertEqual(try names(folder), ["b", "log"])
    }

    func test_renameFailing_failsThatWriteOnly() throws {
        let folder = try temporaryDirectory(self)
        let blocked = folder.appendingPathComponent("blocked")
        let batch = WriteBatch()
        try batch.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        try batch.stage(to: blocked.path) { sink in try sink.write([2]) }
        try batch.stage(to: folder.appendingPathComponent("c").path) { sink in try sink.write([3]) }
        // A non-empty folder where the file should go: rename(2) refuses to replace it.
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let failures = try batch.commit()
        XCTAssertEqual(failures.map(\.index), [1])
        XCTAssertEqual(failures.first?.error.code, .ioError)
        XCTAssertEqual(try names(folder), ["a", "blocked", "c"])
    }

    func test_bodyThrowing_leavesNoTemporary_andEarlierWritesStaged() throws {
        struct Broken: Error {}
        let folder = try temporaryDirectory(self)
        let batch = WriteBatch()
        try batch.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        XCTAssertThrowsError(try batch.stage(to: folder.appendingPathComponent("b").path) { sink in
            try sink.write([2])
            throw Broken()
        })
        XCTAssertEqual(batch.count, 1)
        try batch.commit()
        XCTAssertEqual(try names(folder), ["a"])
    }

    func test_discardFrom_removesOnlyTheLaterWrites() throws {
        let folder = try temporaryDirectory(self)
        let batch = WriteBatch()
        for name in ["a", "b", "c"] {
            try batch.stage(to: folder.appendingPathComponent(name).path) { sink in try sink.write([1, 2]) }
        }
        batch.discard(from: 1)
        XCTAssertEqual(batch.count, 1)
        XCTAssertEqual(batch.stagedBytes, 2)
        try batch.commit()
        XCTAssertEqual(try names(folder), ["a"])
    }

    func test_batchDroppedWithoutCommit_removesItsTemporaries() throws {
        let folder = try temporaryDirectory(self)
        do {
            let batch = WriteBatch()
            try batch.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        }
        XCTAssertEqual(try names(folder), [])
    }

    func test_isFull_byFilesAndByBytes() throws {
        let folder = try temporaryDirectory(self)
        let byFiles = WriteBatch(maxFiles: 2, maxBytes: 1 << 30)
        try byFiles.stage(to: folder.appendingPathComponent("a").path) { sink in try sink.write([1]) }
        XCTAssertFalse(byFiles.isFull)
        try byFiles.stage(to: folder.appendingPathComponent("b").path) { sink in try sink.write([1]) }
        XCTAssertTrue(byFiles.isFull)
        let byBytes = WriteBatch(maxFiles: 100, maxBytes: 4)
        try byBytes.stage(to: folder.appendingPathComponent("c").path) { sink in try sink.write([1, 2, 3, 4]) }
        XCTAssertTrue(byBytes.isFull)
    }
}
