import Foundation
import XCTest

@testable import DICOM

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hostile files that try to exhaust memory or time: deep nesting, lengths beyond the file,
/// millions of items or elements in a small (deflated) file, floods of problems. Each ends in a
/// clear diagnostic with a stable code, and memory stays bounded.
final class ResourceLimitTests: XCTestCase {
    let le = Bytes(encoding: .explicitLittle)

    /// `dataSet` (explicit VR little endian bytes) in a Part-10 file of the Deflated syntax.
    func deflatedFile(_ dataSet: [UInt8]) throws -> [UInt8] {
        var compressed: [UInt8] = []
        let deflater = try Deflater(level: 9)
        try dataSet.withUnsafeBytes { raw in
            try deflater.compress(raw, finish: true) { compressed.append(contentsOf: $0) }
        }
        return Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1.99", dataSet: compressed)
    }

    func test_nestingBeyondTheDepthLimit_definedAndUndefinedLengths_isReportedAndSkipped() throws {
        for undefined in [true, false] {
            var content = le.text(Tag(0x0010, 0x0010), .PN, "Deep")
            for _ in 0..<500 {
                let item = le.item(content, undefined: undefined)
                content =
                    undefined
                    ? le.element(Tag(0x0040, 0xA730), .SQ, item + le.sequenceDelimiter, length: 0xFFFF_FFFF)
                    : le.element(Tag(0x0040, 0xA730), .SQ, item)
            }
            let after = le.text(Tag(0x0040, 0xA731), .LO, "after")
            let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: content + after))
            let codes = file.diagnostics.map(\.code)
            XCTAssertEqual(codes.filter { $0 == "read.depth.exceeded" }.count, 1, "undefined \(undefined): \(codes)")
            let depth = file.diagnostics.first { $0.code == "read.depth.exceeded" }?.path.components.count
            XCTAssertEqual(depth, ReadOptions().maximumDepth + 1, "reported at the level past the limit")
            if !undefined {
                // A defined length says where the skipped sequence ends: what follows is read.
                XCTAssertEqual(file.dataSet.string(Tag(0x0040, 0xA731)), "after")
            }
        }
    }

    func test_lengthBeyondTheFile_isCutAndReported_notAllocated() throws {
        let before = peakResidentBytes()
        for length: UInt32 in [0xFFFF_FFF0, 0xFFFF_FFFE, 0x7FFF_FFFF] {
            for vr in [VR.OB, .UT, .UN, .SQ] {
                let data = le.text(Tag(0x0010, 0x0010), .PN, "Doe") + le.element(Tag(0x0011, 0x1010), vr, [1, 2, 3, 4], length: length)
                let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: data))
                let truncated = file.diagnostics.first { $0.code == "read.value.truncated" }
                XCTAssertNotNil(truncated, "\(vr) \(length): \(file.diagnostics)")
                XCTAssertEqual(truncated?.path.description, "(0011,1010)")
                XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe")
            }
        }
        // An item and a fragment that claim 4 GB.
        let item = le.tag(.item) + le.u32(0xFFFF_FFF0) + le.text(Tag(0x0008, 0x1150), .UI, "1.2")
        let sequence = le.element(Tag(0x0008, 0x1115), .SQ, item, length: 0xFFFF_FFFF)
        let fragments = le.element(.pixelData, .OB, le.item([]) + le.tag(.item) + le.u32(0xFFFF_FFF0) + [1, 2], length: 0xFFFF_FFFF)
        let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.4.50", dataSet: sequence + fragments))
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.item.truncated" }, "\(file.diagnostics)")
        XCTAssertLessThan(peakResidentBytes() - before, 64 << 20, "no value was allocated at its declared length")
    }

    func test_millionsOfEmptyItems_inASmallDeflatedFile_stopAtTheItemLimit() throws {
        // 3 million empty items: 24 MB of data set in a file of a few tens of KB.
        var items = [UInt8]()
        items.reserveCapacity(3_000_000 * 8)
        let emptyItem = le.tag(.item) + le.u32(0)
        for _ in 0..<3_000_000 { items += emptyItem }
        let data = le.element(Tag(0x0008, 0x1115), .SQ, items + le.sequenceDelimiter, length: 0xFFFF_FFFF)
        let bytes = try deflatedFile(data)
        XCTAssertLessThan(bytes.count, 100_000)
        var options = ReadOptions()
        options.maximumItems = 100_000
        let before = peakResidentBytes()
        let file = try DicomReader.read(bytes: bytes, options: options)
        let limit = file.diagnostics.first { $0.code == "read.items.limit" }
        XCTAssertEqual(limit?.severity, .error)
        XCTAssertEqual(limit?.path.description, "(0008,1115)")
        XCTAssertTrue(limit?.message.contains("more than 100000 items") == true, limit?.message ?? "")
        XCTAssertEqual(file.dataSet[Tag(0x0008, 0x1115)]?.items.count, 100_000)
        XCTAssertFalse(file.diagnostics.contains { $0.code == "read.sequence.truncated" }, "one diagnostic, not a cascade: \(file.diagnostics)")
        XCTAssertLessThan(peakResidentBytes() - before, 256 << 20)
    }

    func test_itemLimit_isOnByDefault() throws {
        // Just past the default: 1,000,001 empty items in an 8 MB file.
        let limit = ReadOptions().maximumItems
        XCTAssertEqual(limit, 1_000_000)
        var items = [UInt8]()
        items.reserveCapacity((limit + 1) * 8 + 8)
        let emptyItem = le.tag(.item) + le.u32(0)
        for _ in 0...limit { items += emptyItem }
        let data = le.element(Tag(0x0008, 0x1115), .SQ, items)
        let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: data))
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.items.limit" }, "\(file.diagnostics.map(\.code))")
        XCTAssertEqual(file.dataSet[Tag(0x0008, 0x1115)]?.items.count, limit)
    }

    func test_manyFragments_countAgainstTheItemLimit() throws {
        var fragments = le.item([])
        for _ in 0..<5_000 { fragments += le.item([0xFF, 0xD8]) }
        let data = le.element(.pixelData, .OB, fragments + le.sequenceDelimiter, length: 0xFFFF_FFFF)
        var options = ReadOptions()
        options.maximumItems = 1_000
        let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.4.50", dataSet: data), options: options)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.items.limit" }, "\(file.diagnostics.map(\.code))")
        guard case .encapsulated(let pixels) = file.dataSet[.pixelData]?.value else { return XCTFail("no encapsulated pixel data") }
        XCTAssertEqual(pixels.items.count, 1_000)
    }

    func test_manyElements_stopAtTheElementLimit() throws {
        // Private elements in ascending order, 10 bytes each: 200,000 of them.
        var data = [UInt8]()
        for index in 0..<200_000 {
            data += le.element(Tag(UInt16(0x0009 + 2 * (index >> 16)), UInt16(truncatingIfNeeded: index)), .SS, [1, 0])
        }
        var options = ReadOptions()
        options.maximumElements = 50_000
        let file = try DicomReader.read(bytes: try deflatedFile(data), options: options)
        let limit = file.diagnostics.first { $0.code == "read.elements.limit" }
        XCTAssertEqual(limit?.severity, .error, "\(file.diagnostics.map(\.code))")
        XCTAssertTrue(limit?.message.contains("more than 50000 data elements") == true)
        XCTAssertEqual(file.dataSet.count, 50_000)
        XCTAssertEqual(ReadOptions().maximumElements, 2_000_000)
    }

    func test_floodOfProblems_isCappedWithACount() throws {
        // 5,000 elements each out of order: one warning each without a cap.
        var data = [UInt8]()
        for index in 0..<5_000 {
            data += le.element(Tag(0x0009, UInt16(0x2000 - index)), .SS, [1, 0])
        }
        let file = try DicomReader.read(bytes: Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: data))
        let limit = ReadOptions().maximumDiagnostics
        XCTAssertEqual(file.diagnostics.count, limit + 1)
        let summary = file.diagnostics.last
        XCTAssertEqual(summary?.code, "read.diagnostics.limit")
        XCTAssertEqual(summary?.severity, .warning, "the worst severity among those not listed")
        XCTAssertTrue(summary?.message.hasPrefix("\(4_999 - limit) more problem(s) not listed") == true, summary?.message ?? "")
        XCTAssertEqual(file.dataSet.count, 5_000, "every element is still read")
    }

    func test_deflateBomb_isInflatedToATemporaryFile_notMemory() throws {
        // 64 MiB of zeros in one OB value deflate to about 64 KB.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let data = le.text(Tag(0x0010, 0x0010), .PN, "Bomb") + le.element(Tag(0x0011, 0x1010), .OB, zeros)
        let bytes = try deflatedFile(data)
        XCTAssertLessThan(bytes.count, 200_000)
        let before = peakResidentBytes()
        var options = ReadOptions()
        options.inflateInMemoryLimit = 1 << 20
        let file = try DicomReader.read(bytes: bytes, options: options)
        XCTAssertTrue(file.dataSource is FileByteSource, "inflated into a temporary file past the in-memory limit")
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Bomb")
        XCTAssertEqual(file.dataSet[Tag(0x0011, 0x1010)]?.value.byteCount, 64 << 20)
        XCTAssertLessThan(peakResidentBytes() - before, 32 << 20)

        options.maximumInflatedSize = 1 << 20
        let limited = try DicomReader.read(bytes: bytes, options: options)
        XCTAssertTrue(limited.diagnostics.contains { $0.code == "read.deflate.failed" && $0.message.contains("limit of 1048576 bytes") }, "\(limited.diagnostics)")
    }
}

/// The peak resident set size of this process so far, in bytes (getrusage).
func peakResidentBytes() -> Int {
    var usage = rusage()
    #if canImport(Darwin)
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss)
    #else
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss) * 1024
    #endif
}
