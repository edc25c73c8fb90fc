import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// `--verify`: short whole values found as tokens, binary and large values searched (in chunks),
/// every hit reported, and folded comparison.
final class VerifierTests: XCTestCase {
    func profile() throws -> DeidentificationProfile {
        try DeidentificationProfile(key: try DeidentificationKey(bytes: [UInt8](repeating: 3, count: 32)))
    }

    /// The identifying values of a patient with a three-character ID and two-letter names.
    func values() throws -> IdentifyingValues {
        var input = DataSet()
        input.setString(.patientID, .LO, "X7Q")
        input.setString(.patientName, .PN, "LI^WU^^MR")
        input.setString(.referringPhysicianName, .PN, "HANSEN^KARI")
        var values = IdentifyingValues()
        IdentifyingValues.collect(from: input, requirements: .none, profile: try profile(), characterSet: .defaultRepertoire, into: &values)
        return values
    }

    func test_shortWholeValues_areLookedForAsTokens() throws {
        let values = try values()
        XCTAssertEqual(values.shortTerms, ["X7Q", "LI", "WU"], "MR is a prefix, not a name")
        var output = DataSet()
        output.setString(.rescaleType, .LO, "X7Q")
        output.setString(.convolutionKernel, .SH, "AX7QB")
        output.setString(Tag(0x0020, 0x4000), .LT, "seen by Li, id x7q; SLIDE LIWU")
        let hits = Verifier(values: values).scan(output, characterSet: .defaultRepertoire, path: .root)
        let found = Set(hits.map { "\($0.tagPath) \($0.value)" })
        XCTAssertEqual(found, ["(0028,1054) X7Q", "(0020,4000) LI", "(0020,4000) X7Q"], "every hit, none inside a word")
    }

    func test_everyValueInAnElement_isReported() throws {
        var output = DataSet()
        output.setString(Tag(0x0020, 0x4000), .LT, "Dr Hansen asked Kari about it")
        let hits = Verifier(values: try values()).scan(output, characterSet: .defaultRepertoire, path: .root)
        XCTAssertEqual(Set(hits.map(\.value)), ["HANSEN", "KARI"])
    }

    func test_publicBinaryElements_areSearched_inUTF8AndLatin1() throws {
        var output = DataSet()
        output.set(Element(.encapsulatedDocument, .OB, bytes: Array("%PDF-1.4 report for hansen, kari".utf8)))
        output.set(Element(Tag(0x0018, 0x9999), .UN, bytes: [0x01, 0x02] + Array("KARI".utf8) + [0xE9, 0x00]))
        output.set(Element(.pixelData, .OB, bytes: Array("HANSEN".utf8)))
        let hits = Verifier(values: try values()).scan(output, characterSet: .defaultRepertoire, path: .root)
        XCTAssertEqual(Set(hits.map { "\($0.tagPath) \($0.value)" }), ["(0042,0011) HANSEN", "(0042,0011) KARI", "(0018,9999) KARI"], "pixel data is not searched")
    }

    func test_foldedComparison_findsAnUnaccentedSpelling() throws {
        var input = DataSet()
        input.setString(.specificCharacterSet, .CS, "ISO_IR 192")
        input.setString(.patientName, .PN, "Ødegård^Åse")
        var values = IdentifyingValues()
        IdentifyingValues.collect(from: input, requirements: .none, profile: try profile(), characterSet: .defaultRepertoire, into: &values)
        var output = DataSet()
        output.setString(.rescaleType, .LO, "ODEGARD")
        let hits = Verifier(values: values).scan(output, characterSet: .defaultRepertoire, path: .root)
        XCTAssertEqual(hits.map(\.value), ["ODEGARD"])
    }

    /// A value larger than the chunk size is read in chunks; a name across a chunk boundary is
    /// still found.
    func test_largeValues_areSearchedInChunks_acrossTheirBoundaries() throws {
        var file = try DicomReader.read(path: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path)
        var bytes = [UInt8](repeating: 0x20, count: 3 * Verifier.chunkSize)
        let name = Array("HANSEN".utf8)
        let start = Verifier.chunkSize - 3
        bytes.replaceSubrange(start..<start + name.count, with: name)
        bytes.replaceSubrange(bytes.count - 10..<bytes.count - 6, with: Array("KARI".utf8))
        file.dataSet.set(Element(.encapsulatedDocument, .OB, bytes: bytes))
        let path = try temporaryDirectory(self).appendingPathComponent("large.dcm").path
        try DicomWriter.write(file, toPath: path)
        let read = try DicomReader.read(path: path)
        guard case .bulk = read.dataSet[.encapsulatedDocument]?.value else { return XCTFail("the large value should stay in the file") }
        let hits = try Verifier(values: try values()).scan(path: path)
        XCTAssertEqual(Set(hits.map { "\($0.tagPath) \($0.value)" }), ["(0042,0011) HANSEN", "(0042,0011) KARI"])
    }

    func test_ownImplementationNameInTheMeta_isNoHit_butAnotherValueThereIs() throws {
        var input = DataSet()
        input.setString(.patientName, .PN, "DICOMFIX^ROBERT")
        input.setString(.otherPatientIDs, .LO, "OLDPACS")
        var values = IdentifyingValues()
        IdentifyingValues.collect(from: input, requirements: .none, profile: try profile(), characterSet: .defaultRepertoire, into: &values)
        let folder = try temporaryDirectory(self)
        let path = folder.appendingPathComponent("out.dcm").path
        var output = DataSet()
        output.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        output.setString(.sopInstanceUID, .UI, "2.25.1")
        try DicomWriter.write(DicomFile(dataSet: output), toPath: path)
        XCTAssertEqual(try Verifier(values: values).scan(path: path).map(\.value), [], "dicomfix's own (0002,0013) DICOMFIX_0_1")

        var file = try DicomReader.read(path: path)
        file.meta.setString(.implementationVersionName, .SH, "OLDPACS")
        let other = folder.appendingPathComponent("other.dcm").path
        try DicomWriter.write(file, toPath: other)
        XCTAssertEqual(try Verifier(values: values).scan(path: other).map { "\($0.tagPath) \($0.value)" }, ["(0002,0013) OLDPACS"])
    }

    func test_attributesTheAnonymizerWrites_areNoHit() throws {
        // A patient named like the words of dicomfix's own method text.
        var input = DataSet()
        input.setString(.patientName, .PN, "DICOMFIX^BASIC")
        input.setString(.otherPatientIDs, .LO, "PROFILE-77")
        var values = IdentifyingValues()
        IdentifyingValues.collect(from: input, requirements: .none, profile: try profile(), characterSet: .defaultRepertoire, into: &values)
        let folder = try temporaryDirectory(self)
        var output = DataSet()
        output.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        output.setString(.sopInstanceUID, .UI, "2.25.2")
        output.setString(.deidentificationMethod, .LO, "DICOMFIX PS3.15 E BASIC PROFILE")
        output.setString(.imageComments, .LT, "BASIC checks done")
        let path = folder.appendingPathComponent("out.dcm").path
        try DicomWriter.write(DicomFile(dataSet: output), toPath: path)
        XCTAssertEqual(try Verifier(values: values).scan(path: path).map { "\($0.tagPath) \($0.value)" }, ["(0020,4000) BASIC"])
    }
}
