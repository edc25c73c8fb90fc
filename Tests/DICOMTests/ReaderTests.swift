import XCTest

@testable import DICOM

/// The reader on exact byte layouts: every VR, length form, encoding and malformed case.
final class ReaderTests: XCTestCase {
    let explicitLE = Bytes(encoding: .explicitLittle)
    let implicitLE = Bytes(encoding: .implicitLittle)
    let explicitBE = Bytes(encoding: .explicitBig)

    func read(_ dataSet: [UInt8], syntax: String = "1.2.840.10008.1.2.1", options: ReadOptions = .lenient) throws -> DicomFile {
        try DicomReader.read(bytes: Bytes.part10(transferSyntax: syntax, dataSet: dataSet), options: options)
    }

    func test_explicitLittle_readsEveryVR_withItsValue() throws {
        var data: [UInt8] = []
        var expected: [(Tag, VR, [UInt8])] = []
        for (index, vr) in VR.allCases.enumerated() where vr != .SQ {
            let tag = Tag(0x0009, UInt16(0x1000 + index))
            let value: [UInt8] = vr.isString ? Array("AB".utf8) : [1, 2, 3, 4, 5, 6, 7, 8]
            data += explicitLE.element(tag, vr, value)
            expected.append((tag, vr, value))
        }
        let file = try read(explicitLE.element(Tag(0x0009, 0x0010), .LO, Array("DICOMFIX".utf8)) + data)
        XCTAssertTrue(file.diagnostics.isEmpty, "\(file.diagnostics)")
        for (tag, vr, value) in expected {
            let element = try XCTUnwrap(file.dataSet[tag], "\(vr)")
            XCTAssertEqual(element.vr, vr)
            XCTAssertEqual(element.inlineBytes, value, "\(vr)")
        }
    }

    func test_implicitLittle_takesVRFromDictionary() throws {
        let data = implicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^John") + implicitLE.element(Tag(0x0028, 0x0010), .US, [0x00, 0x02])
        let file = try read(data, syntax: "1.2.840.10008.1.2")
        XCTAssertEqual(file.dataSet[Tag(0x0010, 0x0010)]?.vr, .PN)
        XCTAssertEqual(file.dataSet[Tag(0x0028, 0x0010)]?.vr, .US)
        XCTAssertEqual(file.dataSet.int(Tag(0x0028, 0x0010)), 512)
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^John")
    }

    func test_explicitBig_numbersAreSwappedToLittleEndianInMemory() throws {
        let data = explicitBE.element(Tag(0x0028, 0x0010), .US, [0x02, 0x00]) + explicitBE.element(Tag(0x0028, 0x0011), .UL, [0, 0, 1, 0])
        let file = try read(data, syntax: "1.2.840.10008.1.2.2")
        XCTAssertEqual(file.dataSet.int(Tag(0x0028, 0x0010)), 512)
        XCTAssertEqual(file.dataSet[Tag(0x0028, 0x0011)]?.ints, [256])
    }

    func test_sequences_definedAndUndefinedLengths_nestedThreeDeep() throws {
        let inner = explicitLE.text(Tag(0x0020, 0x000E), .UI, "1.2.3")
        let innerSequence = explicitLE.element(Tag(0x0008, 0x1115), .SQ, explicitLE.item(inner, undefined: true) + explicitLE.sequenceDelimiter, length: 0xFFFF_FFFF)
        let middle = explicitLE.item(innerSequence)
        let middleSequence = explicitLE.element(Tag(0x0008, 0x1110), .SQ, middle)
        let outer = explicitLE.element(Tag(0x0040, 0x0275), .SQ, explicitLE.item(middleSequence, undefined: true) + explicitLE.sequenceDelimiter, length: 0xFFFF_FFFF)
        let file = try read(outer)
        XCTAssertTrue(file.diagnostics.isEmpty, "\(file.diagnostics)")
        let level1 = try XCTUnwrap(file.dataSet[Tag(0x0040, 0x0275)])
        XCTAssertTrue(level1.hasUndefinedLength)
        let level2 = try XCTUnwrap(level1.items.first?.dataSet[Tag(0x0008, 0x1110)])
        XCTAssertFalse(level2.hasUndefinedLength)
        let level3 = try XCTUnwrap(level2.items.first?.dataSet[Tag(0x0008, 0x1115)])
        XCTAssertEqual(level3.items.first?.dataSet.string(Tag(0x0020, 0x000E)), "1.2.3")
    }

    func test_undefinedLengthUN_isReadAsImplicitLittleEndianSequence() throws {
        let content = implicitLE.item(implicitLE.text(Tag(0x0010, 0x0020), .LO, "ID1"), undefined: true) + implicitLE.sequenceDelimiter
        let file = try read(explicitLE.element(Tag(0x0009, 0x0010), .LO, Array("CREATOR ".utf8)) + explicitLE.element(Tag(0x0009, 0x1001), .UN, content, length: 0xFFFF_FFFF))
        let element = try XCTUnwrap(file.dataSet[Tag(0x0009, 0x1001)])
        XCTAssertEqual(element.vr, .UN)
        XCTAssertEqual(element.items.first?.dataSet.string(Tag(0x0010, 0x0020)), "ID1")
    }

    func test_implicitPrivateSequence_isRecognisedByItsItemTag() throws {
        let item = implicitLE.item(implicitLE.text(Tag(0x0009, 0x1002), .LO, "inside"))
        let data = implicitLE.text(Tag(0x0009, 0x0010), .LO, "CREATOR") + implicitLE.element(Tag(0x0009, 0x1001), .UN, item)
        let file = try read(data, syntax: "1.2.840.10008.1.2")
        XCTAssertEqual(file.dataSet[Tag(0x0009, 0x1001)]?.items.count, 1)
        XCTAssertEqual(file.dataSet[Tag(0x0009, 0x0010)]?.vr, .LO, "private creator is LO")
    }

    func test_oddLength_isReportedAsWarningWithOffset() throws {
        let file = try read(explicitLE.element(Tag(0x0010, 0x0010), .PN, Array("Doe".utf8)))
        let diagnostic = try XCTUnwrap(file.diagnostics.first { $0.code == "read.value.odd-length" })
        XCTAssertEqual(diagnostic.severity, .warning)
        XCTAssertEqual(diagnostic.path.description, "(0010,0010)")
        XCTAssertEqual(diagnostic.offset, Int64(file.dataSetOffset))
    }

    func test_vrThatDisagreesWithDictionary_isKeptAsWritten() throws {
        let file = try read(explicitLE.element(Tag(0x0028, 0x0010), .SS, [0, 2]))
        XCTAssertEqual(file.dataSet[Tag(0x0028, 0x0010)]?.vr, .SS)
    }

    func test_metaSaysExplicit_butDataSetIsImplicit_isDetectedAndReported() throws {
        let data = implicitLE.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + implicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let file = try read(data, syntax: "1.2.840.10008.1.2.1")
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.transfer-syntax.mismatch" })
        XCTAssertEqual(file.transferSyntax.encoding, .implicitLittle)
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
    }

    func test_metaSaysImplicit_butDataSetIsExplicit_isDetectedAndReported() throws {
        let data = explicitLE.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let file = try read(data, syntax: "1.2.840.10008.1.2")
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.transfer-syntax.mismatch" })
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
    }

    func test_truncatedValue_keepsWhatWasRead_andReportsWhere() throws {
        var data = explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane") + explicitLE.text(Tag(0x0010, 0x0020), .LO, "123456")
        data.removeLast(3)
        let file = try read(data)
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
        let diagnostic = try XCTUnwrap(file.diagnostics.first { $0.code == "read.value.truncated" })
        XCTAssertEqual(diagnostic.path.description, "(0010,0020)")
        XCTAssertEqual(diagnostic.severity, .error)
    }

    func test_hugeDeclaredLength_isAnErrorNotAnAllocation() throws {
        let data = explicitLE.tag(Tag(0x0009, 0x1001)) + Array("OB".utf8) + [0, 0] + explicitLE.u32(0xFFFF_FFF0) + [1, 2, 3, 4]
        let file = try read(data)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.value.truncated" })
        XCTAssertEqual(file.dataSet[Tag(0x0009, 0x1001)]?.value.byteCount, 4)
    }

    func test_headerCutInTheMiddle_isReported() throws {
        let data = explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane") + [0x10, 0x00, 0x20]
        let file = try read(data)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.header.truncated" })
    }

    func test_rawDataSet_implicit_withoutMeta() throws {
        let data = implicitLE.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + implicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let file = try DicomReader.read(bytes: data)
        XCTAssertEqual(file.container, .rawDataSet)
        XCTAssertEqual(file.transferSyntax.encoding, .implicitLittle)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.meta.missing" })
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
    }

    func test_rawDataSet_explicitBigEndian_withoutMeta() throws {
        let data = explicitBE.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + explicitBE.element(Tag(0x0028, 0x0010), .US, [0x01, 0x00])
        let file = try DicomReader.read(bytes: data)
        XCTAssertEqual(file.transferSyntax.encoding, .explicitBig)
        XCTAssertEqual(file.dataSet.int(Tag(0x0028, 0x0010)), 256)
    }

    func test_rawDataSet_withStrayLeadingByte_isReadAndReported() throws {
        let data = [0x00] + explicitLE.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7") + explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let file = try DicomReader.read(bytes: data)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.leading-bytes" })
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
        XCTAssertEqual(try DicomWriter.encode(file, options: WriteOptions(container: .asRead)), data)
    }

    func test_notDICOM_isRefusedWithReason() {
        XCTAssertThrowsError(try DicomReader.read(bytes: Array("hello, this is plain text and not DICOM at all".utf8))) { error in
            XCTAssertEqual((error as? DICOMError)?.code, .notDICOM)
        }
    }

    func test_unknownTransferSyntax_isReadAsExplicitLittle_withDiagnostic() throws {
        let file = try read(explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane"), syntax: "1.2.3.4.5.6")
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.transfer-syntax.unknown" })
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
    }

    func test_encapsulatedPixelData_fragmentsKeptAsRanges() throws {
        let fragments = explicitLE.item([]) + explicitLE.item([1, 2, 3, 4]) + explicitLE.item([5, 6]) + explicitLE.sequenceDelimiter
        let data = explicitLE.element(Tag(0x7FE0, 0x0010), .OB, fragments, length: 0xFFFF_FFFF)
        let file = try read(data, syntax: "1.2.840.10008.1.2.4.50")
        XCTAssertTrue(file.transferSyntax.isEncapsulated)
        guard case .encapsulated(let pixels) = file.dataSet[Tag(0x7FE0, 0x0010)]?.value else { return XCTFail("not encapsulated") }
        XCTAssertEqual(pixels.items.count, 3)
        XCTAssertEqual(pixels.basicOffsetTable?.length, 0)
        XCTAssertEqual(try pixels.fragments.map { try $0.load() }, [[1, 2, 3, 4], [5, 6]])
    }

    func test_pixelDataAndLargeValues_stayInTheFile() throws {
        let big = [UInt8](repeating: 7, count: 200)
        let data = explicitLE.element(Tag(0x0009, 0x1001), .OB, big) + explicitLE.element(Tag(0x7FE0, 0x0010), .OW, [1, 2, 3, 4])
        let file = try read(data, options: ReadOptions(bulkThreshold: 100))
        guard case .bulk(let bulk) = file.dataSet[Tag(0x0009, 0x1001)]?.value else { return XCTFail("large value loaded") }
        XCTAssertEqual(try bulk.load(), big)
        guard case .bulk = file.dataSet[Tag(0x7FE0, 0x0010)]?.value else { return XCTFail("pixel data loaded") }
    }

    func test_stopBeforePixelData_readsHeaderOnly() throws {
        let data = explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane") + explicitLE.element(Tag(0x7FE0, 0x0010), .OW, [1, 2, 3, 4])
        let file = try read(data, options: .headerOnly)
        XCTAssertNil(file.dataSet[Tag(0x7FE0, 0x0010)])
        XCTAssertNotNil(file.stoppedAt)
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
    }

    func test_strictPolicy_turnsWarningsIntoErrors() {
        let data = explicitLE.element(Tag(0x0010, 0x0010), .PN, Array("Doe".utf8))
        XCTAssertThrowsError(try read(data, options: .strictPolicy)) { error in
            XCTAssertEqual((error as? DICOMError)?.code, .strictPolicy)
        }
    }

    func test_nestingDeeperThanLimit_isReportedNotRecursedForever() throws {
        var content = explicitLE.text(Tag(0x0010, 0x0010), .PN, "Deep")
        for _ in 0..<80 {
            content = explicitLE.element(Tag(0x0040, 0xA730), .SQ, explicitLE.item(content, undefined: true) + explicitLE.sequenceDelimiter, length: 0xFFFF_FFFF)
        }
        let file = try read(content)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.depth.exceeded" })
    }

    func test_duplicateAndOutOfOrderElements_areReportedAndKept() throws {
        let data = explicitLE.text(Tag(0x0010, 0x0020), .LO, "ID") + explicitLE.text(Tag(0x0010, 0x0010), .PN, "A") + explicitLE.text(Tag(0x0010, 0x0010), .PN, "B")
        let file = try read(data)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.element.out-of-order" })
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.element.duplicate" })
        XCTAssertEqual(file.dataSet.count, 3)
        XCTAssertFalse(file.dataSet.isInTagOrder)
    }

    func test_itemWithoutSequenceDelimiter_atEndOfData_isReported() throws {
        let data = explicitLE.element(Tag(0x0008, 0x1115), .SQ, explicitLE.item(explicitLE.text(Tag(0x0020, 0x000E), .UI, "1.2")), length: 0xFFFF_FFFF)
        let file = try read(data)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.sequence.truncated" })
        XCTAssertEqual(file.dataSet[Tag(0x0008, 0x1115)]?.items.count, 1)
    }

    func test_deflatedDataSet_isInflated() throws {
        let plain = explicitLE.text(Tag(0x0010, 0x0010), .PN, "Doe^Jane")
        let original = try read(plain)
        let deflated = try DicomWriter.encode(original, options: WriteOptions(transferSyntax: .deflatedExplicitVRLittleEndian))
        let file = try DicomReader.read(bytes: deflated)
        XCTAssertTrue(file.transferSyntax.isDeflated)
        XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "Doe^Jane")
        XCTAssertEqual(try DicomWriter.encode(file), deflated, "unchanged deflated file is copied as it was")
    }

    func test_tagPath_printsItemsAndNesting() {
        let path = TagPath.root.appending(Tag(0x0008, 0x1115)).item(2).appending(Tag(0x0020, 0x000E))
        XCTAssertEqual(path.description, "(0008,1115)[2]/(0020,000E)")
    }
}

extension ReaderTests {
    func test_privateElement_knowsItsCreator() throws {
        let data = explicitLE.text(Tag(0x0029, 0x0010), .LO, "SIEMENS CSA HEADER") + explicitLE.element(Tag(0x0029, 0x1010), .OB, [1, 2])
        let file = try read(data)
        XCTAssertEqual(file.dataSet.privateCreator(of: Tag(0x0029, 0x1010)), "SIEMENS CSA HEADER")
        XCTAssertNil(file.dataSet.privateCreator(of: Tag(0x0029, 0x1110)), "block 11 has no creator")
    }

    func test_mediaStorageUIDDifferentFromDataSet_isReported() throws {
        let data = explicitLE.text(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7") + explicitLE.text(.sopInstanceUID, .UI, "9.9.9")
        let file = try read(data)
        XCTAssertEqual(file.diagnostics.map(\.code), ["read.meta.media-storage-mismatch"])
    }
}

extension ReaderTests {
    func test_largeDeflatedDataSet_isInflatedIntoATemporaryFile_notMemory() throws {
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.setString(.patientName, .PN, "Doe^Jane")
        dataSet.set(Element(.pixelData, .OW, bytes: (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet, transferSyntax: .deflatedExplicitVRLittleEndian))
        var options = ReadOptions()
        options.inflateInMemoryLimit = 16
        let file = try DicomReader.read(bytes: bytes, options: options)
        XCTAssertTrue(file.dataSource is FileByteSource, "inflated into a file")
        XCTAssertTrue(file.diagnostics.isEmpty, "\(file.diagnostics)")
        XCTAssertEqual(file.dataSet.string(.patientName), "Doe^Jane")
        XCTAssertEqual(try file.dataSet[.pixelData]?.loadBytes()?.count, 40_000)
        XCTAssertEqual(try DicomWriter.encode(file), bytes)
    }

    func test_corruptDeflateStream_isReportedNotTrapped() throws {
        let plain = try read(explicitLE.text(.patientName, .PN, "Doe^Jane"))
        var bytes = try DicomWriter.encode(plain, options: WriteOptions(transferSyntax: .deflatedExplicitVRLittleEndian))
        bytes[bytes.count - 3] ^= 0xFF
        bytes.removeLast()
        let file = try DicomReader.read(bytes: bytes)
        XCTAssertTrue(file.diagnostics.contains { $0.code == "read.deflate.failed" }, "\(file.diagnostics)")
    }
}
