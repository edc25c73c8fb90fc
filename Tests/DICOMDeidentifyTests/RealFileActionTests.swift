import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// Actions applied to real files (the planted CT and documents, changed where a case needs it):
/// X/Z/U* resolving to U, curves, burned-in annotation, safe private attributes, inputs left alone.
final class RealFileActionTests: XCTestCase {
    func key() throws -> DeidentificationKey { try DeidentificationKey(bytes: (0..<32).map { UInt8($0) &+ 7 }) }

    func sample(_ relativePath: String) throws -> String {
        let url = Repository.samples.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("\(relativePath) missing: run Scripts/make-samples") }
        return url.path
    }

    /// Writes the planted CT changed by `change` to a temporary file; returns its path.
    func plantedCT(_ change: (inout DataSet) throws -> Void) throws -> String {
        var file = try DicomReader.read(path: try sample("phi/planted-ct-1.dcm"))
        try change(&file.dataSet)
        let path = try temporaryDirectory(self).appendingPathComponent("input.dcm").path
        try DicomWriter.write(file, toPath: path)
        return path
    }

    func anonymize(_ path: String, options: Set<ProfileOption> = [], reject: Bool = false) throws -> (result: Anonymizer.Result, output: DataSet?) {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: options, key: try key()))
        let out = try temporaryDirectory(self).appendingPathComponent("out.dcm").path
        let result = try anonymizer.anonymize(inputPath: path, destination: .file(out), rejectBurnedIn: reject)
        return (result, try result.output.map { try DicomReader.read(path: $0).dataSet })
    }

    /// Referenced Image Sequence is X/Z/U*: type 1 inside the presentation state's Referenced
    /// Series Sequence (U: kept, UIDs replaced), type 3 in the CT image (X: removed).
    func test_removeOrZeroOrReplaceUIDs_resolvesToU_forATypeOneSequence_andToX_forTypeThree() throws {
        let gsps = AttributeRequirements(sopClassUID: "1.2.840.10008.5.1.4.1.1.11.1")
        XCTAssertEqual(gsps.items(of: .referencedSeriesSequence).level(of: .referencedImageSequence), .required)
        XCTAssertEqual(ProfileTable.row(for: .referencedImageSequence)?.basicAction, .removeOrZeroLengthOrReplaceUIDs)
        let (_, presentation) = try anonymize(try sample("phi/documents/planted-gsps.dcm"))
        let reference = presentation?[.referencedSeriesSequence]?.items.first?.dataSet[.referencedImageSequence]?.items.first?.dataSet
        let original = try DicomReader.read(path: try sample("phi/planted-ct-1.dcm")).dataSet.string(.sopInstanceUID) ?? ""
        XCTAssertEqual(reference?.string(.referencedSOPInstanceUID), Pseudonyms(key: try key()).uid(original))
        XCTAssertEqual(reference?.string(.referencedSOPClassUID), UID.ctImageStorage)

        let withReference = try plantedCT { dataSet in
            var item = DataSet()
            item.setString(.referencedSOPClassUID, .UI, UID.ctImageStorage)
            item.setString(.referencedSOPInstanceUID, .UI, original)
            dataSet.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(item)])))
        }
        XCTAssertNil(try anonymize(withReference).output?[.referencedImageSequence], "type 3 in the CT Image IOD: X")
    }

    /// D on a plain element: Person Name and Date of SR content items get dummy values.
    func test_dummyAction_onPlainElements_ofARealFile() throws {
        XCTAssertEqual(ProfileTable.row(for: Tag(0x0040, 0xA123))?.basicAction, .dummy)
        XCTAssertEqual(ProfileTable.row(for: Tag(0x0040, 0xA121))?.basicAction, .dummy)
        let (result, output) = try anonymize(try sample("phi/documents/planted-sr.dcm"))
        let items = output?[.contentSequence]?.items.map(\.dataSet) ?? []
        XCTAssertEqual(items.first { $0.string(.valueType) == "PNAME" }?.string(Tag(0x0040, 0xA123)), "ANONYMIZED")
        XCTAssertEqual(items.first { $0.string(.valueType) == "DATE" }?.string(Tag(0x0040, 0xA121)), "19000101")
        XCTAssertGreaterThanOrEqual(result.tally[.dummy], 4)
    }

    /// Curves (50xx,eeee) are X in the Basic Profile: every element of the group goes.
    func test_curves_areRemoved() throws {
        let path = try plantedCT { dataSet in
            dataSet.setUInt16(Tag(0x5000, 0x0005), [2])
            dataSet.setUInt16(Tag(0x5000, 0x0010), [3])
            dataSet.setString(Tag(0x5000, 0x0022), .LO, "curve drawn for ODEGARD")
            dataSet.set(Element(Tag(0x5000, 0x3000), .OW, bytes: [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]))
            dataSet.setString(Tag(0x5002, 0x0022), .LO, "second curve")
        }
        XCTAssertTrue(try DicomReader.read(path: path).dataSet.elements.contains { $0.tag.group == 0x5000 }, "the input has a curve")
        let output = try XCTUnwrap(try anonymize(path).output)
        XCTAssertFalse(output.elements.contains { $0.tag.group & 0xFF00 == 0x5000 }, "\(output.elements.map(\.tag))")
    }

    func test_burnedInAnnotationYES_isReported_andRejectedOnRequest_whateverTheModality() throws {
        let path = try plantedCT { $0.setString(.burnedInAnnotation, .CS, "YES") }
        let (reported, output) = try anonymize(path)
        XCTAssertEqual(reported.burnedInAnnotation, "Burned In Annotation (0028,0301) is YES")
        XCTAssertNotNil(output)
        let (rejected, nothing) = try anonymize(path, reject: true)
        XCTAssertTrue(rejected.rejected)
        XCTAssertNil(rejected.output)
        XCTAssertNil(nothing)
    }

    /// US, SC, XA, ES and OT images without Burned In Annotation are suspect; with NO they are
    /// not; a CT without it is not.
    func test_suspectModalities_withoutTheAttribute_areReported_andRejected() throws {
        for modality in ["US", "SC", "XA", "ES", "OT"] {
            let path = try plantedCT { $0.setString(.modality, .CS, modality) }
            let (reported, _) = try anonymize(path)
            XCTAssertEqual(reported.burnedInAnnotation?.hasPrefix("modality \(modality) without"), true, modality)
            XCTAssertTrue(reported.diagnostics.contains { $0.code == "deid.burned-in-annotation" }, modality)
            XCTAssertTrue(try anonymize(path, reject: true).result.rejected, modality)
            let declaredClean = try plantedCT { dataSet in
                dataSet.setString(.modality, .CS, modality)
                dataSet.setString(.burnedInAnnotation, .CS, "NO")
            }
            XCTAssertNil(try anonymize(declaredClean).result.burnedInAnnotation, modality)
        }
        XCTAssertNil(try anonymize(try sample("phi/planted-ct-1.dcm"), reject: true).result.burnedInAnnotation)
    }

    /// retain-safe-private keeps the elements of Table E.3.10-1 with their private creator and
    /// removes every other private element; without the option all of them go.
    func test_retainSafePrivate_keepsTableE3101ElementsWithTheirCreator_andRemovesTheRest() throws {
        let seriesUID = "1.2.826.0.1.3680043.2.1125.99.1"
        let path = try plantedCT { dataSet in
            dataSet.setString(Tag(0x0019, 0x0010), .LO, "GEMS_ACQU_01")
            dataSet.setString(Tag(0x0019, 0x1023), .DS, "39.37")  // table speed: safe
            dataSet.setString(Tag(0x0019, 0x1030), .LO, "GE-NAME-ODEGARD")  // not in the table
            dataSet.setString(Tag(0x0099, 0x0010), .LO, "NQHeader")
            dataSet.setString(Tag(0x0099, 0x1002), .UI, seriesUID)  // analyzed series UID: safe, replaced as a UID
            dataSet.setString(Tag(0x7053, 0x0010), .LO, "Philips PET Private Group")
            dataSet.setString(Tag(0x7053, 0x1000), .DS, "0.000123")  // SUV factor: safe
        }
        let (_, kept) = try anonymize(path, options: [.retainSafePrivate])
        let output = try XCTUnwrap(kept)
        XCTAssertEqual(output.string(Tag(0x0019, 0x0010)), "GEMS_ACQU_01")
        XCTAssertEqual(output.string(Tag(0x0019, 0x1023)), "39.37")
        XCTAssertNil(output[Tag(0x0019, 0x1030)], "not in Table E.3.10-1")
        XCTAssertEqual(output.string(Tag(0x7053, 0x0010)), "Philips PET Private Group")
        XCTAssertEqual(output.string(Tag(0x7053, 0x1000)), "0.000123")
        XCTAssertEqual(output.string(Tag(0x0099, 0x1002)), Pseudonyms(key: try key()).uid(seriesUID))
        XCTAssertNil(output[Tag(0x0011, 0x0010)], "the DICOMFIX PHI block is not safe: its creator goes too")
        XCTAssertNil(output[Tag(0x0011, 0x1001)])
        XCTAssertGreaterThan(SafePrivateAttributes.count, 100, "the whole table, not a hand-picked few")

        let removed = try XCTUnwrap(try anonymize(path).output)
        XCTAssertFalse(removed.elements.contains { $0.tag.isPrivate })
    }

    func test_input_isLeftByteIdentical() throws {
        let inputs = ["phi/planted-ct-1.dcm", "phi/documents/planted-sr.dcm", "phi/documents/planted-gsps.dcm"]
        for relative in inputs {
            let path = try sample(relative)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            _ = try anonymize(path, options: [.cleanDescriptors, .cleanStructuredContent, .cleanGraphics])
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, relative)
            let after = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual(after[.modificationDate] as? Date, attributes[.modificationDate] as? Date, relative)
        }
    }
}
