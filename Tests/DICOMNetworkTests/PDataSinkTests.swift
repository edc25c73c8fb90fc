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
}
