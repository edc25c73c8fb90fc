import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

final class EncodingChecksTests: XCTestCase {
    // MARK: Helpers

    private func findings(_ dataSet: DataSet) -> [Finding] {
        var sink = FindingSink(file: "test.dcm")
        EncodingChecks.check(dataSet, characterSet: dataSet.specificCharacterSet(), into: &sink)
        return sink.findings
    }

    private func codes(_ dataSet: DataSet) -> [String] { findings(dataSet).map(\.code) }

    /// The codes for a data set holding just this element.
    private func codes(_ element: Element) -> [String] { codes(DataSet(elements: [element])) }

    /// The codes for a string element of `vr` with `text`, padded to even length as the VR says.
    private func codes(_ tag: Tag, _ vr: VR, _ text: String) -> [String] {
        var bytes = Array(text.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return codes(Element(tag, vr, bytes: bytes))
    }

    private func uint16(_ values: UInt16...) -> [UInt8] {
        values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    // MARK: Samples

    func test_ctStudySamples_haveNoEncodingErrors() throws {
        let folder = Repository.samples.appendingPathComponent("ct-study")
        let names = ["series-1/image-1.dcm", "series-1/image-2.dcm", "series-1/image-3.dcm", "series-2/image-1.dcm", "series-2/image-2.dcm"]
        for name in names {
            let dataSet = try DicomReader.read(path: folder.appendingPathComponent(name).path).dataSet
            XCTAssertGreaterThan(dataSet.count, 10, name)
            let errors = findings(dataSet).filter { $0.severity == .error }
            XCTAssertEqual(errors.map { "\($0.code) \($0.tagPath) \($0.message)" }, [], name)
        }
    }

    func test_wellFormedValues_giveNoFinding() {
        var dataSet = DataSet()
        dataSet.setString(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL")
        dataSet.setString(.sopInstanceUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
        dataSet.setString(.studyDate, .DA, "20240229")
        dataSet.setString(.acquisitionDateTime, .DT, "20240101120000.5+0100")
        dataSet.setString(.studyTime, .TM, "235959.123456")
        dataSet.setString(.modality, .CS, "CT")
        dataSet.setString(.patientName, .PN, "Doe^John^^Dr")
        dataSet.setString(.patientID, .LO, "ID 42")
        dataSet.setString(.patientAge, .AS, "045Y")
        dataSet.setString(.sliceThickness, .DS, "-1.5e-3")
        dataSet.setString(.instanceNumber, .IS, "-2147483648")
        dataSet.setString(.pixelSpacing, .DS, "0.5\\0.5")
        dataSet.setString(.imageComments, .LT, "line 1\r\nline 2\tend")
        dataSet.setUInt16(.rows, [512])
        XCTAssertEqual(findings(dataSet), [])
    }

    // MARK: VR against the dictionary

    func test_vrDifferentFromDictionary_isDictionaryMismatch() {
        XCTAssertEqual(codes(.patientName, .LO, "Doe^John"), ["vr.dictionary-mismatch"])
    }

    func test_alternativeVRFromDictionary_isNoMismatch() {
        XCTAssertEqual(codes(Element(.smallestImagePixelValue, .SS, bytes: uint16(0))), [])
        XCTAssertEqual(codes(Element(.smallestImagePixelValue, .US, bytes: uint16(0))), [])
    }

    func test_unknownVR_isNoMismatch() {
        XCTAssertEqual(codes(Element(.patientName, .UN, bytes: Array("Doe^John".utf8))), [])
    }

    // MARK: Lengths

    func test_longStringOver64Characters_isValueTooLong() {
        XCTAssertEqual(codes(.patientID, .LO, String(repeating: "A", count: 65)), ["vr.value-too-long"])
        XCTAssertEqual(codes(.patientID, .LO, String(repeating: "A", count: 64)), [])
    }

    func test_personNameGroupOver64Characters_isValueTooLong() {
        let group = "Doe^" + String(repeating: "J", count: 60)  // 64 characters
        XCTAssertEqual(codes(.patientName, .PN, group + "=" + group), [])
        XCTAssertEqual(codes(.patientName, .PN, group + "X"), ["vr.value-too-long"])
    }

    func test_binaryValueNotMultipleOfSize_isFixedLengthMismatch() {
        XCTAssertEqual(codes(Element(.rows, .US, bytes: [1, 2, 3])), ["vr.fixed-length-mismatch"])
        XCTAssertEqual(codes(Element(Tag(0x0018, 0x9327), .FD, bytes: [UInt8](repeating: 0, count: 12))), ["vr.fixed-length-mismatch"])
    }

    func test_undefinedLengthOnString_isUndefinedLengthNotAllowed() {
        let element = Element(.patientID, .LO, value: .bytes(Array("ID".utf8)), undefinedLength: true)
        XCTAssertEqual(codes(element), ["length.undefined-not-allowed"])
    }

    func test_encapsulatedPixelDataWithVROW_isEncapsulatedNotOB_withVROBClean() {
        let source = MemoryByteSource([0xFF, 0xD8, 0xFF, 0xD9], name: "fragment")
        let fragments = EncapsulatedPixelData(items: [
            BulkData(source: source, offset: 0, length: 0), BulkData(source: source, offset: 0, length: 4),
        ])
        XCTAssertEqual(codes(Element(.pixelData, .OW, value: .encapsulated(fragments), undefinedLength: true)), ["vr.encapsulated-not-ob"])
        XCTAssertEqual(codes(Element(.pixelData, .OB, value: .encapsulated(fragments), undefinedLength: true)), [])
    }

    func test_undefinedLengthOnSequence_isAllowed() {
        let item = Item(DataSet(elements: [Element(.sopInstanceUID, .UI, bytes: Array("1.2".utf8) + [0])]))
        XCTAssertEqual(codes(Element(.referencedImageSequence, .SQ, value: .sequence([item]))), [])
    }

    // MARK: Character repertoire

    func test_lowerCaseInCodeString_isInvalidCharacter() {
        XCTAssertEqual(codes(.modality, .CS, "ct"), ["vr.invalid-character"])
    }

    func test_controlCharacterInLongString_isInvalidCharacter() {
        XCTAssertEqual(codes(.patientID, .LO, "ID\n42"), ["vr.invalid-character"])
    }

    func test_lineBreakInLongText_isAllowed() {
        XCTAssertEqual(codes(.imageComments, .LT, "a\r\nb"), [])
    }

    func test_nonASCIIWithoutSpecificCharacterSet_isInvalidCharacter() {
        let element = Element(.patientName, .PN, bytes: [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72])  // Müller in Latin-1
        XCTAssertEqual(codes(element), ["vr.invalid-character"])
    }

    func test_latin1WithISOIR100_isValid() {
        var dataSet = DataSet()
        dataSet.setString(.specificCharacterSet, .CS, "ISO_IR 100")
        XCTAssertTrue(dataSet.setString(.patientName, .PN, "Müller^Jürgen"))
        XCTAssertEqual(codes(dataSet), [])
    }

    func test_invalidUTF8WithISOIR192_isInvalidCharacter() {
        var dataSet = DataSet()
        dataSet.setString(.specificCharacterSet, .CS, "ISO_IR 192")
        dataSet.set(Element(.patientName, .PN, bytes: [0x41, 0xC3, 0x28, 0x20]))
        XCTAssertEqual(codes(dataSet), ["vr.invalid-character"])
    }

    func test_uidWithLetter_isInvalidCharacter() {
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "1.2.a"), ["vr.invalid-character"])
    }

    // MARK: Value syntax

    func test_dateThatDoesNotExist_isInvalidDate() {
        XCTAssertEqual(codes(.studyDate, .DA, "20230230"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyDate, .DA, "19000229"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyDate, .DA, "2024011"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyDate, .DA, "20000229"), [])
    }

    func test_dateTimeAndDateTimeWithSeparators_areInvalidDateTimeOrDateTime_notInvalidCharacter() {
        XCTAssertEqual(codes(.studyDate, .DA, "2024.01.01"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyDate, .DA, "2024-03-12"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyDate, .DA, "2024031A"), ["vr.invalid-date"])
        XCTAssertEqual(codes(.studyTime, .TM, "14:30"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.studyTime, .TM, "14:30:05.25"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.acquisitionDateTime, .DT, "2024-03-12T14:30:05+01:00"), ["vr.invalid-datetime"])
    }

    func test_timeOutOfRange_isInvalidTime() {
        XCTAssertEqual(codes(.studyTime, .TM, "2400"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.studyTime, .TM, "1260"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.studyTime, .TM, "120000.1234567"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.studyTime, .TM, "1200.5"), ["vr.invalid-time"])
        XCTAssertEqual(codes(.studyTime, .TM, "07"), [])
        XCTAssertEqual(codes(.studyTime, .TM, "0730"), [])
    }

    func test_dateTimeWithBadOffsetOrDay_isInvalidDateTime() {
        XCTAssertEqual(codes(.acquisitionDateTime, .DT, "20240101120000+1500"), ["vr.invalid-datetime"])
        XCTAssertEqual(codes(.acquisitionDateTime, .DT, "20240132"), ["vr.invalid-datetime"])
        XCTAssertEqual(codes(.acquisitionDateTime, .DT, "2024"), [])
        XCTAssertEqual(codes(.acquisitionDateTime, .DT, "202401011200-0500"), [])
    }

    func test_uidWithLeadingZeroOrEmptyComponent_isInvalidUID() {
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "1.2.03"), ["vr.invalid-uid"])
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "1..2"), ["vr.invalid-uid"])
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "0.0.0.0"), ["vr.invalid-uid"], "nothing but zero components")
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "3.1.4"), ["vr.invalid-uid"], "first arc above 2")
        XCTAssertEqual(codes(.sopInstanceUID, .UI, "1.2.0.30"), [])
    }

    func test_uidLongerThan64Bytes_isValueTooLong() {
        let uid = "1." + String(repeating: "2", count: 63)
        XCTAssertEqual(codes(.sopInstanceUID, .UI, uid), ["vr.value-too-long"])
    }

    func test_integerStringOutOfRange_isInvalidNumber() {
        XCTAssertEqual(codes(.instanceNumber, .IS, "2147483648"), ["vr.invalid-number"])
        XCTAssertEqual(codes(.instanceNumber, .IS, "1 2"), ["vr.invalid-number"])
        XCTAssertEqual(codes(.instanceNumber, .IS, " +12 "), [])
    }

    func test_decimalStringWithTwoPoints_isInvalidNumber() {
        XCTAssertEqual(codes(.sliceThickness, .DS, "1.2.3"), ["vr.invalid-number"])
        XCTAssertEqual(codes(.sliceThickness, .DS, "1e"), ["vr.invalid-number"])
        XCTAssertEqual(codes(.sliceThickness, .DS, "1.25E+02"), [])
    }

    func test_decimalStringOver16Bytes_isValueTooLong() {
        XCTAssertEqual(codes(.sliceThickness, .DS, "0.12345678901234567"), ["vr.value-too-long"])
    }

    func test_ageWithoutUnit_isInvalidAge() {
        XCTAssertEqual(codes(.patientAge, .AS, "045"), ["vr.invalid-age"])
        XCTAssertEqual(codes(.patientAge, .AS, "45Y"), ["vr.invalid-age"])
        XCTAssertEqual(codes(.patientAge, .AS, "012M"), [])
    }

    func test_severalBadValues_areOneFindingCountingTheOthers() {
        let found = findings(DataSet(elements: [Element(.pixelSpacing, .DS, bytes: Array("1..\\2..".utf8))]))
        XCTAssertEqual(found.map(\.code), ["vr.invalid-number"])
        XCTAssertTrue(found.first?.message.contains("1 more value") ?? false, found.first?.message ?? "")
    }

    // MARK: Multiplicity

    func test_moreValuesThanDictionaryAllows_isVMMismatch() {
        XCTAssertEqual(codes(.patientID, .LO, "A\\B"), ["vm.mismatch"])
        XCTAssertEqual(codes(Element(.rows, .US, bytes: uint16(1, 2))), ["vm.mismatch"])
        XCTAssertEqual(codes(.imageType, .CS, "ORIGINAL"), ["vm.mismatch"])
    }

    func test_emptyValue_isNoVMMismatch() {
        XCTAssertEqual(codes(Element(.imageType, .CS, bytes: [])), [])
    }

    func test_privateElementWithManyValues_isNoVMMismatch() {
        let creator = Element(Tag(0x0029, 0x0010), .LO, bytes: Array("ACME 1.0".utf8))
        let data = Element(Tag(0x0029, 0x1010), .LO, bytes: Array("A\\B\\C\\D\\".utf8))
        XCTAssertEqual(codes(DataSet(elements: [creator, data])), [])
    }

    // MARK: Padding

    func test_uidPaddedWithSpace_isInvalidPadding() {
        let element = Element(.sopInstanceUID, .UI, bytes: Array("1.2.3".utf8) + [0x20])
        XCTAssertEqual(codes(element), ["value.padding.invalid"])
    }

    func test_uidWithLeadingSpace_isInvalidPadding() {
        let element = Element(.sopInstanceUID, .UI, bytes: Array(" 1.2.3".utf8))
        XCTAssertEqual(codes(element), ["value.padding.invalid"])
    }

    func test_stringPaddedWithNUL_isInvalidPadding() {
        let element = Element(.modality, .CS, bytes: Array("MRI".utf8) + [0x00])
        XCTAssertEqual(codes(element), ["value.padding.invalid"])
    }

    // MARK: Private elements

    func test_privateElementWithoutCreator_isReported() {
        let data = Element(Tag(0x0029, 0x1010), .LO, bytes: Array("AB".utf8))
        XCTAssertEqual(codes(data), ["element.private-without-creator"])
        let creator = Element(Tag(0x0029, 0x0010), .LO, bytes: Array("ACME 1.0".utf8))
        XCTAssertEqual(codes(DataSet(elements: [creator, data])), [])
    }

    func test_privateCreatorNotLO_isDictionaryMismatch() {
        XCTAssertEqual(codes(Element(Tag(0x0029, 0x0010), .SH, bytes: Array("ACME".utf8))), ["vr.dictionary-mismatch"])
    }

    func test_privateDataElementOfAnyVR_isNoDictionaryMismatch() {
        let creator = Element(Tag(0x0029, 0x0010), .LO, bytes: Array("ACME 1.0".utf8))
        XCTAssertEqual(codes(DataSet(elements: [creator, Element(Tag(0x0029, 0x1001), .US, bytes: [1, 0])])), [])
    }

    func test_privateElementBelow0010_isReserved() {
        XCTAssertEqual(codes(Element(Tag(0x0029, 0x0005), .LO, bytes: Array("AB".utf8))), ["element.private-reserved"])
    }

    func test_elementInGroup0001To0007OrFFFF_isGroupReserved() {
        let result = findings(DataSet(elements: [Element(Tag(0x0001, 0x0001), .UN, bytes: [1, 2])]))
        XCTAssertEqual(result.map(\.code), ["element.group-reserved"])
        XCTAssertEqual(result.first?.found, "0001")
        XCTAssertEqual(result.first?.reference, "PS3.5 7.8.1")
        XCTAssertEqual(codes(Element(Tag(0x0007, 0x0010), .LO, bytes: Array("AB".utf8))), ["element.group-reserved"])
        XCTAssertFalse(codes(Element(Tag(0x0009, 0x0010), .LO, bytes: Array("AB".utf8))).contains("element.group-reserved"))
    }

    // MARK: Group length

    /// An implicit VR little endian data set without File Meta Information: (0010,0000) = `length`,
    /// then 24 bytes of group 0010.
    private func groupLengthData(_ length: UInt8) -> [UInt8] {
        [0x10, 0x00, 0x00, 0x00, 4, 0, 0, 0, length, 0, 0, 0]
            + [0x10, 0x00, 0x10, 0x00, 6, 0, 0, 0] + Array("DOE^J ".utf8)
            + [0x10, 0x00, 0x20, 0x00, 2, 0, 0, 0] + Array("12".utf8)
    }

    func test_groupLengthThatDisagreesWithGroup_isGroupLengthWrong() throws {
        let file = try DicomReader.read(bytes: groupLengthData(30))
        XCTAssertEqual(file.dataSet.count, 3)
        let found = findings(file.dataSet).filter { $0.code.hasPrefix("group-length") }
        XCTAssertEqual(found.map(\.code), ["group-length.wrong"])
        XCTAssertEqual(found.first?.expected, "24")
        XCTAssertEqual(found.first?.offset, 0)
    }

    func test_groupLengthThatAgrees_isNoFinding() throws {
        let file = try DicomReader.read(bytes: groupLengthData(24))
        XCTAssertEqual(findings(file.dataSet).filter { $0.code.hasPrefix("group-length") }, [])
    }

    func test_groupLengthOfChangedGroup_isNotChecked() throws {
        var dataSet = try DicomReader.read(bytes: groupLengthData(24)).dataSet
        dataSet.setString(Tag(0x0010, 0x0030), .DA, "20000101")
        XCTAssertEqual(findings(dataSet).filter { $0.code.hasPrefix("group-length") }, [])
    }

    // MARK: Retired attributes

    func test_retiredAttribute_isInfo() {
        let found = findings(DataSet(elements: [Element(Tag(0x0008, 0x0010), .SH, bytes: Array("RC".utf8))]))
        XCTAssertEqual(found.map(\.code), ["attribute.retired"])
        XCTAssertEqual(found.first?.severity, .info)
    }

    // MARK: Items

    func test_problemInItem_carriesItemPath() {
        let good = Item(DataSet(elements: [Element(.studyDate, .DA, bytes: Array("20240101".utf8))]))
        let bad = Item(DataSet(elements: [Element(.studyDate, .DA, bytes: Array("20241301".utf8))]))
        let sequence = Element(.referencedImageSequence, .SQ, value: .sequence([good, bad]))
        let found = findings(DataSet(elements: [sequence]))
        XCTAssertEqual(found.map(\.code), ["vr.invalid-date"])
        XCTAssertEqual(found.first?.tagPath, "(0008,1140)[1]/(0008,0020)")
    }

    func test_itemWithOwnCharacterSet_overridesInherited() {
        let latin1Name = Element(.patientName, .PN, bytes: [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72])
        let declaring = Item(DataSet(elements: [
            Element(.specificCharacterSet, .CS, bytes: Array("ISO_IR 100".utf8)), latin1Name,
        ]))
        let inheriting = Item(DataSet(elements: [latin1Name]))
        let sequence = Element(.referencedImageSequence, .SQ, value: .sequence([declaring, inheriting]))
        let found = findings(DataSet(elements: [sequence]))
        XCTAssertEqual(found.map { "\($0.code) \($0.tagPath)" }, ["vr.invalid-character (0008,1140)[1]/(0010,0010)"])
    }
}
