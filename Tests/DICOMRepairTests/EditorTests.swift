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

final class EditorRulesTests: XCTestCase {
    func patient() -> DataSet {
        var dataSet = DataSet()
        _ = dataSet.setString(.patientName, .PN, "POE^EDGAR")
        _ = dataSet.setString(.patientBirthDate, .DA, "19700101")
        return dataSet
    }

    func test_impossibleDate_isRefused_andNothingChanges() throws {
        var dataSet = patient()
        XCTAssertThrowsError(try Editor(edits: [try AttributeEdit(parsingSet: "PatientBirthDate=20241345")]).apply(to: &dataSet)) { error in
            XCTAssertEqual((error as? EditError)?.code, .invalidValue, "\(error)")
        }
        XCTAssertEqual(dataSet.string(.patientBirthDate), "19700101")
    }

    func test_fileMetaAndGroupLengths_cannotBeEdited() throws {
        var dataSet = patient()
        XCTAssertThrowsError(try Editor(edits: [try AttributeEdit(parsingSet: "TransferSyntaxUID=1.2.840.10008.1.2")]).apply(to: &dataSet))
        XCTAssertThrowsError(try Editor(edits: [try AttributeEdit(parsingSet: "(0010,0000)=4")]).apply(to: &dataSet))
    }

    func test_pathThroughANonSequence_isRefused() throws {
        var dataSet = patient()
        XCTAssertThrowsError(try Editor(edits: [try AttributeEdit(parsingSet: "PatientName[0].PatientID=1")]).apply(to: &dataSet)) { error in
            XCTAssertEqual((error as? EditError)?.code, .notASequence)
        }
    }

    func test_newItem_isAppended_andRecordedBeforeItsContent() throws {
        var dataSet = patient()
        let changes = try Editor(edits: [
            try AttributeEdit(parsingSet: "OtherPatientIDsSequence[+].PatientID=A"),
            try AttributeEdit(parsingSet: "OtherPatientIDsSequence[+].PatientID=B"),
        ]).apply(to: &dataSet)
        XCTAssertEqual(dataSet[.otherPatientIDsSequence]?.items.compactMap { $0.dataSet.string(.patientID) }, ["A", "B"])
        XCTAssertEqual(changes.map(\.path), [
            "(0010,1002)", "(0010,1002)[0]/(0010,0020)", "(0010,1002)", "(0010,1002)[1]/(0010,0020)",
        ])
    }

    func test_deleteThenSameItemsBack_isNoChange() throws {
        var dataSet = patient()
        _ = try Editor(edits: [try AttributeEdit(parsingSet: "OtherPatientIDsSequence[+].PatientID=A")]).apply(to: &dataSet)
        let changes = try Editor(edits: [
            try AttributeEdit(parsingDelete: "OtherPatientIDsSequence"),
            try AttributeEdit(parsingSet: "OtherPatientIDsSequence[+].PatientID=A"),
        ]).apply(to: &dataSet)
        XCTAssertEqual(changes, [])
    }

    func test_privateTag_needsAVR() throws {
        var dataSet = patient()
        XCTAssertThrowsError(try Editor(edits: [try AttributeEdit(parsingSet: "(0009,1001)=x")]).apply(to: &dataSet)) { error in
            XCTAssertEqual((error as? EditError)?.code, .unknownVR)
        }
        let changes = try Editor(edits: [try AttributeEdit(parsingSet: "(0009,1001):LO=x")]).apply(to: &dataSet)
        XCTAssertEqual(changes.first?.vr, "LO")
    }

    func test_previousValue_decodesToTheOldElement() throws {
        var dataSet = patient()
        let changes = try Editor(edits: [try AttributeEdit(keyword: "PatientName", value: "ROE^RICHARD")]).apply(to: &dataSet)
        XCTAssertEqual(changes.first?.previousElement?.string(), "POE^EDGAR")
    }
}

final class PatientAgeTests: XCTestCase {
    func test_age_inYearsMonthsWeeksDays() {
        XCTAssertEqual(PatientAge.between(birth: "19650704", and: "20240220"), "058Y")
        XCTAssertEqual(PatientAge.between(birth: "19650220", and: "20240220"), "059Y")
        XCTAssertEqual(PatientAge.between(birth: "20231115", and: "20240220"), "003M")
        XCTAssertEqual(PatientAge.between(birth: "20240201", and: "20240220"), "002W")
        XCTAssertEqual(PatientAge.between(birth: "20240218", and: "20240220"), "002D")
        XCTAssertNil(PatientAge.between(birth: "20250101", and: "20240220"))
        XCTAssertNil(PatientAge.between(birth: "2024-01-01", and: "20240220"))
    }

    func test_birthDateCorrection_setsAgeForTheStudyDate() throws {
        var dataSet = DataSet()
        _ = dataSet.setString(.patientBirthDate, .DA, "19520119")
        _ = dataSet.setString(.patientAge, .AS, "072Y")
        _ = dataSet.setString(.studyDate, .DA, "20240220")
        let editor = Editor(edits: [try AttributeEdit(keyword: "PatientBirthDate", value: "19650704")], derivesPatientAge: true)
        let changes = try editor.apply(to: &dataSet)
        XCTAssertEqual(dataSet.string(.patientAge), "058Y")
        XCTAssertEqual(changes.map(\.keyword), ["PatientBirthDate", "PatientAge"])
    }
}
