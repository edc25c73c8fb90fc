import DICOM
import XCTest

@testable import DICOMDump

final class TextDumpTests: XCTestCase {
    func render(_ dataSet: DataSet, options: DumpOptions = DumpOptions()) throws -> [String] {
        let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet))
        let file = try DicomReader.read(bytes: bytes)
        var lines: [String] = []
        TextDump(options: options).render(file) { lines.append($0) }
        return lines
    }

    func test_stringValue_isBracketed_withLengthVMAndKeyword() throws {
        var dataSet = DataSet()
        dataSet.setString(.patientName, .PN, "Doe^Jane")
        let line = try XCTUnwrap(try render(dataSet).first { $0.hasPrefix("(0010,0010)") })
        XCTAssertTrue(line.hasPrefix("(0010,0010) PN [Doe^Jane]"), line)
        XCTAssertTrue(line.hasSuffix("# 8, 1 PatientName"), line)
    }

    func test_emptyValue_showsEmptyBrackets() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientName, .PN, bytes: []))
        XCTAssertTrue(try render(dataSet).contains { $0.hasPrefix("(0010,0010) PN []") })
    }

    func test_numbersAndTags_areDecoded() throws {
        var dataSet = DataSet()
        dataSet.setUInt16(.rows, [512])
        dataSet.set(Element(.frameIncrementPointer, .AT, bytes: [0x18, 0x00, 0x63, 0x10]))
        let lines = try render(dataSet)
        XCTAssertTrue(lines.contains { $0.hasPrefix("(0028,0010) US 512") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("(0028,0009) AT (0018,1063)") }, "\(lines)")
    }

    func test_sequence_itemsAreNumberedAndIndented() throws {
        var item = DataSet()
        item.setString(.seriesInstanceUID, .UI, "1.2.3")
        var dataSet = DataSet()
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item)])))
        let lines = try render(dataSet)
        let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("(0008,1115) SQ <1 item>") })
        XCTAssertEqual(lines[start + 1], "  Item 0 (undefined length)")
        XCTAssertTrue(lines[start + 2].hasPrefix("    (0020,000E) UI [1.2.3]"), lines[start + 2])
    }

    func test_privateElement_showsItsCreator() throws {
        var dataSet = DataSet()
        dataSet.setString(Tag(0x0009, 0x0010), .LO, "ACME 1.0")
        dataSet.setString(Tag(0x0009, 0x1001), .LO, "secret")
        XCTAssertTrue(try render(dataSet).contains { $0.contains("Private (ACME 1.0)") })
    }

    func test_longValue_isCut_unlessMaxIsZero() throws {
        var dataSet = DataSet()
        dataSet.setString(.studyDescription, .LO, String(repeating: "A", count: 60))
        XCTAssertTrue(try render(dataSet, options: DumpOptions(maxValueLength: 10)).contains { $0.contains("[AAAAAAAAA...") })
        XCTAssertTrue(try render(dataSet, options: DumpOptions(maxValueLength: 0)).contains { $0.contains(String(repeating: "A", count: 60) + "]") })
    }

    func test_pixelData_isShownAsLengthAndOffset_neverPrinted() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.pixelData, .OW, bytes: [UInt8](repeating: 1, count: 64)))
        let line = try XCTUnwrap(try render(dataSet).first { $0.hasPrefix("(7FE0,0010)") })
        XCTAssertTrue(line.contains("<64 bytes at offset"), line)
    }
}
