import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

/// Laterality's paired-body-part condition, type 1C values, the US Image module's Enumerated
/// Values, SR content items by Value Type and the Value Types of Basic Text SR (PS3.3).
final class IODConditionalAndModuleRulesTests: XCTestCase {
    private func read(_ sample: String) throws -> DataSet {
        try DicomReader.read(path: Repository.samples.appendingPathComponent(sample).path).dataSet
    }

    /// The IOD findings of `sample` after `change`, as "code path".
    private func findings(_ sample: String, _ change: (inout DataSet) throws -> Void = { _ in }) throws -> [Finding] {
        var dataSet = try read(sample)
        try change(&dataSet)
        var sink = FindingSink(file: "test.dcm")
        IODChecks.check(dataSet, into: &sink)
        return sink.findings
    }

    private func codes(_ findings: [Finding]) -> [String] { findings.map { "\($0.code) \($0.tagPath)" } }

    private let ct = "ct-study/series-1/image-1.dcm"
    private let laterality = "(0020,0060)"

    // MARK: Laterality (PS3.3 C.7.3.1), body part from PS3.16 Annex L

    func test_lateralityAbsent_withPairedBodyPart_isType2CMissing() throws {
        let result = try findings(ct) { $0.setString(.bodyPartExamined, .CS, "BREAST") }
        XCTAssertEqual(codes(result), ["iod.type2c.missing \(laterality)"])
        XCTAssertEqual(result.first?.reference, "PS3.3 C.7.3.1")
        XCTAssertEqual(result.first?.found, "absent")
    }

    func test_lateralityAbsent_withPairedBodyPart_butImageLaterality_isAccepted() throws {
        let result = try findings(ct) { dataSet in
            dataSet.setString(.bodyPartExamined, .CS, "KNEE")
            dataSet.setString(.imageLaterality, .CS, "L")
        }
        XCTAssertEqual(codes(result), [])
    }

    func test_lateralityAbsent_withPairedBodyPart_butFrameLateralityInSharedGroups_isAccepted() throws {
        let result = try findings(ct) { dataSet in
            dataSet.setString(.bodyPartExamined, .CS, "EYE")
            var anatomy = DataSet()
            anatomy.setString(.frameLaterality, .CS, "R")
            var group = DataSet()
            group.set(Element(.frameAnatomySequence, .SQ, value: .sequence([Item(anatomy)])))
            dataSet.set(Element(.sharedFunctionalGroupsSequence, .SQ, value: .sequence([Item(group)])))
        }
        XCTAssertFalse(codes(result).contains("iod.type2c.missing \(laterality)"), "\(codes(result))")
    }

    func test_lateralityPresent_withUnpairedBodyPart_isNotAllowed() throws {
        // The sample CT examines the CHEST, an unpaired region.
        let result = try findings(ct) { $0.setString(.laterality, .CS, "L") }
        XCTAssertEqual(codes(result), ["iod.conditional.not-allowed \(laterality)"])
        XCTAssertEqual(result.first?.severity, .error)
    }

    func test_lateralityPresent_withPairedBodyPart_isAccepted() throws {
        let result = try findings(ct) { dataSet in
            dataSet.setString(.bodyPartExamined, .CS, "HAND")
            dataSet.setString(.laterality, .CS, "R")
        }
        XCTAssertEqual(codes(result), [])
    }

    func test_laterality_withBodyPartAbsentOrNotATerm_isNotEvaluated() throws {
        XCTAssertEqual(codes(try findings(ct) { $0.remove(.bodyPartExamined) }), [])
        XCTAssertEqual(codes(try findings(ct) { $0.setString(.bodyPartExamined, .CS, "WHOLE BODY") }), [])
        let present = try findings(ct) { dataSet in
            dataSet.remove(.bodyPartExamined)
            dataSet.setString(.laterality, .CS, "L")
        }
        XCTAssertEqual(codes(present), [])
    }

    func test_bodyPartTerms_areInOneListAtMost() {
        XCTAssertEqual(BodyPartLaterality.pairedTerms.intersection(BodyPartLaterality.unpairedTerms), [])
        XCTAssertEqual(BodyPartLaterality(term: "breast"), .paired)
        XCTAssertEqual(BodyPartLaterality(term: "CSPINE"), .unpaired)
        XCTAssertNil(BodyPartLaterality(term: "URETER"))
    }

    // MARK: Type 1C present without a value (PS3.5 7.4.3)

    func test_type1CPresentButEmpty_withConditionNotEvaluated_isType1CEmpty() throws {
        // Pixel Aspect Ratio's condition (aspect ratio not 1:1) is not evaluated; empty, it is wrong either way.
        let result = try findings(ct) { $0.set(Element(.pixelAspectRatio, .IS, bytes: [])) }
        XCTAssertEqual(codes(result), ["iod.type1c.empty (0028,0034)"])
        XCTAssertEqual(result.first?.expected, "a value (type 1C)")
    }

    // MARK: US Image module (PS3.3 C.8.5.6.1)

    private let us = "phi/burned-in-us.dcm"

    func test_usImageWith16BitMonochrome_isBitsAllocatedStoredHighBitInvalid() throws {
        let result = try findings(us).filter { $0.code == "iod.enumerated-value.invalid" }
        XCTAssertEqual(codes(result), [
            "iod.enumerated-value.invalid (0028,0100)", "iod.enumerated-value.invalid (0028,0101)", "iod.enumerated-value.invalid (0028,0102)",
        ])
        XCTAssertEqual(result.map { $0.found ?? "" }, ["16", "12", "11"])
        XCTAssertEqual(result.map { $0.expected ?? "" }, ["8", "8", "7"])
        XCTAssertTrue(result.allSatisfy { $0.severity == .error && $0.reference == "PS3.3 C.8.5.6.1" })
    }

    func test_usImageWith8BitMonochrome_isAccepted() throws {
        let result = try findings(us) { dataSet in
            dataSet.setUInt16(.bitsAllocated, [8])
            dataSet.setUInt16(.bitsStored, [8])
            dataSet.setUInt16(.highBit, [7])
        }
        XCTAssertEqual(codes(result.filter { $0.code == "iod.enumerated-value.invalid" }), [])
    }

    func test_usImagePaletteColor_allows16Bits_andSamplesPerPixelFollowsPhotometric() throws {
        let palette = try findings(us) { dataSet in
            dataSet.setString(.photometricInterpretation, .CS, "PALETTE COLOR")
            dataSet.setUInt16(.bitsStored, [16])
            dataSet.setUInt16(.highBit, [15])
        }
        XCTAssertEqual(codes(palette.filter { $0.code == "iod.enumerated-value.invalid" }), [])
        let rgb = try findings(us) { dataSet in
            dataSet.setString(.photometricInterpretation, .CS, "RGB")
            dataSet.setUInt16(.bitsAllocated, [8])
            dataSet.setUInt16(.bitsStored, [8])
            dataSet.setUInt16(.highBit, [7])
        }
        XCTAssertEqual(codes(rgb.filter { $0.code == "iod.enumerated-value.invalid" }), ["iod.enumerated-value.invalid (0028,0002)"])
        XCTAssertEqual(rgb.first { $0.code == "iod.enumerated-value.invalid" }?.expected, "3")
    }

    func test_usRules_doNotApplyToACTImage() throws {
        let result = try findings(ct) { $0.setUInt16(.bitsStored, [12]) }
        XCTAssertEqual(codes(result), [])
    }

    // MARK: SR content items (PS3.3 C.18, A.35)

    private let sr = "phi/documents/planted-sr.dcm"

    func test_basicTextSRWithNUMContentItem_isValueTypeInvalid() throws {
        let result = try findings(sr)
        XCTAssertEqual(codes(result), ["iod.enumerated-value.invalid (0040,A730)[5]/(0040,A040)"])
        XCTAssertEqual(result.first?.found, "NUM")
        XCTAssertEqual(result.first?.reference, "PS3.3 A.35.1.3.1.1")
    }

    func test_srContentItem_needsOnlyItsValueTypesAttributes() throws {
        // Item 4 is a CODE item: without Concept Code Sequence it lacks its own macro's attribute;
        // the TEXT, PNAME and DATE items are not asked for a Concept Code Sequence.
        let result = try findings(sr) { dataSet in
            let modified = dataSet.modify(.contentSequence) { element in
                guard element.items.count > 4 else { return }
                _ = element.items[4].dataSet.remove(.conceptCodeSequence)
            }
            XCTAssertTrue(modified)
        }
        XCTAssertEqual(
            codes(result.filter { $0.code != "iod.enumerated-value.invalid" }), ["iod.type1.missing (0040,A730)[4]/(0040,A168)"])
    }
}
