import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

final class IODChecksTests: XCTestCase {
    private let sampleCT = "ct-study/series-1/image-1.dcm"

    private func sample(_ name: String) throws -> DataSet {
        try DicomReader.read(path: Repository.samples.appendingPathComponent(name).path).dataSet
    }

    private func findings(_ dataSet: DataSet) -> [Finding] {
        var sink = FindingSink(file: "test.dcm")
        IODChecks.check(dataSet, into: &sink)
        return sink.findings
    }

    private func codesAndPaths(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.code) \($0.tagPath)" }
    }

    /// The findings of the sample CT after `change`.
    private func findingsForCT(_ change: (inout DataSet) throws -> Void) throws -> [Finding] {
        var dataSet = try sample(sampleCT)
        try change(&dataSet)
        return findings(dataSet)
    }

    // MARK: Samples

    func test_ctStudySamples_haveNoIODErrorsOrWarnings() throws {
        let folder = Repository.samples.appendingPathComponent("ct-study")
        let files = ["series-1/image-1.dcm", "series-1/image-2.dcm", "series-1/image-3.dcm", "series-2/image-1.dcm", "series-2/image-2.dcm"]
        for name in files {
            let dataSet = try DicomReader.read(path: folder.appendingPathComponent(name).path).dataSet
            let problems = findings(dataSet).filter { $0.severity >= .warning }
            XCTAssertEqual(problems, [], "\(name): \(problems.map(\.message))")
        }
    }

    // MARK: SOP class

    func test_sopClassUIDAbsent_isSOPClassMissingAndStops() throws {
        let result = try findingsForCT { $0.remove(.sopClassUID) }
        XCTAssertEqual(codesAndPaths(result), ["iod.sop-class.missing (0008,0016)"])
        XCTAssertEqual(result.first?.severity, .error)
        XCTAssertEqual(result.first?.file, "test.dcm")
    }

    func test_sopClassUIDEmpty_isSOPClassMissing() throws {
        let result = try findingsForCT { $0.set(Element(.sopClassUID, .UI, bytes: [])) }
        XCTAssertEqual(codesAndPaths(result), ["iod.sop-class.missing (0008,0016)"])
        XCTAssertEqual(result.first?.found, "empty")
    }

    func test_sopClassNotInTables_isUnknownInfoAndNothingElse() throws {
        let result = try findingsForCT {
            $0.setString(.sopClassUID, .UI, "1.2.3.4")
            $0.remove(.patientName)  // would be iod.type2.missing for a CT image
        }
        XCTAssertEqual(codesAndPaths(result), ["iod.unknown (0008,0016)"])
        XCTAssertEqual(result.first?.severity, .info)
        XCTAssertEqual(result.first?.message, "no IOD definition for SOP class 1.2.3.4; IOD checks skipped")
    }

    // MARK: Types 1 and 2

    func test_type1AttributeAbsent_isType1Missing() throws {
        let result = try findingsForCT { $0.remove(.studyInstanceUID) }
        XCTAssertEqual(codesAndPaths(result), ["iod.type1.missing (0020,000D)"])
        let finding = try XCTUnwrap(result.first)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.expected, "present (type 1)")
        XCTAssertEqual(finding.reference, "PS3.3 General Study")
        XCTAssertTrue(finding.message.contains("StudyInstanceUID"), finding.message)
        XCTAssertTrue(finding.message.contains("CT Image IOD"), finding.message)
    }

    func test_type1AttributeZeroLength_isType1Empty() throws {
        let result = try findingsForCT { $0.set(Element(.modality, .CS, bytes: [])) }
        XCTAssertEqual(codesAndPaths(result), ["iod.type1.empty (0008,0060)"])
        XCTAssertEqual(result.first?.expected, "a value (type 1)")
    }

    func test_type2AttributeAbsent_isType2Missing() throws {
        let result = try findingsForCT { $0.remove(.patientName) }
        XCTAssertEqual(codesAndPaths(result), ["iod.type2.missing (0010,0010)"])
        XCTAssertEqual(result.first?.reference, "PS3.3 Patient")
        XCTAssertEqual(result.first?.expected, "present (type 2)")
    }

    func test_type2AttributeEmpty_isAccepted() throws {
        let result = try findingsForCT { $0.set(Element(.patientName, .PN, bytes: [])) }
        XCTAssertEqual(result.filter { $0.severity >= .warning }, [])
    }

    func test_attributeOfTwoMandatoryModulesAbsent_isReportedOnce() throws {
        // Bits Allocated is in both Image Pixel and CT Image.
        let result = try findingsForCT { $0.remove(.bitsAllocated) }
        XCTAssertEqual(codesAndPaths(result), ["iod.type1.missing (0028,0100)"])
    }

    // MARK: Sequences

    func test_type1AttributeAbsentInSequenceItem_isMissingWithItemPath() throws {
        // Referenced Image Sequence (General Reference, U, type 3): each item needs both UIDs (type 1).
        var complete = DataSet()
        complete.setString(.referencedSOPClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
        complete.setString(.referencedSOPInstanceUID, .UI, "1.2.3.4")
        var incomplete = complete
        incomplete.remove(.referencedSOPClassUID)
        let result = try findingsForCT {
            $0.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(complete), Item(incomplete)])))
        }
        XCTAssertEqual(codesAndPaths(result), ["iod.type1.missing (0008,1140)[1]/(0008,1150)"])
        XCTAssertEqual(result.first?.reference, "PS3.3 General Reference")
        XCTAssertTrue(result.first?.message.hasPrefix("ReferencedSOPClassUID (0008,1150) is missing in item (0008,1140)[1]:") ?? false, result.first?.message ?? "")
    }

    func test_sequenceItemsComplete_areAccepted() throws {
        var item = DataSet()
        item.setString(.referencedSOPClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
        item.setString(.referencedSOPInstanceUID, .UI, "1.2.3.4")
        let result = try findingsForCT {
            $0.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(item)])))
        }
        XCTAssertEqual(result, [])
    }

    func test_type1SequenceWithoutItems_isType1Empty() throws {
        // Device (U) is present once its Device Sequence is; the sequence is type 1.
        let result = try findingsForCT { $0.set(Element(.deviceSequence, .SQ, value: .sequence([]))) }
        XCTAssertEqual(codesAndPaths(result), ["iod.type1.empty (0050,0010)"])
        XCTAssertEqual(result.first?.found, "no items")
    }

    // MARK: Modules

    func test_mandatoryModuleWithNoAttributes_isModuleMissingOnly() throws {
        let iod = try XCTUnwrap(IODTables.iod(forSOPClass: "1.2.840.10008.5.1.4.1.1.2"))
        let patient = try XCTUnwrap(iod.module(id: "patient")?.module)
        let result = try findingsForCT { dataSet in
            dataSet.removeAll { element in patient.attributes.contains { $0.matches(element.tag) } }
        }
        XCTAssertEqual(codesAndPaths(result), ["iod.module.missing "])
        XCTAssertEqual(result.first?.reference, "PS3.3 Patient")
        XCTAssertTrue(result.first?.message.contains("Patient module") ?? false)
    }

    func test_userOptionalModuleAbsent_isNotChecked() throws {
        let result = try findingsForCT { $0.remove(.clinicalTrialSponsorName) }
        XCTAssertFalse(result.contains { $0.tagPath.hasPrefix("(0012,") }, "\(codesAndPaths(result))")
    }

    func test_userOptionalModulePresent_isCheckedLikeMandatory() throws {
        // Clinical Trial Subject: Sponsor Name (1) present, Protocol ID (1) and Protocol Name (2) absent.
        let result = try findingsForCT { $0.setString(.clinicalTrialSponsorName, .LO, "ACME") }
        let paths = codesAndPaths(result)
        XCTAssertTrue(paths.contains("iod.type1.missing (0012,0020)"), "\(paths)")
        XCTAssertTrue(paths.contains("iod.type2.missing (0012,0021)"), "\(paths)")
        XCTAssertEqual(result.first { $0.tagPath == "(0012,0020)" }?.reference, "PS3.3 Clinical Trial Subject")
    }

    func test_userOptionalModuleWithOnlyType3_isNotRequiredToHaveType1() throws {
        // Clinical Trial Protocol Ethics Committee Name is Clinical Trial Subject's own, but type 1C.
        let result = try findingsForCT { $0.setString(Tag(0x0012, 0x0081), .LO, "ETHICS") }
        XCTAssertEqual(codesAndPaths(result), [])
    }

    func test_overlayGroupWithOnlyRows_isMissingOtherType1InThatGroup() throws {
        let result = try findingsForCT { $0.setUInt16(Tag(0x6002, 0x0010), [64]) }
        let paths = codesAndPaths(result)
        XCTAssertTrue(paths.contains("iod.type1.missing (6002,0011)"), "\(paths)")
        XCTAssertFalse(paths.contains { $0.contains("(6000,") }, "\(paths)")
    }

    // MARK: Enumerated values

    func test_patientSexOutsideEnumeratedValues_isInvalidError() throws {
        let result = try findingsForCT { $0.setString(.patientSex, .CS, "X") }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0010,0040)"])
        XCTAssertEqual(result.first?.severity, .error)
        XCTAssertEqual(result.first?.found, "X")
        XCTAssertEqual(result.first?.expected, "F, M, O")
    }

    func test_modalityOutsideDefinedTerms_isInvalidWarning() throws {
        let result = try findingsForCT { $0.setString(.modality, .CS, "CAT") }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0008,0060)"])
        XCTAssertEqual(result.first?.severity, .warning)
    }

    func test_photometricInterpretationOutsideDefinedTerms_isInvalidWarning() throws {
        let result = try findingsForCT { $0.setString(.photometricInterpretation, .CS, "GRAYSCALE") }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0028,0004)"])
        XCTAssertEqual(result.first?.severity, .warning)
    }

    func test_lateralityBurnedInAnnotationAndLossyCompressionOutsideEnumeratedValues_areErrors() throws {
        let result = try findingsForCT {
            $0.setString(.bodyPartExamined, .CS, "BREAST")  // paired: Laterality is allowed (PS3.3 C.7.3.1)
            $0.setString(.laterality, .CS, "LEFT")
            $0.setString(.burnedInAnnotation, .CS, "MAYBE")
            $0.setString(.lossyImageCompression, .CS, "02")
        }
        XCTAssertEqual(Set(codesAndPaths(result)), [
            "iod.enumerated-value.invalid (0020,0060)", "iod.enumerated-value.invalid (0028,0301)", "iod.enumerated-value.invalid (0028,2110)",
        ])
        XCTAssertTrue(result.allSatisfy { $0.severity == .error })
        XCTAssertEqual(result.first { $0.found == "LEFT" }?.expected, "L, R")
    }

    func test_pixelRepresentationOutsideEnumeratedValues_isError_comparedAsANumber() throws {
        let result = try findingsForCT { $0.set(Element(.pixelRepresentation, .US, bytes: [2, 0])) }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0028,0103)"])
        XCTAssertEqual(result.first?.found, "2")
        let fine = try findingsForCT { $0.set(Element(.pixelRepresentation, .US, bytes: [1, 0])) }
        XCTAssertFalse(codesAndPaths(fine).contains { $0.hasPrefix("iod.enumerated-value") }, "\(codesAndPaths(fine))")
    }

    func test_patientPositionOutsideDefinedTerms_isWarning() throws {
        let result = try findingsForCT { $0.setString(.patientPosition, .CS, "HEADFIRST") }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0018,5100)"])
        XCTAssertEqual(result.first?.severity, .warning)
    }

    func test_imageTypeValue2OutsideEnumeratedValues_isInvalidError() throws {
        let result = try findingsForCT { $0.setString(.imageType, .CS, "ORIGINAL\\TERTIARY\\AXIAL") }
        XCTAssertEqual(codesAndPaths(result), ["iod.enumerated-value.invalid (0008,0008)"])
        XCTAssertEqual(result.first?.found, "TERTIARY")
        XCTAssertTrue(result.first?.message.hasPrefix("value 2 of ImageType") ?? false, result.first?.message ?? "")
    }

    func test_imageTypeValue1OutsideEnumeratedValues_isInvalidError() throws {
        let result = try findingsForCT { $0.setString(.imageType, .CS, "COPY\\PRIMARY\\AXIAL") }
        XCTAssertEqual(result.map(\.found), ["COPY"])
        XCTAssertEqual(result.first?.severity, .error)
    }
}

/// Type 1C and 2C attributes whose conditions `IODConditions` evaluates (PS3.3).
final class IODConditionsTests: XCTestCase {
    private func findingsForCT(_ change: (inout DataSet) throws -> Void) throws -> [String] {
        var dataSet = try DicomReader.read(path: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path).dataSet
        try change(&dataSet)
        var sink = FindingSink(file: "test.dcm")
        IODChecks.check(dataSet, into: &sink)
        return sink.findings.map { "\($0.code) \($0.tagPath)" }
    }

    func test_ctWithoutPatientPosition_isType2CMissing() throws {
        XCTAssertEqual(try findingsForCT { $0.remove(Tag(0x0018, 0x5100)) }, ["iod.type2c.missing (0018,5100)"])
    }

    func test_ctWithoutPatientPosition_butOrientationCodes_isAccepted() throws {
        let result = try findingsForCT { dataSet in
            dataSet.remove(Tag(0x0018, 0x5100))
            dataSet.set(Element(Tag(0x0054, 0x0410), .SQ, value: .sequence([Item()])))
        }
        XCTAssertFalse(result.contains("iod.type2c.missing (0018,5100)"), "\(result)")
    }

    func test_planarConfigurationWithOneSample_isNotAllowed() throws {
        let result = try findingsForCT { $0.set(Element(Tag(0x0028, 0x0006), .US, bytes: [0, 0])) }
        XCTAssertEqual(result, ["iod.conditional.not-allowed (0028,0006)"])
    }

    func test_threeSamplesWithoutPlanarConfiguration_isType1CMissing() throws {
        let result = try findingsForCT { $0.set(Element(Tag(0x0028, 0x0002), .US, bytes: [3, 0])) }
        XCTAssertTrue(result.contains("iod.type1c.missing (0028,0006)"), "\(result)")
    }

    func test_identityRemovedWithoutMethod_isBothMethodAttributesMissing() throws {
        let result = try findingsForCT { $0.setString(Tag(0x0012, 0x0062), .CS, "YES") }
        XCTAssertEqual(result, ["iod.type1c.missing (0012,0063)", "iod.type1c.missing (0012,0064)"])
        let described = try findingsForCT { dataSet in
            dataSet.setString(Tag(0x0012, 0x0062), .CS, "YES")
            dataSet.setString(Tag(0x0012, 0x0063), .LO, "DICOMFIX")
        }
        XCTAssertEqual(described, [])
    }

    func test_windowCenterWithoutWidth_isType1CMissing() throws {
        let result = try findingsForCT { dataSet in
            dataSet.remove(Tag(0x0028, 0x1051))
            dataSet.setString(Tag(0x0028, 0x1050), .DS, "40")
        }
        XCTAssertEqual(result, ["iod.type1c.missing (0028,1051)"])
    }

    func test_pixelDataAbsentWithoutProviderURL_isType1CMissing() throws {
        let result = try findingsForCT { $0.remove(Tag(0x7FE0, 0x0010)) }
        XCTAssertEqual(result, ["iod.type1c.missing (7FE0,0010)"])
    }
}
