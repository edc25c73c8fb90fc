import XCTest

@testable import DICOMNetwork

final class CommandSetTests: XCTestCase {
    func test_echoRequest_encoding_isImplicitLittleEndianWithGroupLength() {
        let bytes = CommandSet.echoRequest(messageID: 7).encoded()
        // (0000,0000) UL 4: the length of the rest.
        XCTAssertEqual(Array(bytes[0..<8]), [0, 0, 0, 0, 4, 0, 0, 0])
        let groupLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual(groupLength, bytes.count - 12)
        // (0000,0002) UI "1.2.840.10008.1.1" padded to 18 bytes.
        XCTAssertEqual(Array(bytes[12..<20]), [0, 0, 0x02, 0, 18, 0, 0, 0])
        XCTAssertEqual(String(decoding: bytes[20..<37], as: UTF8.self), verificationSOPClass)
        XCTAssertEqual(bytes[37], 0)
    }

    func test_storeRequest_roundTrips() throws {
        let command = CommandSet.storeRequest(messageID: 3, sopClass: "1.2.840.10008.5.1.4.1.1.2", sopInstance: "1.2.3")
        let decoded = try CommandSet.decode(command.encoded())
        XCTAssertEqual(decoded, command)
        XCTAssertEqual(decoded.uint16(.commandField), 0x0001)
        XCTAssertEqual(decoded.string(.affectedSOPInstanceUID), "1.2.3")
        XCTAssertTrue(decoded.hasDataSet)
        XCTAssertFalse(CommandSet.echoRequest(messageID: 1).hasDataSet)
    }

    func test_decode_elementPastTheEnd_throws() {
        let bytes: [UInt8] = [0, 0, 0x00, 0x09, 10, 0, 0, 0, 0, 0]
        XCTAssertThrowsError(try CommandSet.decode(bytes)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .malformedCommand)
        }
        XCTAssertThrowsError(try CommandSet.decode([0, 0, 0])) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .malformedCommand)
        }
    }

    func test_decode_elementOutsideGroup0000_throws() {
        let bytes: [UInt8] = [0x08, 0, 0x16, 0, 2, 0, 0, 0, 0x31, 0]
        XCTAssertThrowsError(try CommandSet.decode(bytes))
    }

    func test_status_meanings_followPS3_4() {
        XCTAssertEqual(DIMSEStatus(0x0000).kind, .success)
        XCTAssertEqual(DIMSEStatus(0xB000).description, "B000 (Warning: coercion of data elements)")
        XCTAssertEqual(DIMSEStatus(0xB007).kind, .warning)
        XCTAssertTrue(DIMSEStatus(0xB006).isStored)
        XCTAssertEqual(DIMSEStatus(0xA712).meaning, "Refused: out of resources")
        XCTAssertEqual(DIMSEStatus(0xA900).meaning, "Error: data set does not match SOP class")
        XCTAssertEqual(DIMSEStatus(0xC123).meaning, "Error: cannot understand")
        XCTAssertFalse(DIMSEStatus(0xC000).isStored)
        XCTAssertEqual(DIMSEStatus(0x0122).meaning, "Refused: SOP class not supported")
    }
}
