import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// Inputs the profile table alone would let leak, most found by the fuzz-change target: unknown
/// attributes in even groups, command elements in the data set, the retired Relationship
/// Sequence, standard attributes carried as UN, repeated tags, unknown File Meta elements.

/// The planted CT changed by `change`, written to a temporary folder and de-identified with
/// `options`.
private func anonymizedPlanted(
    _ test: XCTestCase, options: Set<ProfileOption> = [], _ change: (inout DicomFile) throws -> Void
) throws -> (output: DicomFile, bytes: [UInt8], result: Anonymizer.Result) {
    let folder = try temporaryDirectory(test)
    var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
    try change(&file)
    let input = folder.appendingPathComponent("input.dcm").path
    try DicomWriter.write(file, toPath: input)
    let key = try DeidentificationKey(bytes: [UInt8](repeating: 9, count: 32))
    let result = try Anonymizer(profile: try DeidentificationProfile(options: options, key: key))
        .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
    let output = try XCTUnwrap(result.output)
    return (try DicomReader.read(path: output), [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))), result)
}

/// A value padded to even length with NUL (UI) or a space.
private func padded(_ text: String, _ vr: VR) -> [UInt8] {
    var bytes = Array(text.utf8)
    if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : 0x20) }
    return bytes
}

/// Standard-group elements the data dictionary does not know, command elements and the retired
/// Relationship Sequence (a Series Description whose tag had become (0008,273E) kept the
/// operator's name).
final class UnknownAttributeTests: XCTestCase {
    private let unknown = Tag(0x0008, 0x273E)
    private let text = "THORAX AXIAL FOR OLIVER"

    /// `text` under the unknown tag at the top level and in an item of a new Referenced Series
    /// Sequence.
    private func withUnknownElements(_ file: inout DicomFile) {
        file.dataSet.set(Element(unknown, .LO, bytes: padded(text, .LO)))
        var item = DataSet()
        item.set(Element(unknown, .LO, bytes: padded(text, .LO)))
        item.setString(.seriesInstanceUID, .UI, "1.2.3.4")
        file.dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item)])))
    }

    func test_unknownPublicElement_isRemoved_atTheTopAndInItems() throws {
        let (output, bytes, result) = try anonymizedPlanted(self, withUnknownElements)
        XCTAssertNil(output.dataSet[unknown])
        let items = output.dataSet[.referencedSeriesSequence]?.items ?? []
        XCTAssertEqual(items.count, 1)
        XCTAssertNil(items.first?.dataSet[unknown])
        XCTAssertEqual(result.tally[.unknownRemoved], 2)
        XCTAssertNil(bytes.firstRange(of: Array("OLIVER".utf8)), "the operator's name is nowhere in the output")
    }

    func test_unknownPublicElement_isRemoved_whateverTheOptions() throws {
        let options = Set(ProfileOption.allCases).subtracting([.retainLongFullDates])
        let (output, _, result) = try anonymizedPlanted(self, options: options, withUnknownElements)
        XCTAssertNil(output.dataSet[unknown])
        XCTAssertEqual(result.tally[.unknownRemoved], 2)
    }

    func test_commandElementInTheDataSet_isRemoved() throws {
        let (output, _, result) = try anonymizedPlanted(self) { file in
            file.dataSet.set(Element(Tag(0x0000, 0x1030), .AE, bytes: padded("ODEGARD_WS", .AE)))
        }
        XCTAssertNil(output.dataSet[Tag(0x0000, 0x1030)])
        XCTAssertEqual(result.tally[.unknownRemoved], 1)
    }

    func test_retiredRelationshipSequence_isTreatedAsContentSequence() throws {
        let (output, _, _) = try anonymizedPlanted(self) { file in
            var item = DataSet()
            item.setString(.valueType, .CS, "TEXT")
            item.setString(Tag(0x0040, 0xA160), .UT, "call her at +47 5555 0199")
            file.dataSet.set(Element(Tag(0x0040, 0xA731), .SQ, value: .sequence([Item(item)])))
        }
        let text = output.dataSet[Tag(0x0040, 0xA731)]?.items.first?.dataSet.string(Tag(0x0040, 0xA160))
        XCTAssertEqual(text, "ANONYMIZED")
    }

    func test_sequenceUnderANonSequenceTag_isRemoved() throws {
        // A Graphic Annotation Sequence whose tag became Bounding Box Annotation Units (CS).
        let (output, bytes, _) = try anonymizedPlanted(self) { file in
            var text = DataSet()
            text.setString(Tag(0x0070, 0x0006), .ST, "for Åse")
            var annotation = DataSet()
            annotation.set(Element(Tag(0x0070, 0x0008), .SQ, value: .sequence([Item(text)])))
            file.dataSet.set(Element(Tag(0x0070, 0x0003), .SQ, value: .sequence([Item(annotation)])))
        }
        XCTAssertNil(output.dataSet[Tag(0x0070, 0x0003)])
        XCTAssertNil(bytes.firstRange(of: Array("Åse".utf8)))
    }

    func test_groupLengthTagHoldingText_isRemoved() throws {
        // The writer would make (0000,0000) a real group length, so the element is appended as
        // raw explicit VR little endian bytes: Displayed Area Selection Sequence (not in Table
        // E.1-1, so its items get the profile), one item with (0000,0000) UI holding a UID.
        let folder = try temporaryDirectory(self)
        let planted = Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path
        let uid = try XCTUnwrap(try DicomReader.read(path: planted).dataSet.string(.studyInstanceUID))
        let value = padded(uid, .UI)
        let inner: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x55, 0x49] + withUnsafeBytes(of: UInt16(value.count).littleEndian, Array.init) + value
        let sequence: [UInt8] = [0x70, 0x00, 0x5A, 0x00, 0x53, 0x51, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
            + [0xFE, 0xFF, 0x00, 0xE0] + withUnsafeBytes(of: UInt32(inner.count).littleEndian, Array.init) + inner
            + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        let input = folder.appendingPathComponent("input.dcm").path
        try Data(try Data(contentsOf: URL(fileURLWithPath: planted)) + sequence).write(to: URL(fileURLWithPath: input))
        let key = try DeidentificationKey(bytes: [UInt8](repeating: 9, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(result.output))))
        XCTAssertNil(bytes.firstRange(of: Array(uid.utf8)), "the original Study Instance UID")
        XCTAssertEqual(result.tally[.unknownRemoved], 1)
    }

    func test_freeTextUnderANumericTag_isRemoved_butAnotherNumericVRIsKept() throws {
        let (output, bytes, _) = try anonymizedPlanted(self) { file in
            file.dataSet.set(Element(Tag(0x0018, 0x5030), .LO, bytes: padded("PROTOCOL ODEGARD", .LO)))
            file.dataSet.set(Element(.bitsStored, .SS, bytes: [12, 0]))
        }
        XCTAssertNil(output.dataSet[Tag(0x0018, 0x5030)])
        XCTAssertNil(bytes.firstRange(of: Array("ODEGARD".utf8)))
        XCTAssertEqual(output.dataSet[.bitsStored]?.vr, .SS, "a numeric VR mistake carries no name: kept")
    }

    func test_knownUnlistedAttribute_isKept() throws {
        // Rows is in the dictionary and not in Table E.1-1: kept as it was.
        let (output, _, _) = try anonymizedPlanted(self, withUnknownElements)
        XCTAssertEqual(output.dataSet.int(.rows), 64)
    }
}

/// A file that carries its standard attributes as UN (as written by a system that did not know
/// them): de-identified like any other, its UIDs inside sequences replaced.
final class UNAttributeTests: XCTestCase {
    func test_standardAttributesAsUN_areDeidentified() throws {
        let referenced = "1.2.826.0.1.3680043.2.1125.77.1"
        var originalInstance = ""
        let (_, bytes, result) = try anonymizedPlanted(self) { file in
            originalInstance = try XCTUnwrap(file.dataSet.string(.sopInstanceUID))
            file.dataSet.set(Element(.patientName, .UN, bytes: Array("UNKNOWNVR^PATRICIA".utf8)))
            file.dataSet.set(Element(.sopInstanceUID, .UN, bytes: padded(originalInstance, .UI)))
            let value = padded(referenced, .UI)
            let element: [UInt8] = [0x08, 0x00, 0x55, 0x11] + withUnsafeBytes(of: UInt32(value.count).littleEndian, Array.init) + value
            let item: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0] + withUnsafeBytes(of: UInt32(element.count).littleEndian, Array.init) + element
            file.dataSet.set(Element(.referencedImageSequence, .UN, bytes: item))
        }
        XCTAssertTrue(result.diagnostics.contains { $0.code == "deid.un-reinterpreted" })
        for leaked in ["PATRICIA", "UNKNOWNVR", originalInstance, referenced] {
            XCTAssertNil(bytes.firstRange(of: Array(leaked.utf8)), "\(leaked) left in the output")
        }
        XCTAssertEqual(try Verifier(values: result.identifyingValues).scan(path: try XCTUnwrap(result.output)).map(\.value), [])
    }
}

/// A tag repeated in one data set (the reader keeps both): the repeat goes, so no original value
/// survives behind the first element's dummy (a second Content Time kept 080300).
final class RepeatedElementTests: XCTestCase {
    func test_repeatedTag_isRemoved_andItsValueIsSearchedByVerify() throws {
        let (output, bytes, result) = try anonymizedPlanted(self) { file in
            var elements = file.dataSet.elements
            let position = try XCTUnwrap(elements.firstIndex { $0.tag > .contentTime })
            elements.insert(Element(.contentTime, .TM, bytes: Array("080300".utf8)), at: position)
            elements.insert(Element(.institutionName, .LO, bytes: padded("REPEATED HOSPITAL", .LO)), at: position)
            file.dataSet = DataSet(elements: elements)
        }
        XCTAssertNil(bytes.firstRange(of: Array("REPEATED HOSPITAL".utf8)))
        XCTAssertEqual(output.dataSet.elements.filter { $0.tag == .contentTime }.count, 1)
        XCTAssertFalse(output.diagnostics.contains { $0.code == "read.element.duplicate" })
        XCTAssertTrue(result.identifyingValues.searchTerms.contains("REPEATED HOSPITAL"))
        XCTAssertEqual(try Verifier(values: result.identifyingValues).scan(path: try XCTUnwrap(result.output)).map(\.value), [])
    }

    func test_theReaderKeepsBothElementsOfARepeatedTag() throws {
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        var elements = file.dataSet.elements
        let position = try XCTUnwrap(elements.firstIndex { $0.tag > .contentTime })
        elements.insert(Element(.contentTime, .TM, bytes: Array("080300".utf8)), at: position)
        file.dataSet = DataSet(elements: elements)
        let read = try DicomReader.read(bytes: try DicomWriter.encode(file))
        XCTAssertEqual(read.dataSet.elements.filter { $0.tag == .contentTime }.count, 2, "so the anonymizer must drop one")
    }
}

/// The File Meta Information of an output: what PS3.10 needs, nothing else unless
/// retain-device-identity keeps the sending systems (an unknown (0002,2003) kept the original
/// SOP Instance UID).
final class MetaCleaningTests: XCTestCase {
    private func anonymizedMeta(options: Set<ProfileOption>) throws -> (meta: DataSet, result: Anonymizer.Result) {
        let (output, _, result) = try anonymizedPlanted(self, options: options) { file in
            let instance = try XCTUnwrap(file.dataSet.string(.sopInstanceUID))
            file.meta.set(Element(Tag(0x0002, 0x2003), .UI, bytes: padded(instance, .UI)))
            file.meta.setString(.sourcePresentationAddress, .UR, "dicom://pacs.hospital.example:104")
            file.meta.setString(.sourceApplicationEntityTitle, .AE, "CT_ROOM_7")
        }
        return (output.meta, result)
    }

    func test_unknownAndDeviceMetaElements_areRemoved() throws {
        let (meta, result) = try anonymizedMeta(options: [])
        XCTAssertNil(meta[Tag(0x0002, 0x2003)])
        XCTAssertNil(meta[.sourcePresentationAddress])
        XCTAssertNil(meta[.sourceApplicationEntityTitle])
        XCTAssertNotNil(meta[.mediaStorageSOPInstanceUID])
        XCTAssertNotNil(meta[.transferSyntaxUID])
        XCTAssertEqual(try Verifier(values: result.identifyingValues).scan(path: try XCTUnwrap(result.output)).map(\.value), [])
    }

    func test_retainDeviceIdentity_keepsTheSendingSystem_butNotUnknownElements() throws {
        let (meta, _) = try anonymizedMeta(options: [.retainDeviceIdentity])
        XCTAssertNil(meta[Tag(0x0002, 0x2003)])
        XCTAssertEqual(meta.string(.sourcePresentationAddress), "dicom://pacs.hospital.example:104")
        XCTAssertEqual(meta.string(.sourceApplicationEntityTitle), "CT_ROOM_7")
    }
}
