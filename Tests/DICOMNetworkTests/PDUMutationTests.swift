import NIOCore
import XCTest

@testable import DICOMNetwork

/// Hostile byte streams from a peer: every PDU type encoded by dicomfix, cut at every byte, with
/// each length field and byte corrupted. The frame decoder must return a PDU, ask for more
/// bytes, or throw a `NetworkError`, and never trap or allocate what a length claims.
final class PDUMutationTests: XCTestCase {
    func samplePDUs() -> [PDU] {
        var user = UserInformation(maximumLength: 16384, implementationClassUID: "1.2.3.4", implementationVersionName: "DICOMFIX_0_1")
        user.userIdentity = .username("analyst", password: "secret")
        let contexts = [ProposedContext(id: 1, abstractSyntax: "1.2.840.10008.1.1", transferSyntaxes: ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"])]
        var command = CommandSet()
        command.set(.status, uint16: 0xA700)
        command.set(.errorComment, text: "out of resources")
        return [
            .associateRequest(AssociateRequest(calledAETitle: "STORESCP", callingAETitle: "DICOMFIX", contexts: contexts, userInformation: user)),
            .associateAccept(AssociateAccept(
                calledAETitle: "STORESCP", callingAETitle: "DICOMFIX",
                contexts: [ContextResult(id: 1, result: .acceptance, transferSyntax: "1.2.840.10008.1.2")], userInformation: user)),
            .associateReject(AssociateReject(result: 1, source: 1, reason: 7)),
            .data([
                PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: command.encoded()),
                PresentationDataValue(contextID: 1, isCommand: false, isLast: false, data: [1, 2, 3, 4]),
            ]),
            .releaseRequest, .releaseResponse, .abort(Abort(source: 2, reason: 6)),
        ]
    }

    /// Frames everything in `bytes`; returns how many PDUs came out. Fails on any error that is
    /// not a NetworkError.
    func frameAll(_ bytes: [UInt8], _ what: String) -> Int {
        var buffer = ByteBuffer(bytes: bytes)
        var count = 0
        do {
            while let pdu = try PDUFrameDecoder.frame(&buffer, maximumLength: 1 << 16) {
                count += 1
                if case .data(let values) = pdu {
                    for value in values where value.isCommand { _ = try? CommandSet.decode(value.data) }
                }
                _ = pdu.encoded
            }
        } catch {
            XCTAssertTrue(error is NetworkError, "\(what): \(error)")
        }
        return count
    }

    func test_truncatedAndCorruptedPDUs_throwOrWait_neverTrap() {
        var mutants = 0
        var state: UInt64 = 0x1D1C_0F1C
        func random() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for pdu in samplePDUs() {
            let bytes = Array(pdu.encoded.readableBytesView)
            XCTAssertEqual(frameAll(bytes, "\(pdu.name) intact"), 1)
            for cut in 0..<bytes.count {
                mutants += 1
                XCTAssertEqual(frameAll(Array(bytes.prefix(cut)), "\(pdu.name) cut at \(cut)"), 0, "a cut PDU waits for more bytes")
            }
            for position in 0..<bytes.count {
                for value: UInt8 in [0x00, 0xFF, bytes[position] ^ UInt8(truncatingIfNeeded: 1 << (random() % 8))] {
                    var copy = bytes
                    copy[position] = value
                    mutants += 1
                    _ = frameAll(copy, "\(pdu.name) byte \(position) = \(value)")
                }
            }
        }
        // A header that claims 4 GB is refused before anything is buffered.
        var huge = ByteBuffer(bytes: [0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xF0, 0x00])
        XCTAssertThrowsError(try PDUFrameDecoder.frame(&huge, maximumLength: 1 << 20)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .pduTooLarge)
        }
        XCTAssertGreaterThan(mutants, 1_000)
    }
}
