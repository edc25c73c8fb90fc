import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMValidation

final class MediaReadinessChecksTests: XCTestCase {
    func findings(_ dataSet: DataSet) -> [Finding] {
        var sink = FindingSink(file: "test.dcm")
        MediaReadinessChecks.check(dataSet, into: &sink)
        return sink.findings
    }

    func test_sampleCTImage_hasEveryDirectoryRecordKey() throws {
        let file = try DicomReader.read(path: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path)
        XCTAssertEqual(findings(file.dataSet), [])
    }

    func test_missingSeriesNumber_isAMediaWarning() throws {
        var dataSet = try DicomReader.read(path: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path).dataSet
        dataSet.remove(.seriesNumber)
        let result = findings(dataSet)
        XCTAssertEqual(result.map(\.code), ["media.record-key.missing"])
        XCTAssertEqual(result.first?.severity, .warning)
        XCTAssertEqual(result.first?.tagPath, "(0020,0011)")
    }

    func test_emptyStudyDescription_isFine_butMissingIsInfo() throws {
        var dataSet = try DicomReader.read(path: Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path).dataSet
        dataSet.set(Element(.studyDescription, .LO, bytes: []))
        XCTAssertEqual(findings(dataSet), [])
        dataSet.remove(.studyDescription)
        XCTAssertEqual(findings(dataSet).map(\.severity), [.info])
    }
}
