import NIOCore
import NIOEmbedded
import XCTest

@testable import DICOMNetwork

final class PDUCodingTests: XCTestCase {
    private func roundTrip(_ pdu: PDU, file: StaticString = #filePath, line: UInt = #line) throws {
        var buffer = pdu.encoded
        let decoded = try PDUFrameDecoder.frame(&buffer, maximumLength: 1 << 20)
        XCTAssertEqual(decoded, pdu, file: file, line: line)
        XCTAssertEqual(buffer.readableBytes, 0, "the frame takes exactly one PDU", file: file, line: line)
    }

    private let request = AssociateRequest(
        calledAETitle: "STORESCP", callingAETitle: "DICOMFIX",
        contexts: [
            ProposedContext(id: 1, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2.1"]),
            ProposedContext(id: 3, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2", "1.2.840.10008.1.2.2"]),
        ],
        userInformation: UserInformation(
            maximumLength: 16384, implementationClassUID: "1.2.3.4", implementationVersionName: "DICOMFIX_0_1",
            userIdentity: .username("analyst", password: "secret")))

    func test_associateRequest_roundTrips() throws {
        try roundTrip(.associateRequest(request))
    }

    func test_associateRequest_layout_followsPS3_8() throws {
        var bytes = PDU.associateRequest(request).encoded
        XCTAssertEqual(bytes.readInteger(as: UInt8.self), 0x01)
        bytes.moveReaderIndex(forwardBy: 1)
        let length = bytes.readInteger(as: UInt32.self)
        XCTAssertEqual(Int(length ?? 0), bytes.readableBytes)
        XCTAssertEqual(bytes.readInteger(as: UInt16.self), 1, "protocol version")
        bytes.moveReaderIndex(forwardBy: 2)
        XCTAssertEqual(bytes.readString(length: 16), "STORESCP        ", "called AE, space padded")
        XCTAssertEqual(bytes.readString(length: 16), "DICOMFIX        ")
        bytes.moveReaderIndex(forwardBy: 32)
        XCTAssertEqual(bytes.readInteger(as: UInt8.self), 0x10, "application context item first")
        bytes.moveReaderIndex(forwardBy: 1)
        let contextLength = Int(bytes.readInteger(as: UInt16.self) ?? 0)
        XCTAssertEqual(bytes.readString(length: contextLength), dicomApplicationContext)
    }

    func test_associateAccept_roundTrips() throws {
        let accept = AssociateAccept(
            calledAETitle: "STORESCP", callingAETitle: "DICOMFIX",
            contexts: [
                ContextResult(id: 1, result: .acceptance, transferSyntax: "1.2.840.10008.1.2.1"),
                ContextResult(id: 3, result: .transferSyntaxesNotSupported, transferSyntax: ""),
            ],
            userInformation: UserInformation(maximumLength: 0, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7", implementationVersionName: "OFFIS_DCMTK_367", userIdentityResponse: [1, 2]))
        try roundTrip(.associateAccept(accept))
    }

    func test_otherPDUs_roundTrip() throws {
        try roundTrip(.associateReject(AssociateReject(result: 1, source: 1, reason: 7)))
        try roundTrip(.releaseRequest)
        try roundTrip(.releaseResponse)
        try roundTrip(.abort(Abort(source: 2, reason: 6)))
        try roundTrip(.data([
            PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: [1, 2, 3]),
            PresentationDataValue(contextID: 3, isCommand: false, isLast: false, data: Array(repeating: 9, count: 1000)),
        ]))
    }

    func test_associateReject_fromPeerBytes_isExplained() throws {
        // A-ASSOCIATE-RJ as a peer sends it: permanent, by the service user, called AE unknown.
        var buffer = ByteBuffer(bytes: [0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x07])
        guard case .associateReject(let reject) = try PDUFrameDecoder.frame(&buffer, maximumLength: 100) else {
            return XCTFail("not decoded as A-ASSOCIATE-RJ")
        }
        XCTAssertEqual(reject.description, "rejected permanently by the called application (service user): called AE title not recognised")
        XCTAssertEqual(AssociateReject(result: 2, source: 3, reason: 1).description, "rejected for now (transient) by the peer's presentation layer (service provider): temporary congestion")
        XCTAssertEqual(AssociateReject(result: 1, source: 2, reason: 2).reasonText, "protocol version not supported")
    }

    func test_abort_fromPeerBytes_isExplained() throws {
        var buffer = ByteBuffer(bytes: [0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x02])
        guard case .abort(let abort) = try PDUFrameDecoder.frame(&buffer, maximumLength: 100) else { return XCTFail("not A-ABORT") }
        XCTAssertEqual(abort.description, "aborted by the peer's upper layer (service provider): unexpected PDU")
        XCTAssertEqual(Abort(source: 0, reason: 0).description, "aborted by the peer application (service user)")
    }

    func test_frame_withPartialPDU_waitsWithoutConsuming() throws {
        let whole = PDU.associateRequest(request).encoded
        for cut in [0, 1, 5, 6, whole.readableBytes - 1] {
            var partial = whole.getSlice(at: 0, length: cut) ?? ByteBuffer()
            XCTAssertNil(try PDUFrameDecoder.frame(&partial, maximumLength: 1 << 20), "cut at \(cut)")
            XCTAssertEqual(partial.readableBytes, cut, "nothing consumed at cut \(cut)")
        }
    }

    func test_frame_longerThanMaximum_isRefusedBeforeBuffering() {
        var buffer = ByteBuffer(bytes: [0x04, 0x00, 0x7F, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try PDUFrameDecoder.frame(&buffer, maximumLength: 65536)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .pduTooLarge)
        }
    }

    func test_frame_unknownType_isMalformed() {
        var buffer = ByteBuffer(bytes: Array("HTTP/1.1 400 Bad Request\r\n".utf8))
        XCTAssertThrowsError(try PDUFrameDecoder.frame(&buffer, maximumLength: 65536)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .malformedPDU)
        }
    }

    func test_decode_itemRunningPastTheEnd_throwsWithOffset() {
        // A-ASSOCIATE-AC body whose first item claims 0x100 bytes but has 2.
        var body = ByteBuffer()
        body.writeInteger(UInt16(1))
        body.writeBytes([UInt8](repeating: 0x20, count: 2 + 32 + 32))
        body.writeBytes([0x10, 0x00, 0x01, 0x00, 0x31, 0x32])
        XCTAssertThrowsError(try PDU.decode(type: 0x02, body: body)) { error in
            let network = error as? NetworkError
            XCTAssertEqual(network?.code, .malformedPDU)
            XCTAssertTrue(network?.message.contains("A-ASSOCIATE-AC") ?? false, network?.message ?? "")
            XCTAssertTrue(network?.message.contains("at byte 72") ?? false, network?.message ?? "")
        }
    }

    func test_decode_everyTruncation_throwsOrDecodes_neverTraps() throws {
        let pdus: [PDU] = [
            .associateRequest(request),
            .data([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: [1, 2, 3, 4])]),
            .abort(Abort(source: 2, reason: 1)),
        ]
        for pdu in pdus {
            var whole = pdu.encoded
            whole.moveReaderIndex(forwardBy: 6)
            let body = Array(whole.readableBytesView)
            var failures = 0
            for cut in 0..<body.count {
                if (try? PDU.decode(type: pdu.type, body: ByteBuffer(bytes: body[0..<cut]))) == nil { failures += 1 }
            }
            XCTAssertGreaterThan(failures, 0, "\(pdu.name): some truncations must be refused")
        }
    }

    func test_decoderHandler_framesPDUsSplitAcrossReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(PDUFrameDecoder(maximumLength: 1 << 20)))
        var stream = PDU.associateRequest(request).encoded
        stream.writeImmutableBuffer(PDU.releaseRequest.encoded)
        stream.writeImmutableBuffer(PDU.abort(Abort(source: 0, reason: 0)).encoded)
        while stream.readableBytes > 0, let chunk = stream.readSlice(length: min(7, stream.readableBytes)) {
            try channel.writeInbound(chunk)
        }
        XCTAssertEqual(try channel.readInbound(as: PDU.self), .associateRequest(request))
        XCTAssertEqual(try channel.readInbound(as: PDU.self), .releaseRequest)
        XCTAssertEqual(try channel.readInbound(as: PDU.self), .abort(Abort(source: 0, reason: 0)))
        XCTAssertNil(try channel.readInbound(as: PDU.self))
        _ = try channel.finish()
    }

    func test_decoderHandler_oversizedPDU_failsTheChannel() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(PDUFrameDecoder(maximumLength: 1000)))
        XCTAssertThrowsError(try channel.writeInbound(ByteBuffer(bytes: [0x04, 0x00, 0x00, 0x01, 0x00, 0x00]))) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .pduTooLarge)
        }
        _ = try? channel.finish()
    }
}
