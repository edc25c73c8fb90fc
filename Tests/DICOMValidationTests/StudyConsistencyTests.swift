import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

final class StudyConsistencyTests: XCTestCase {
    /// Summaries of every file under `folder` of the Samples, paths relative to the Samples.
    private func summaries(ofSampleFolder folder: String) throws -> [InstanceSummary] {
        let root = Repository.samples.appendingPathComponent(folder)
        let files = Repository.sampleFiles().filter { $0.path.hasPrefix(root.path + "/") }
        XCTAssertFalse(files.isEmpty, "no samples under \(folder)")
        return try files.map { url in
            let relative = String(url.path.dropFirst(Repository.samples.path.count + 1))
            return InstanceSummary(try DicomReader.read(path: url.path).dataSet, path: relative)
        }
    }

    /// A summary of the first CT of the sample study under `path`, with a SOP Instance UID of its
    /// own (unless `keepingUID`), changed by `change`.
    private func ctSummary(
        _ path: String, keepingUID: Bool = false, _ change: (inout DataSet) -> Void = { _ in }
    ) throws -> InstanceSummary {
        let url = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm")
        var dataSet = try DicomReader.read(path: url.path).dataSet
        if !keepingUID {
            dataSet.setString(.sopInstanceUID, .UI, "2.25.7." + path.utf8.map { String($0) }.joined())
        }
        change(&dataSet)
        return InstanceSummary(dataSet, path: path)
    }

    private func codesAndPaths(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.code) \($0.tagPath)" }
    }

    // MARK: Samples

    func test_ctStudySamples_areConsistent() throws {
        let instances = try summaries(ofSampleFolder: "ct-study")
        XCTAssertEqual(instances.count, 5)
        XCTAssertEqual(StudyConsistency.check(instances), [])
    }

    func test_wrongPatientSamples_havePatientNameAndIDInconsistent() throws {
        let findings = StudyConsistency.check(try summaries(ofSampleFolder: "wrong-patient"))
        // Series 2 is POE^EDGAR, DCMFIX-0003, born 19520119; series 1 ROE^RICHARD, DCMFIX-0002,
        // born 19650704; both M (dcmdump).
        XCTAssertEqual(
            codesAndPaths(findings),
            [
                "study.patient.inconsistent (0010,0010)", "study.patient.inconsistent (0010,0020)",
                "study.patient.inconsistent (0010,0030)",
            ])
        let name = try XCTUnwrap(findings.first)
        XCTAssertEqual(name.severity, .error)
        XCTAssertEqual(name.reference, "PS3.3 C.7.1.1")
        XCTAssertEqual(name.file, "wrong-patient/series-1/image-1.dcm")
        XCTAssertEqual(name.relatedFiles?.count, 3)
        XCTAssertTrue(name.message.contains("\"ROE^RICHARD\" in wrong-patient/series-1/image-1.dcm"), name.message)
        XCTAssertTrue(name.message.contains("\"POE^EDGAR\" in wrong-patient/series-2/image-1.dcm"), name.message)
        // Two files each: the value of the first file is the expected one.
        XCTAssertEqual(name.expected, "ROE^RICHARD")
        XCTAssertEqual(name.found, "POE^EDGAR")
        XCTAssertEqual(findings[1].expected, "DCMFIX-0002")
        XCTAssertEqual(findings[1].found, "DCMFIX-0003")
    }

    // MARK: Study

    func test_studyDateDiffersWithinStudy_isStudyAttributeInconsistentWarning() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") { $0.setString(.studyDate, .DA, "19990101") }
        let findings = StudyConsistency.check([first, second])
        XCTAssertEqual(codesAndPaths(findings), ["study.attribute.inconsistent (0008,0020)"])
        XCTAssertEqual(findings.first?.severity, .warning)
        XCTAssertEqual(findings.first?.relatedFiles, ["b.dcm"])
    }

    func test_accessionNumberDiffersWithinStudy_isStudyAttributeInconsistent() throws {
        let first = try ctSummary("a.dcm") { $0.setString(.accessionNumber, .SH, "A1") }
        let second = try ctSummary("b.dcm") { $0.setString(.accessionNumber, .SH, "A2") }
        XCTAssertEqual(
            codesAndPaths(StudyConsistency.check([first, second])), ["study.attribute.inconsistent (0008,0050)"])
    }

    func test_patientSexAbsentInOneFileEmptyInOther_isConsistent() throws {
        let first = try ctSummary("a.dcm") { $0.remove(.patientSex) }
        let second = try ctSummary("b.dcm") { $0.set(Element(.patientSex, .CS, bytes: [])) }
        XCTAssertEqual(StudyConsistency.check([first, second]), [])
    }

    func test_patientNameWithTrailingSeparators_isSameName() throws {
        let first = try ctSummary("a.dcm") { $0.setString(.patientName, .PN, "DOE^JANE") }
        let second = try ctSummary("b.dcm") { $0.setString(.patientName, .PN, "DOE^JANE^^^") }
        XCTAssertEqual(StudyConsistency.check([first, second]), [])
    }

    func test_birthDateDiffersWithinStudy_isPatientInconsistentWithMajorityExpected() throws {
        let a = try ctSummary("a.dcm") { $0.setString(.patientBirthDate, .DA, "19700101") }
        let b = try ctSummary("b.dcm") { $0.setString(.patientBirthDate, .DA, "19700101") }
        let c = try ctSummary("c.dcm") { $0.setString(.patientBirthDate, .DA, "19710101") }
        let findings = StudyConsistency.check([c, a, b])
        XCTAssertEqual(codesAndPaths(findings), ["study.patient.inconsistent (0010,0030)"])
        XCTAssertEqual(findings.first?.expected, "19700101")
        XCTAssertEqual(findings.first?.found, "19710101")
        XCTAssertEqual(findings.first?.file, "a.dcm")
    }

    // MARK: Series

    func test_modalityDiffersWithinSeries_isSeriesAttributeInconsistent() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") { $0.setString(.modality, .CS, "MR") }
        let findings = StudyConsistency.check([first, second])
        XCTAssertEqual(codesAndPaths(findings), ["series.attribute.inconsistent (0008,0060)"])
        XCTAssertEqual(findings.first?.severity, .error)
        XCTAssertEqual(findings.first?.reference, "PS3.3 C.7.3.1")
    }

    func test_frameOfReferenceDiffersWithinSeries_isSeriesAttributeInconsistent() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") { $0.setString(.frameOfReferenceUID, .UI, "1.2.3") }
        XCTAssertEqual(
            codesAndPaths(StudyConsistency.check([first, second])), ["series.attribute.inconsistent (0020,0052)"])
    }

    func test_seriesSpanningTwoStudies_isSeriesStudyUIDInconsistent() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") { $0.setString(.studyInstanceUID, .UI, "1.2.3") }
        XCTAssertEqual(
            codesAndPaths(StudyConsistency.check([first, second])), ["series.attribute.inconsistent (0020,000D)"])
    }

    // MARK: Instances and patients

    func test_sameSOPInstanceUIDDifferentContent_isDuplicateUID() throws {
        let first = try ctSummary("a.dcm", keepingUID: true)
        let second = try ctSummary("b.dcm", keepingUID: true) { $0.setString(.instanceNumber, .IS, "99") }
        let findings = StudyConsistency.check([first, second])
        XCTAssertEqual(codesAndPaths(findings), ["instance.duplicate-uid (0008,0018)"])
        XCTAssertEqual(findings.first?.severity, .error)
        XCTAssertEqual(findings.first?.relatedFiles, ["b.dcm"])
    }

    func test_sameSOPInstanceUIDSameContent_isNotDuplicate() throws {
        XCTAssertEqual(StudyConsistency.check([try ctSummary("a.dcm", keepingUID: true), try ctSummary("copy/a.dcm", keepingUID: true)]), [])
    }

    func test_fingerprint_ignoresFileMetaGroupAndSeesNestedItems() throws {
        let plain = try ctSummary("a.dcm")
        let withMeta = try ctSummary("a.dcm") { $0.setString(Tag(0x0002, 0x0013), .SH, "OTHER") }
        XCTAssertEqual(plain.contentFingerprint, withMeta.contentFingerprint)
        var item = DataSet()
        item.setString(.referencedSOPInstanceUID, .UI, "1.2.3")
        let nested = try ctSummary("c.dcm", keepingUID: true) { $0.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(item)]))) }
        item.setString(.referencedSOPInstanceUID, .UI, "1.2.4")
        let otherNested = try ctSummary("d.dcm", keepingUID: true) {
            $0.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(item)])))
        }
        XCTAssertNotEqual(nested.contentFingerprint, otherNested.contentFingerprint)
    }

    func test_patientIDWithTwoNamesAcrossStudies_isMultipleNamesWarning() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") {
            $0.setString(.studyInstanceUID, .UI, "1.2.3")
            $0.setString(.seriesInstanceUID, .UI, "1.2.3.1")
            $0.setString(.patientName, .PN, "DOE^JOHN")
        }
        let findings = StudyConsistency.check([first, second])
        XCTAssertEqual(codesAndPaths(findings), ["patient.id.multiple-names (0010,0010)"])
        XCTAssertEqual(findings.first?.severity, .warning)
    }

    func test_patientIDWithTwoNamesInOneStudy_isOnlyStudyPatientInconsistent() throws {
        let first = try ctSummary("a.dcm")
        let second = try ctSummary("b.dcm") { $0.setString(.patientName, .PN, "DOE^JOHN") }
        XCTAssertEqual(
            codesAndPaths(StudyConsistency.check([first, second])), ["study.patient.inconsistent (0010,0010)"])
    }

    func test_outputOrder_doesNotDependOnInputOrder() throws {
        let instances = try summaries(ofSampleFolder: "wrong-patient") + [
            try ctSummary("x.dcm") { $0.setString(.modality, .CS, "MR") }, try ctSummary("y.dcm"),
        ]
        let forward = StudyConsistency.check(instances)
        XCTAssertEqual(forward.count, 4, "\(codesAndPaths(forward))")
        XCTAssertEqual(forward, StudyConsistency.check(instances.reversed()))
        XCTAssertEqual(forward.map(\.code), forward.map(\.code).sorted())
    }
}
