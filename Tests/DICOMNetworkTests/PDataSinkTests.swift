import DICOM
import NIOCore
import XCTest

@testable import DICOMNetwork

final class PDataSinkTests: XCTestCase {
    /// The PDUs a sink emits for `payload` written in `chunk`-byte writes.
    private func fragments(of payload: [UInt8], limit: Int, chunk: Int, batchSize: Int = 64) throws -> [PresentationDataValue] {
        var stream = ByteBuffer()
        let sink = PDataSink(contextID: 5, fragmentLimit: limit, batchSize: batchSize) { stream.writeImmutableBuffer($0) }
        var offset = 0
        while offset < payload.count {
            let end = min(payload.count, offset + chunk)
            try sink.write(Array(payload[offset..<end]))
            offset = end
        }
        try sink.finishMessage()
        try sink.flush()
        var values: [PresentationDataValue] = []
        while let pdu = try PDUFrameDecoder.frame(&stream, maximumLength: limit + 6) {
            guard case .data(let items) = pdu else { XCTFail("not P-DATA-TF: \(pdu.name)"); break }
            XCTAssertEqual(items.count, 1, "one PDV per PDU")
            values += items
        }
        XCTAssertEqual(stream.readableBytes, 0)
        return values
    }

    func test_fragments_stayWithinLimit_andOnlyTheLastIsMarkedLast() throws {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        for (limit, chunk) in [(100, 1), (100, 37), (100, 1000), (333, 250), (1000, 1000), (4096, 10)] {
            let values = try fragments(of: payload, limit: limit, chunk: chunk)
            XCTAssertEqual(values.count, (payload.count + limit - 1) / limit, "limit \(limit) chunk \(chunk)")
            XCTAssertTrue(values.allSatisfy { $0.data.count <= limit && $0.contextID == 5 && !$0.isCommand })
            XCTAssertEqual(values.map(\.isLast), Array(repeating: false, count: values.count - 1) + [true])
            XCTAssertEqual(values.flatMap(\.data), payload)
        }
    }

    func test_exactMultipleOfLimit_hasNoEmptyTrailingFragment() throws {
        let values = try fragments(of: Array(repeating: 1, count: 300), limit: 100, chunk: 50)
        XCTAssertEqual(values.map(\.data.count), [100, 100, 100])
        XCTAssertEqual(values.last?.isLast, true)
    }

    func test_copyFromByteSource_streamsInFragments() throws {
        let payload = (0..<50_000).map { UInt8(truncatingIfNeeded: $0) }
        var stream = ByteBuffer()
        var batches = 0
        let sink = PDataSink(contextID: 1, fragmentLimit: 16_378, batchSize: 20_000) {
            batches += 1
            stream.writeImmutableBuffer($0)
        }
        try sink.copy(from: MemoryByteSource(payload), offset: 0, length: Int64(payload.count))
        try sink.finishMessage()
        try sink.flush()
        XCTAssertGreaterThan(batches, 1, "handed on in several batches, not held whole")
        var data: [UInt8] = []
        while let pdu = try PDUFrameDecoder.frame(&stream, maximumLength: 16_384), case .data(let items) = pdu {
            data += items.flatMap(\.data)
        }
        XCTAssertEqual(data, payload)
    }

    // MARK: stream(from:offset:length:), the path of a file's own bytes

    /// A file of `count` bytes whose byte at offset i is derived from i.
    private func patternFile(_ count: Int) throws -> (URL, [UInt8]) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        let url = try temporaryDirectory(self).appendingPathComponent("range.bin")
        try Data(bytes).write(to: url)
        return (url, bytes)
    }

    /// The PDVs in `stream`, failing on anything but P-DATA-TF PDUs within `limit`.
    private func values(in stream: inout ByteBuffer, limit: Int) throws -> [PresentationDataValue] {
        var values: [PresentationDataValue] = []
        while let pdu = try PDUFrameDecoder.frame(&stream, maximumLength: limit + 6) {
            guard case .data(let items) = pdu else { XCTFail("not P-DATA-TF: \(pdu.name)"); break }
            XCTAssertEqual(items.count, 1, "one PDV per PDU")
            values += items
        }
        XCTAssertEqual(stream.readableBytes, 0, "bytes left that are not a whole PDU")
        return values
    }

    func test_stream_fileRange_sendsExactlyThoseBytes_withinTheLimit_inSeveralBatches() throws {
        let (url, bytes) = try patternFile(300_000)
        let source = try FileByteSource(path: url.path)
        for (offset, length, limit) in [(0, 300_000, 16_378), (1_234, 200_001, 4_090), (299_990, 10, 4_090), (77, 1, 100)] {
            var stream = ByteBuffer()
            var batches = 0
            let sink = PDataSink(contextID: 3, fragmentLimit: limit, batchSize: 32 * 1024) {
                batches += 1
                stream.writeImmutableBuffer($0)
            }
            try sink.stream(from: source, offset: Int64(offset), length: Int64(length))
            try sink.finishMessage()
            try sink.flush()
            let pdvs = try values(in: &stream, limit: limit)
            let label = "offset \(offset) length \(length) limit \(limit)"
            guard !pdvs.isEmpty else {
                XCTFail("\(label): nothing sent")
                continue
            }
            XCTAssertEqual(pdvs.flatMap(\.data), Array(bytes[offset..<offset + length]), label)
            XCTAssertEqual(pdvs.count, (length + limit - 1) / limit, label)
            XCTAssertTrue(pdvs.allSatisfy { $0.data.count <= limit && $0.contextID == 3 && !$0.isCommand }, label)
            XCTAssertEqual(pdvs.map(\.isLast), Array(repeating: false, count: pdvs.count - 1) + [true], label)
            if length > 64 * 1024 { XCTAssertGreaterThan(batches, 2, "\(label): handed on in batches, not held whole") }
        }
    }

    func test_stream_afterWrite_fillsTheOpenPDUFirst() throws {
        let (url, bytes) = try patternFile(10_000)
        var stream = ByteBuffer()
        let sink = PDataSink(contextID: 1, fragmentLimit: 1_000, batchSize: 4_096) { stream.writeImmutableBuffer($0) }
        let head: [UInt8] = Array(repeating: 0xEE, count: 300)
        try sink.write(head)
        try sink.stream(from: FileByteSource(path: url.path), offset: 500, length: 2_500)
        try sink.write([0xAB])
        try sink.finishMessage()
        try sink.flush()
        let pdvs = try values(in: &stream, limit: 1_000)
        XCTAssertEqual(pdvs.map(\.data.count), [1_000, 1_000, 801], "the written and streamed bytes share PDUs")
        XCTAssertEqual(pdvs.flatMap(\.data), head + Array(bytes[500..<3_000]) + [0xAB])
    }

    func test_stream_pastTheEndOfTheFile_throwsWithFileAndOffset() throws {
        let (url, _) = try patternFile(5_000)
        let sink = PDataSink(contextID: 1, fragmentLimit: 1_000) { _ in }
        XCTAssertThrowsError(try sink.stream(from: FileByteSource(path: url.path), offset: 4_000, length: 2_000)) { error in
            let dicom = error as? DICOMError
            XCTAssertEqual(dicom?.code, .ioError, "\(error)")
            XCTAssertEqual(dicom?.offset, 5_000, "\(error)")
            XCTAssertEqual(dicom?.file, url.path, "\(error)")
            XCTAssertTrue("\(error)".contains("1000 bytes early"), "\(error)")
        }
    }
}
