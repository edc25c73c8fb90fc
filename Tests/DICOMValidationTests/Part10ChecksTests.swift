import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

/// The Part-10 layer of validate (PS3.10 7.1), each check with a minimal broken file built byte
/// by byte and the exact code it must give.
final class Part10ChecksTests: XCTestCase {
    // MARK: Byte builders (explicit VR little endian)

    private func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        var value = value
        if value.count % 2 == 1 { value.append(vr == "UI" || vr == "OB" ? 0 : 0x20) }
        var bytes = le16(group) + le16(element) + Array(vr.utf8)
        if ["OB", "OW", "SQ", "UN", "UT"].contains(vr) {
            bytes += [0, 0] + le32(UInt32(value.count))
        } else {
            bytes += le16(UInt16(value.count))
        }
        return bytes + value
    }

    private func text(_ group: UInt16, _ tag: UInt16, _ vr: String, _ value: String) -> [UInt8] { element(group, tag, vr, Array(value.utf8)) }
    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    private let sopClass = "1.2.840.10008.5.1.4.1.1.7"
    private let sopInstance = "1.2.826.0.1.3680043.10.99.1"

    /// File Meta Information elements (without group length) for an explicit VR LE file.
    private func metaElements(transferSyntax: String = "1.2.840.10008.1.2.1") -> [UInt8] {
        element(0x0002, 0x0001, "OB", [0, 1]) + text(0x0002, 0x0002, "UI", sopClass) + text(0x0002, 0x0003, "UI", sopInstance)
            + text(0x0002, 0x0010, "UI", transferSyntax) + text(0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.10.99")
    }

    private func dataSet() -> [UInt8] {
        text(0x0008, 0x0016, "UI", sopClass) + text(0x0008, 0x0018, "UI", sopInstance) + text(0x0010, 0x0010, "PN", "TEST^PART10")
    }

    /// A Part-10 file: preamble, DICM, meta (with a correct group length unless `groupLength` is
    /// false) and `body`.
    private func file(meta: [UInt8]? = nil, groupLength: Bool = true, body: [UInt8]? = nil) -> [UInt8] {
        let meta = meta ?? metaElements()
        let length = groupLength ? element(0x0002, 0x0000, "UL", le32(UInt32(meta.count))) : []
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + length + meta + (body ?? dataSet())
    }

    private func codes(_ bytes: [UInt8]) throws -> [String] {
        let file = try DicomReader.read(bytes: bytes, name: "test.dcm")
        return Validator.validate(file, path: "test.dcm").map(\.code)
    }

    // MARK: Tests

    func test_wellFormedFile_hasNoPart10Findings() throws {
        let found = try codes(file())
        XCTAssertFalse(found.contains { $0.hasPrefix("meta.") || $0.hasPrefix("read.meta") || $0.hasPrefix("part10.") }, "\(found)")
    }

    func test_noMetaGroupLength_isReadMetaGroupLengthMissing() throws {
        XCTAssertTrue(try codes(file(groupLength: false)).contains("read.meta.group-length.missing"))
    }

    func test_wrongMetaGroupLength_isReadMetaGroupLengthMismatch() throws {
        let meta = metaElements()
        var bytes = file(meta: meta)
        // The UL value of (0002,0000) sits after preamble, DICM and its 8-byte header.
        let at = 128 + 4 + 8
        bytes.replaceSubrange(at..<at + 4, with: le32(UInt32(meta.count + 2)))
        XCTAssertTrue(try codes(bytes).contains("read.meta.group-length.mismatch"))
    }

    func test_elementOfAnotherGroupInMeta_isMetaElementForeign() throws {
        // The reader ends the meta group at the first element of another group, so a foreign
        // element can only come from a data set built in memory (a writer's input).
        var file = try DicomReader.read(bytes: file(), name: "test.dcm")
        file.meta.setString(.specificCharacterSet, .CS, "ISO_IR 100")
        let found = Validator.validate(file, path: "test.dcm").map(\.code)
        XCTAssertTrue(found.contains("meta.element.foreign"), "\(found)")
    }

    func test_group0002ElementInDataSet_isMetaElementInDataSet() throws {
        // After a data set element, a group 0002 element belongs to the data set (out of order).
        let body = text(0x0008, 0x0005, "CS", "ISO_IR 100") + text(0x0002, 0x0016, "AE", "STRAY") + dataSet()
        let found = try codes(file(body: body))
        XCTAssertTrue(found.contains("meta.element.in-data-set"), "\(found)")
    }

    func test_missingAndEmptyRequiredMetaElements() throws {
        let meta = element(0x0002, 0x0001, "OB", [0, 1]) + text(0x0002, 0x0002, "UI", sopClass) + element(0x0002, 0x0003, "UI", [])
            + text(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1")
        let found = try codes(file(meta: meta))
        XCTAssertTrue(found.contains("meta.element.empty"), "\(found)")
        XCTAssertTrue(found.contains("meta.element.missing"), "Implementation Class UID is absent: \(found)")
    }

    func test_unexpectedVersion_isMetaVersionUnexpected() throws {
        var meta = metaElements()
        meta.replaceSubrange(12..<14, with: [1, 0])
        XCTAssertTrue(try codes(file(meta: meta)).contains("meta.version.unexpected"))
    }

    func test_unregisteredTransferSyntax_isMetaTransferSyntaxUnknown() throws {
        let found = try codes(file(meta: metaElements(transferSyntax: "1.2.840.10008.1.2.999")))
        XCTAssertTrue(found.contains("meta.transfer-syntax.unknown"), "\(found)")
    }

    func test_noTransferSyntax_isReadMetaNoTransferSyntax() throws {
        let meta = element(0x0002, 0x0001, "OB", [0, 1]) + text(0x0002, 0x0002, "UI", sopClass) + text(0x0002, 0x0003, "UI", sopInstance)
            + text(0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.10.99")
        XCTAssertTrue(try codes(file(meta: meta)).contains("read.meta.no-transfer-syntax"))
    }

    func test_mediaStorageUIDsDifferentFromDataSet_isReported() throws {
        let body = text(0x0008, 0x0016, "UI", sopClass) + text(0x0008, 0x0018, "UI", "1.2.826.0.1.3680043.10.99.2")
        XCTAssertTrue(try codes(file(body: body)).contains("read.meta.media-storage-mismatch"))
    }

    func test_noPreamble_isReadPreambleMissing() throws {
        let bytes = Array(file().dropFirst(128))
        XCTAssertTrue(try codes(bytes).contains("read.preamble.missing"))
    }

    func test_notDICOM_andUnreadable_files_areOneFindingEach() throws {
        let folder = try temporaryDirectory(self)
        let text = folder.appendingPathComponent("notes.txt")
        try Data("just some notes, certainly no DICOM in here".utf8).write(to: text)
        let notDICOM = Validator.validate(path: text.path)
        XCTAssertEqual(notDICOM.findings.map(\.code), ["part10.not-dicom"])
        XCTAssertNil(notDICOM.summary)
        let missing = Validator.validate(path: folder.appendingPathComponent("absent.dcm").path)
        XCTAssertEqual(missing.findings.map(\.code), ["part10.unreadable"])
    }
}
