import DICOM
@testable import DICOMRepair
import XCTest

final class EditorTests: XCTestCase {
    func test_setPatientName_recordsOldAndNewValue() throws {
        var dataSet = DataSet()
        _ = dataSet.setString(.patientName, .PN, "POE^EDGAR")
        let editor = Editor(edits: [try AttributeEdit(keyword: "PatientName", value: "ROE^RICHARD")])
        let changes = try editor.apply(to: &dataSet)
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?.old, "POE^EDGAR")
        XCTAssertEqual(changes.first?.new, "ROE^RICHARD")
        XCTAssertEqual(dataSet.string(.patientName), "ROE^RICHARD")
    }
}
