import Foundation
import XCTest

@testable import DICOM

/// `FileSink.copy`: a file range copied file to file (in the kernel where it can) gives the
/// same bytes as the buffered copy, after what was written before it.
final class FileSinkCopyTests: XCTestCase {
    private func source(_ bytes: [UInt8]) throws -> FileByteSource {
        let url = try temporaryDirectory(self).appendingPathComponent("source")
        try Data(bytes).write(to: url)
        return try FileByteSource(path: url.path)
    }

    private func written(_ body: (any ByteSink) throws -> Void) throws -> [UInt8] {
        let path = try temporaryDirectory(self).appendingPathComponent("out").path
        try AtomicFile.write(to: path, body)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func test_rangeOfAFile_afterBufferedBytes_isCopiedExactly() throws {
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let input = try source(bytes)
        let out = try written { sink in
            try sink.write([1, 2, 3])
            try sink.copy(from: input, offset: 1000, length: Int64(bytes.count - 2000))
            try sink.write([4])
        }
        XCTAssertEqual(out, [1, 2, 3] + bytes[1000..<(bytes.count - 1000)] + [4])
    }

    func test_swappedCopy_usesTheBuffer_andSwaps() throws {
        let input = try source([1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try written { try $0.copy(from: input, offset: 0, length: 6, swapUnit: 2) }, [2, 1, 4, 3, 6, 5])
    }

    func test_rangeBeyondTheSource_throws() throws {
        let input = try source([1, 2, 3, 4])
        let path = try temporaryDirectory(self).appendingPathComponent("out").path
        XCTAssertThrowsError(try AtomicFile.write(to: path) { try $0.copy(from: input, offset: 2, length: 10) }) { error in
            XCTAssertEqual((error as? DICOMError)?.code, .ioError, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
