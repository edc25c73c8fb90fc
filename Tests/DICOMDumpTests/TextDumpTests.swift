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

    func test_nonASCIIValue_isDecoded_andPaddedByCharacters() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 100")))
        dataSet.set(Element(.institutionName, .LO, bytes: [0x4B, 0x6C, 0x69, 0x6E, 0x69, 0x6B, 0x20, 0x53, 0xFC, 0x64]))  // "Klinik Süd"
        let line = try XCTUnwrap(try render(dataSet).first { $0.hasPrefix("(0008,0080)") })
        XCTAssertTrue(line.hasPrefix("(0008,0080) LO [Klinik Süd] "), line)
        let beforeComment = try XCTUnwrap(line.range(of: " # ")).lowerBound
        XCTAssertEqual(line[..<beforeComment].count, 52, "padding counts characters, not UTF-8 bytes: \(line)")
    }

    func test_renderIntoBytes_isTheEmittedLines_eachEndingInNewline() throws {
        let file = try DicomReader.read(bytes: DicomWriter.encode(DicomFile(dataSet: mixedDataSet())))
        let options = DumpOptions(maxValueLength: 12, showOffsets: true)
        var lines: [String] = []
        TextDump(options: options).render(file) { lines.append($0) }
        var bytes: [UInt8] = []
        TextDump(options: options).render(file, into: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), lines.map { $0 + "\n" }.joined())
    }

    func test_renderIntoBytes_flushesWholeLinesPastTheThreshold() throws {
        let file = try DicomReader.read(bytes: DicomWriter.encode(DicomFile(dataSet: mixedDataSet())))
        var whole: [UInt8] = []
        TextDump().render(file, into: &whole)
        var flushed: [[UInt8]] = []
        var rest: [UInt8] = []
        TextDump().render(file, into: &rest, flushingAt: 100) { output in
            flushed.append(output)
            output.removeAll()
        }
        XCTAssertGreaterThan(flushed.count, 3)
        XCTAssertTrue(flushed.allSatisfy { $0.count >= 100 && $0.last == UInt8(ascii: "\n") })
        XCTAssertEqual(flushed.joined() + rest, whole)
    }

    func test_binaryIntegers_matchNumbersThenCut_forEveryIntegerVR() throws {
        for vr in [VR.US, .SS, .UL, .SL, .UV, .SV, .OW, .OL, .OV] {
            let layout = try XCTUnwrap(ValueText.integerLayout(vr))
            for count in [0, 1, 2, 3, 4, 7, 8, 9, 16, 40] {
                // Mixed bytes, all ones (the largest unsigned, -1 signed), and high bits set.
                let patterns = [
                    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 37) },
                    [UInt8](repeating: 0xFF, count: count),
                    (0..<count).map { $0 % 2 == 0 ? 0x00 : 0x80 },
                ]
                for bytes in patterns {
                    for maxLength in [0, 1, 3, 8, 64] {
                        var line = TextLine()
                        _ = ValueText.appendIntegers(bytes, size: layout.size, signed: layout.signed, maxLength: maxLength, to: &line)
                        XCTAssertEqual(
                            String(decoding: line.bytes, as: UTF8.self), ValueText.cut(ValueText.numbers(bytes, vr: vr), maxLength),
                            "\(vr) \(bytes) cut at \(maxLength)")
                    }
                }
            }
        }
    }

    /// Text (padded, multi-valued, long), numbers, a tag, a private block and a nested sequence.
    private func mixedDataSet() -> DataSet {
        var item = DataSet()
        item.setString(.seriesInstanceUID, .UI, "1.2.3.4")
        item.setString(.seriesDescription, .LO, "  leading spaces kept out  ")
        var dataSet = DataSet()
        dataSet.setString(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL")
        dataSet.setString(.studyDescription, .LO, String(repeating: "CHEST ", count: 12))
        dataSet.setUInt16(.rows, [512])
        dataSet.set(Element(.smallestImagePixelValue, .SS, bytes: [0xFB, 0xFF]))
        dataSet.set(Element(.frameIncrementPointer, .AT, bytes: [0x18, 0x00, 0x63, 0x10]))
        dataSet.setString(Tag(0x0009, 0x0010), .LO, "ACME 1.0")
        dataSet.setString(Tag(0x0009, 0x1001), .LO, "secret")
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item), Item(item)])))
        return dataSet
    }
}
