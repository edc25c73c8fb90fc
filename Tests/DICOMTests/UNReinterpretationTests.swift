import DICOM
import XCTest

/// Standard attributes carried as UN, read by their dictionary VR (PS3.5 6.2.2).
final class UNReinterpretationTests: XCTestCase {
    /// A Referenced Series Sequence value as implicit VR little endian: one item with a Series
    /// Instance UID.
    private func sequenceBytes(uid: String) -> [UInt8] {
        var value = Array(uid.utf8)
        if value.count % 2 == 1 { value.append(0) }
        let element: [UInt8] = [0x20, 0x00, 0x0E, 0x00] + le32(value.count) + value
        return [0xFE, 0xFF, 0x00, 0xE0] + le32(element.count) + element
    }

    private func le32(_ n: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } }

    private func file(_ dataSet: DataSet) throws -> DicomFile {
        try DicomReader.read(bytes: DicomWriter.encode(DicomFile(dataSet: dataSet)))
    }

    func test_knownSequenceAndTextAsUN_areReadByTheirDictionaryVR() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientName, .UN, bytes: Array("DOE^JOHN".utf8)))
        dataSet.set(Element(.referencedSeriesSequence, .UN, bytes: sequenceBytes(uid: "1.2.3.4.5")))
        dataSet.set(Element(.rows, .UN, bytes: [0x40, 0x00]))
        let read = try file(dataSet)
        XCTAssertEqual(read.dataSet[.patientName]?.vr, .UN, "the reader keeps what the file says")

        let (result, count) = read.dataSet.reinterpretingKnownUN()
        XCTAssertEqual(count, 2, "the sequence and the name; the item, implicit VR, reads its UID as UI")
        XCTAssertEqual(result[.patientName]?.vr, .PN)
        XCTAssertEqual(result.string(.patientName), "DOE^JOHN")
        let items = result[.referencedSeriesSequence]?.items ?? []
        XCTAssertEqual(result[.referencedSeriesSequence]?.vr, .SQ)
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?.dataSet.string(.seriesInstanceUID), "1.2.3.4.5")
        XCTAssertEqual(items.first?.dataSet[.seriesInstanceUID]?.vr, .UI)
        XCTAssertEqual(result[.rows]?.vr, .UN, "binary values keep UN")

        // Written again (explicit VR), the sequence is a real SQ that any reader parses.
        let again = try file(result)
        XCTAssertEqual(again.dataSet[.referencedSeriesSequence]?.items.first?.dataSet.string(.seriesInstanceUID), "1.2.3.4.5")
    }

    func test_unThatIsNoCleanRunOfItems_staysUN() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.referencedSeriesSequence, .UN, bytes: [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x02]))
        let (result, count) = try file(dataSet).dataSet.reinterpretingKnownUN()
        XCTAssertEqual(count, 0)
        XCTAssertEqual(result[.referencedSeriesSequence]?.vr, .UN)
    }

    func test_dataSetWithoutKnownUN_isLeftByteForByte() throws {
        var dataSet = DataSet()
        dataSet.setString(.patientName, .PN, "DOE^JANE")
        var item = DataSet()
        item.setString(.seriesInstanceUID, .UI, "1.2.3")
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item)])))
        dataSet.set(Element(Tag(0x0009, 0x0010), .LO, bytes: Array("VENDOR".utf8)))
        dataSet.set(Element(Tag(0x0009, 0x1001), .UN, bytes: [1, 2, 3, 4]))
        let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet))
        let read = try DicomReader.read(bytes: bytes)
        var reinterpreted = read
        let (result, count) = read.dataSet.reinterpretingKnownUN()
        reinterpreted.dataSet = result
        XCTAssertEqual(count, 0, "private UN is not the dictionary's")
        XCTAssertEqual(try DicomWriter.encode(reinterpreted), bytes)
    }
}

final class RepeatedElementRemovalTests: XCTestCase {
    func test_removeRepeatedElements_keepsTheFirstOfEachTag() {
        var dataSet = DataSet(elements: [
            Element(.patientName, .PN, bytes: Array("FIRST^ONE ".utf8)), Element(.patientName, .PN, bytes: Array("SECOND^ONE".utf8)),
            Element(.patientID, .LO, bytes: Array("ID01".utf8)),
        ])
        XCTAssertFalse(dataSet.isInTagOrder)
        XCTAssertEqual(dataSet.removeRepeatedElements(), 1)
        XCTAssertEqual(dataSet.elements.map(\.tag), [.patientName, .patientID])
        XCTAssertEqual(dataSet.string(.patientName), "FIRST^ONE")
        XCTAssertTrue(dataSet.isInTagOrder)
        XCTAssertTrue(dataSet.touchedGroups.contains(0x0010))
        XCTAssertEqual(dataSet.removeRepeatedElements(), 0)
    }
}
