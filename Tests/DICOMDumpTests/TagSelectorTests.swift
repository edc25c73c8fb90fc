import DICOM
import XCTest

@testable import DICOMDump

final class TagSelectorTests: XCTestCase {
    func sample() -> DataSet {
        var item0 = DataSet()
        item0.setString(.seriesInstanceUID, .UI, "1.2.1")
        var item1 = DataSet()
        item1.setString(.seriesInstanceUID, .UI, "1.2.2")
        var dataSet = DataSet()
        dataSet.setString(.patientName, .PN, "Doe^Jane")
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item0), Item(item1)])))
        return dataSet
    }

    func test_keywordTagAndParenthesisedTag_selectTheSameElement() throws {
        for text in ["PatientName", "0010,0010", "(0010,0010)", "00100010"] {
            let selector = try XCTUnwrap(TagSelector(text), text)
            XCTAssertEqual(selector.matches(in: sample()).map(\.path.description), ["(0010,0010)"], text)
        }
    }

    func test_sequencePath_withIndex_selectsOneItem() throws {
        let selector = try XCTUnwrap(TagSelector("ReferencedSeriesSequence[1].SeriesInstanceUID"))
        let matches = selector.matches(in: sample())
        XCTAssertEqual(matches.map(\.path.description), ["(0008,1115)[1]/(0020,000E)"])
        XCTAssertEqual(matches.first?.element.string(), "1.2.2")
    }

    func test_sequencePath_withStar_selectsEveryItem() throws {
        let selector = try XCTUnwrap(TagSelector("ReferencedSeriesSequence[*].SeriesInstanceUID"))
        XCTAssertEqual(selector.matches(in: sample()).compactMap { $0.element.string() }, ["1.2.1", "1.2.2"])
    }

    func test_unknownKeyword_orBadIndex_isRejected() {
        XCTAssertNil(TagSelector("PatientNam"))
        XCTAssertNil(TagSelector("ReferencedSeriesSequence[x].SeriesInstanceUID"))
    }

    func test_indexPastTheEnd_selectsNothing() throws {
        let selector = try XCTUnwrap(TagSelector("ReferencedSeriesSequence[5].SeriesInstanceUID"))
        XCTAssertTrue(selector.matches(in: sample()).isEmpty)
    }
}
