import Foundation
import XCTest

@testable import DicomfixCLI

/// `parallelMap`, which every multi-file command runs on: results in input order, and the
/// progress callback sees each count of completed elements exactly once. The count used to be
/// read after the lock was released, a data race (ThreadSanitizer in the CLI tests): two
/// workers could both report the same count, and the bar could skip one.
final class ParallelMapTests: XCTestCase {
    func test_parallelMap_manyElements_keepsInputOrder_andReportsEachCompletedCountOnce() {
        let items = Array(0..<2000)
        let seen = SeenCounts()
        let results = parallelMap(items, progress: { seen.add($0) }) { item -> Int in
            // A little work, so that the workers overlap.
            (0..<(item % 7) * 50).reduce(item) { $0 &+ $1 }
        }
        let expected = items.map { item in (0..<(item % 7) * 50).reduce(item) { $0 &+ $1 } }
        XCTAssertEqual(results, expected)
        XCTAssertEqual(seen.sorted(), Array(1...items.count))
    }

    func test_parallelMap_oneElement_runsItAndReportsOne() {
        let seen = SeenCounts()
        let results = parallelMap(["only"], progress: { seen.add($0) }) { $0.uppercased() }
        XCTAssertEqual(results, ["ONLY"])
        XCTAssertEqual(seen.sorted(), [1])
    }
}

/// The counts passed to the progress callback, from any worker thread.
private final class SeenCounts: @unchecked Sendable {
    private var counts: [Int] = []
    private let lock = NSLock()

    func add(_ count: Int) {
        lock.lock()
        counts.append(count)
        lock.unlock()
    }

    func sorted() -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        return counts.sorted()
    }
}
