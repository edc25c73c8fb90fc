import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// Standard-group elements the data dictionary does not know (a mistyped tag, vendor data in
/// an even group): their content cannot be known to be safe, so every profile removes them, at
/// the top level and inside items (found by the fuzz-change target: a Series Description whose
/// tag had become (0008,273E) kept the operator's name).
final class UnknownAttributeTests: XCTestCase {
    private let unknown = Tag(0x0008, 0x273E)
    private let text = "THORAX AXIAL FOR OLIVER"

    /// The planted CT with `text` under the unknown tag at the top level and in an item of a
    /// new Referenced Series Sequence, de-identified with `options`.
    private func anonymized(options: Set<ProfileOption> = []) throws -> (output: DicomFile, bytes: [UInt8], tally: ActionTally) {
        let folder = try temporaryDirectory(self)
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        file.dataSet.set(Element(unknown, .LO, bytes: Array((text + " ").utf8)))
        var item = DataSet()
        item.set(Element(unknown, .LO, bytes: Array((text + " ").utf8)))
        item.setString(.seriesInstanceUID, .UI, "1.2.3.4")
        file.dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item)])))
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: input)
        let key = try DeidentificationKey(bytes: [UInt8](repeating: 9, count: 32))
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: options, key: key))
        let result = try anonymizer.anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        let output = try XCTUnwrap(result.output)
        return (try DicomReader.read(path: output), [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))), result.tally)
    }

    func test_unknownPublicElement_isRemoved_atTheTopAndInItems() throws {
        let (output, bytes, tally) = try anonymized()
        XCTAssertNil(output.dataSet[unknown])
        let items = output.dataSet[.referencedSeriesSequence]?.items ?? []
        XCTAssertEqual(items.count, 1)
        XCTAssertNil(items.first?.dataSet[unknown])
        XCTAssertEqual(tally[.unknownRemoved], 2)
        XCTAssertNil(bytes.firstRange(of: Array("OLIVER".utf8)), "the operator's name is nowhere in the output")
    }

    func test_unknownPublicElement_isRemoved_whateverTheOptions() throws {
        let options = Set(ProfileOption.allCases).subtracting([.retainLongFullDates])
        let (output, _, tally) = try anonymized(options: options)
        XCTAssertNil(output.dataSet[unknown])
        XCTAssertEqual(tally[.unknownRemoved], 2)
    }

    func test_commandElementInTheDataSet_isRemoved() throws {
        let folder = try temporaryDirectory(self)
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        file.dataSet.set(Element(Tag(0x0000, 0x1030), .AE, bytes: Array("ODEGARD_WS ".utf8)))
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: input)
        let key = try DeidentificationKey(bytes: [UInt8](repeating: 9, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        let output = try DicomReader.read(path: try XCTUnwrap(result.output))
        XCTAssertNil(output.dataSet[Tag(0x0000, 0x1030)])
        XCTAssertEqual(result.tally[.unknownRemoved], 1)
    }

    func test_retiredRelationshipSequence_isTreatedAsContentSequence() throws {
        let folder = try temporaryDirectory(self)
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        var item = DataSet()
        item.setString(.valueType, .CS, "TEXT")
        item.setString(Tag(0x0040, 0xA160), .UT, "call her at +47 5555 0199")
        file.dataSet.set(Element(Tag(0x0040, 0xA731), .SQ, value: .sequence([Item(item)])))
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: input)
        let key = try DeidentificationKey(bytes: [UInt8](repeating: 9, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        let output = try DicomReader.read(path: try XCTUnwrap(result.output))
        let text = output.dataSet[Tag(0x0040, 0xA731)]?.items.first?.dataSet.string(Tag(0x0040, 0xA160))
        XCTAssertEqual(text, "ANONYMIZED")
    }

    func test_knownUnlistedAttribute_isKept() throws {
        // Rows is in the dictionary and not in Table E.1-1: kept as it was.
        let (output, _, _) = try anonymized()
        XCTAssertEqual(output.dataSet.int(.rows), 64)
    }
}

/// A file that carries its standard attributes as UN (as written by a system that did not know
/// them): de-identified like any other, its UIDs inside sequences replaced.
final class UNAttributeTests: XCTestCase {
    func test_standardAttributesAsUN_areDeidentified() throws {
        let folder = try temporaryDirectory(self)
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        let originalInstance = try XCTUnwrap(file.dataSet.string(.sopInstanceUID))
        file.dataSet.set(Element(.patientName, .UN, bytes: Array("UNKNOWNVR^PATRICIA".utf8)))
        file.dataSet.set(Element(.sopInstanceUID, .UN, bytes: Array(originalInstance.utf8) + (originalInstance.utf8.count % 2 == 1 ? [0] : [])))
        let referenced = "1.2.826.0.1.3680043.2.1125.77.1"
        var value = Array(referenced.utf8)
        if value.count % 2 == 1 { value.append(0) }
        let element: [UInt8] = [0x08, 0x00, 0x55, 0x11] + withUnsafeBytes(of: UInt32(value.count).littleEndian, Array.init) + value
        let item: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0] + withUnsafeBytes(of: UInt32(element.count).littleEndian, Array.init) + element
        file.dataSet.set(Element(.referencedImageSequence, .UN, bytes: item))
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: input)

        let key = try DeidentificationKey(bytes: [UInt8](repeating: 5, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        XCTAssertTrue(result.diagnostics.contains { $0.code == "deid.un-reinterpreted" })
        let output = try XCTUnwrap(result.output)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        for leaked in ["PATRICIA", "UNKNOWNVR", originalInstance, referenced] {
            XCTAssertNil(bytes.firstRange(of: Array(leaked.utf8)), "\(leaked) left in the output")
        }
        XCTAssertEqual(try Verifier(values: result.identifyingValues).scan(path: output).map(\.value), [])
    }
}

/// A tag repeated in one data set (the reader keeps both, reported as read.element.duplicate):
/// the repeat goes, so no original value survives behind the first element's dummy (found by
/// fuzz-change: a second Content Time kept 080300).
final class RepeatedElementTests: XCTestCase {
    func test_repeatedTag_isRemoved_andItsValueIsSearchedByVerify() throws {
        let folder = try temporaryDirectory(self)
        let file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        var elements = file.dataSet.elements
        let repeated = Element(.contentTime, .TM, bytes: Array("080300".utf8))
        let position = try XCTUnwrap(elements.firstIndex { $0.tag > .contentTime })
        elements.insert(repeated, at: position)
        elements.insert(Element(.institutionName, .LO, bytes: Array("REPEATED HOSPITAL ".utf8)), at: position)
        var copy = file
        copy.dataSet = DataSet(elements: elements)
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(copy, toPath: input)
        let read = try DicomReader.read(path: input)
        XCTAssertEqual(read.dataSet.elements.filter { $0.tag == .contentTime }.count, 2, "the reader keeps both")

        let key = try DeidentificationKey(bytes: [UInt8](repeating: 4, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        let output = try XCTUnwrap(result.output)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        XCTAssertNil(bytes.firstRange(of: Array("REPEATED HOSPITAL".utf8)))
        let written = try DicomReader.read(path: output)
        XCTAssertEqual(written.dataSet.elements.filter { $0.tag == .contentTime }.count, 1)
        XCTAssertFalse(written.diagnostics.contains { $0.code == "read.element.duplicate" })
        XCTAssertTrue(result.identifyingValues.searchTerms.contains("REPEATED HOSPITAL"))
        XCTAssertEqual(try Verifier(values: result.identifyingValues).scan(path: output).map(\.value), [])
    }
}

/// The File Meta Information of an output: what PS3.10 needs, nothing else unless
/// retain-device-identity keeps the sending systems (found by fuzz-change: an unknown
/// (0002,2003) kept the original SOP Instance UID).
final class MetaCleaningTests: XCTestCase {
    private func anonymizedMeta(options: Set<ProfileOption>) throws -> (meta: DataSet, result: Anonymizer.Result) {
        let folder = try temporaryDirectory(self)
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("phi/planted-ct-1.dcm").path)
        let instance = try XCTUnwrap(file.dataSet.string(.sopInstanceUID))
        file.meta.set(Element(Tag(0x0002, 0x2003), .UI, bytes: Array(instance.utf8) + (instance.utf8.count % 2 == 1 ? [0] : [])))
        file.meta.setString(.sourcePresentationAddress, .UR, "dicom://pacs.hospital.example:104")
        file.meta.setString(.sourceApplicationEntityTitle, .AE, "CT_ROOM_7")
        let input = folder.appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: input)
        let key = try DeidentificationKey(bytes: [UInt8](repeating: 6, count: 32))
        let result = try Anonymizer(profile: try DeidentificationProfile(options: options, key: key))
            .anonymize(inputPath: input, destination: .file(folder.appendingPathComponent("output.dcm").path))
        return (try DicomReader.read(path: try XCTUnwrap(result.output)).meta, result)
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
