import DICOM
import XCTest

@testable import DICOMDeidentify

/// `IdentifyingValues.searchTerms`: removed values are looked for unless a kept value contains
/// them; personal values always.
final class SearchTermsTests: XCTestCase {
    private func element(_ tag: Tag, _ vr: VR, _ text: String) -> Element {
        var dataSet = DataSet()
        _ = dataSet.setString(tag, vr, text)
        return dataSet[tag] ?? Element(tag, vr, bytes: [])
    }

    func test_removedValueInsideAKeptValue_isNotSearched_butPersonalValuesAre() {
        var values = IdentifyingValues()
        values.add(element(.stationName, .SH, "SAMPLES"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.deviceSerialNumber, .LO, "SN-4411"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.manufacturerModelName, .LO, "MAKE-SAMPLES"), characterSet: .defaultRepertoire, to: .kept)
        values.add(element(.patientName, .PN, "SAMPLE^SAMPLES"), characterSet: .defaultRepertoire, to: .removed)
        let terms = values.searchTerms
        XCTAssertTrue(terms.contains("SN-4411"))
        XCTAssertTrue(terms.contains("SAMPLES"), "a personal value is searched even inside kept text: \(terms)")
        var nonPersonal = IdentifyingValues()
        nonPersonal.add(element(.stationName, .SH, "SAMPLES"), characterSet: .defaultRepertoire, to: .removed)
        nonPersonal.add(element(.manufacturerModelName, .LO, "MAKE-SAMPLES"), characterSet: .defaultRepertoire, to: .kept)
        XCTAssertFalse(nonPersonal.searchTerms.contains("SAMPLES"), "\(nonPersonal.searchTerms)")
    }

    func test_byteContainment() {
        XCTAssertTrue(IdentifyingValues.bytes(Array("MAKE-SAMPLES".utf8), contain: Array("SAMPLES".utf8)))
        XCTAssertTrue(IdentifyingValues.bytes(Array("AB".utf8), contain: []))
        XCTAssertFalse(IdentifyingValues.bytes(Array("SAMPLE".utf8), contain: Array("SAMPLES".utf8)))
        XCTAssertFalse(IdentifyingValues.bytes(Array("SSAMPLX".utf8), contain: Array("SAMPLE".utf8)))
        XCTAssertTrue(IdentifyingValues.bytes(Array("XXSAMPLE".utf8), contain: Array("SAMPLE".utf8)))
    }

    func test_patientModuleCodeString_isNotPersonal_soAKeptCodeLeavesItUnsearched() {
        // Type of Patient ID (0010,0022) TEXT in one file, Value Type TEXT kept in an SR.
        var values = IdentifyingValues()
        values.add(element(Tag(0x0010, 0x0022), .CS, "TEXT"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.patientID, .LO, "PID-778899"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(Tag(0x0040, 0xA040), .CS, "TEXT"), characterSet: .defaultRepertoire, to: .kept)
        values.add(element(Tag(0x0040, 0xA160), .UT, "seen PID-778899 today"), characterSet: .defaultRepertoire, to: .kept)
        XCTAssertFalse(values.personal.contains("TEXT"))
        XCTAssertFalse(values.searchTerms.contains("TEXT"), "\(values.searchTerms)")
        XCTAssertTrue(values.searchTerms.contains("PID-778899"), "a patient ID stays searched even inside kept text")
    }

    func test_dummyValues_areNeverSearched_evenAsAPatientName() {
        // A patient already de-identified elsewhere, named ANONYMIZED, studied at 000000.
        var values = IdentifyingValues()
        values.add(element(.patientName, .PN, "ANONYMIZED"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.studyTime, .TM, "000000"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.patientID, .LO, "PID-5566"), characterSet: .defaultRepertoire, to: .removed)
        XCTAssertTrue(values.personal.contains("ANONYMIZED"))
        XCTAssertEqual(values.searchTerms, ["PID-5566"])
    }

    func test_standardUIDInRemovedText_isNotSearched() {
        var values = IdentifyingValues()
        values.add(element(.imageComments, .LT, "1.2.840.10008.5.1.4.1.1.481.3"), characterSet: .defaultRepertoire, to: .removed)
        values.add(element(.stationName, .SH, "1.2.3.4.5.6.7"), characterSet: .defaultRepertoire, to: .removed)
        XCTAssertEqual(values.searchTerms, ["1.2.3.4.5.6.7"])
    }
}
