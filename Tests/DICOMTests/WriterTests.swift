import Foundation
import XCTest

@testable import DICOM

/// The writer: only what changed is re-encoded, lengths follow, meta is right, writes are atomic.
final class WriterTests: XCTestCase {
    let b = Bytes(encoding: .explicitLittle)

    func test_editingOneElement_changesOnlyThatElement() throws {
        let before = b.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + b.text(Tag(0x0008, 0x0018), .UI, "1.2.3.4")
        let after = b.text(Tag(0x0010, 0x0020), .LO, "ID-1") + b.element(Tag(0x7FE0, 0x0010), .OW, [9, 8, 7, 6])
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: before + b.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane") + after)
        var file = try DicomReader.read(bytes: input)
        file.dataSet.setString(Tag(0x0010, 0x0010), .PN, "Roe^Richard")
        let output = try DicomWriter.encode(file)
        let expected = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: before + b.text(Tag(0x0010, 0x0010), .PN, "Roe^Richard") + after)
        XCTAssertEqual(output, expected)
    }

    func test_editInsideDefinedLengthSequence_updatesSequenceAndItemLengths() throws {
        let item = b.item(b.text(Tag(0x0008, 0x1150), .UI, "1.2.840.10008.5.1.4.1.1.7") + b.text(Tag(0x0008, 0x1155), .UI, "1.2.3"))
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: b.element(Tag(0x0008, 0x1140), .SQ, item))
        var file = try DicomReader.read(bytes: input)
        file.dataSet.modify(Tag(0x0008, 0x1140)) { element in
            element.items[0].dataSet.setString(Tag(0x0008, 0x1155), .UI, "1.2.3.4.5.6.7.8.9")
        }
        let reread = try DicomReader.read(bytes: try DicomWriter.encode(file))
        XCTAssertTrue(reread.diagnostics.isEmpty, "\(reread.diagnostics)")
        XCTAssertEqual(reread.dataSet[Tag(0x0008, 0x1140)]?.items.first?.dataSet.string(Tag(0x0008, 0x1155)), "1.2.3.4.5.6.7.8.9")
        XCTAssertFalse(reread.dataSet[Tag(0x0008, 0x1140)]?.hasUndefinedLength ?? true, "defined length kept")
    }

    func test_groupLength_isRecomputedOnlyWhenItsGroupChanges() throws {
        let group10 = b.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let wrongLength = b.element(Tag(0x0010, 0x0000), .UL, b.u32(999))
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: wrongLength + group10)
        let untouched = try DicomReader.read(bytes: input)
        XCTAssertEqual(try DicomWriter.encode(untouched), input, "a wrong group length is kept while nothing changes")

        var edited = untouched
        edited.dataSet.setString(Tag(0x0010, 0x0020), .LO, "ID")
        let reread = try DicomReader.read(bytes: try DicomWriter.encode(edited))
        let expected = Int64(b.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane").count + b.text(Tag(0x0010, 0x0020), .LO, "ID").count)
        XCTAssertEqual(reread.dataSet.int(Tag(0x0010, 0x0000)).map(Int64.init), expected)
    }

    func test_regeneratedMeta_namesDicomfix_andFollowsTheDataSet() throws {
        let data = b.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.2") + b.text(Tag(0x0008, 0x0018), .UI, "9.8.7")
        let file = try DicomReader.read(bytes: data)
        let written = try DicomReader.read(bytes: try DicomWriter.encode(file))
        XCTAssertEqual(written.container, .part10)
        XCTAssertTrue(written.diagnostics.isEmpty, "\(written.diagnostics)")
        XCTAssertEqual(written.meta.string(Tag(0x0002, 0x0002)), "1.2.840.10008.5.1.4.1.1.2")
        XCTAssertEqual(written.meta.string(Tag(0x0002, 0x0003)), "9.8.7")
        XCTAssertEqual(written.meta.string(Tag(0x0002, 0x0012)), Implementation.classUID)
        XCTAssertEqual(written.meta[Tag(0x0002, 0x0001)]?.inlineBytes, [0, 1])
    }

    func test_bigEndianBulkData_isSwappedWhenTranscoding() throws {
        let be = Bytes(encoding: .explicitBig)
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.2", dataSet: be.element(Tag(0x7FE0, 0x0010), .OW, [0x01, 0x02, 0x03, 0x04]))
        let file = try DicomReader.read(bytes: input)
        let little = try DicomReader.read(bytes: try DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRLittleEndian)))
        XCTAssertEqual(try little.dataSet[Tag(0x7FE0, 0x0010)]?.loadBytes(), [0x02, 0x01, 0x04, 0x03])
    }

    func test_compressedPixelData_cannotBeTranscoded() throws {
        let fragments = b.item([]) + b.item([1, 2]) + b.sequenceDelimiter
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.4.50", dataSet: b.element(Tag(0x7FE0, 0x0010), .OB, fragments, length: 0xFFFF_FFFF))
        let file = try DicomReader.read(bytes: input)
        XCTAssertEqual(try DicomWriter.encode(file), input)
        XCTAssertThrowsError(try DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRLittleEndian))) { error in
            XCTAssertEqual((error as? DICOMError)?.code, .unsupported)
        }
    }

    func test_writingOverTheInput_isRefusedUnlessInPlace() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("a.dcm").path
        let input = Bytes.part10(transferSyntax: "1.2.840.10008.1.2.1", dataSet: b.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane"))
        try Data(input).write(to: URL(fileURLWithPath: path))
        let file = try DicomReader.read(path: path)
        XCTAssertThrowsError(try DicomWriter.write(file, toPath: path)) { error in
            XCTAssertEqual((error as? DICOMError)?.code, .refusedOverwrite)
        }
        var edited = file
        edited.dataSet.setString(Tag(0x0010, 0x0010), .PN, "Roe^Jane")
        try DicomWriter.write(edited, toPath: path, inPlace: true)
        XCTAssertEqual(try DicomReader.read(path: path).dataSet.string(Tag(0x0010, 0x0010)), "Roe^Jane")
    }

    func test_failedWrite_leavesNoFileBehind() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("out.dcm").path
        struct Interrupted: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: path) { sink in
            try sink.write([1, 2, 3])
            throw Interrupted()
        })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    func test_newFile_fromDataSet_isReadableAndValid() throws {
        var dataSet = DataSet()
        dataSet.setString(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.setString(Tag(0x0008, 0x0018), .UI, "1.2.3")
        dataSet.setString(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        dataSet.set(Element(Tag(0x0008, 0x1115), .SQ, value: .sequence([Item(DataSet(elements: [Element(Tag(0x0020, 0x000E), .UI, bytes: paddedUID("1.2.3.4"))]))])))
        for syntax in TransferSyntax.uncompressed {
            let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet, transferSyntax: syntax))
            let file = try DicomReader.read(bytes: bytes)
            XCTAssertTrue(file.diagnostics.isEmpty, "\(syntax): \(file.diagnostics)")
            XCTAssertEqual(file.dataSet[Tag(0x0008, 0x1115)]?.items.first?.dataSet.string(Tag(0x0020, 0x000E)), "1.2.3.4")
        }
    }
}
