import Foundation
import XCTest

@testable import DICOM

/// `FileByteSource` reads: small ones through the read-ahead block give the file's bytes
/// wherever they fall (inside, across the block's end, at the file's end, backwards).
final class FileByteSourceTests: XCTestCase {
    func test_smallReads_anywhere_giveTheFilesBytes() throws {
        let bytes = (0..<(200 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let url = try temporaryDirectory(self).appendingPathComponent("f")
        try Data(bytes).write(to: url)
        let source = try FileByteSource(path: url.path)
        let reads: [(Int, Int)] = [
            (0, 10), (10, 4096), (ReadAhead.blockSize - 5, 20), (150_000, 100), (3, 8), (bytes.count - 7, 100), (bytes.count, 10),
            (bytes.count + 50, 10), (65_000, 4096), (100_000, 4097),
        ]
        for (offset, count) in reads {
            var buffer = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let n = try buffer.withUnsafeMutableBytes { raw in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), at: Int64(offset + filled))
                }
                if n == 0 { break }
                filled += n
            }
            let expected = offset < bytes.count ? Array(bytes[offset..<min(bytes.count, offset + count)]) : []
            XCTAssertEqual(Array(buffer.prefix(filled)), expected, "read of \(count) at \(offset)")
        }
    }

    func test_concurrentSmallReads_eachGetTheirBytes() throws {
        let bytes = (0..<(300 << 10)).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 7)) }
        let url = try temporaryDirectory(self).appendingPathComponent("f")
        try Data(bytes).write(to: url)
        let source = try FileByteSource(path: url.path)
        let mismatches = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for step in 0..<2000 {
                let offset = (step * 7919 + worker * 104_729) % (bytes.count - 64)
                guard let got = try? source.bytes(at: Int64(offset), count: 64), got == Array(bytes[offset..<(offset + 64)]) else {
                    mismatches.increment()
                    continue
                }
            }
        }
        XCTAssertEqual(mismatches.value, 0)
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
