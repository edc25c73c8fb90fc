import DICOMRepair
import XCTest

final class ValueRepairsTests: XCTestCase {
    func test_uid_spacesAndLeadingZeros_areRemoved() {
        XCTAssertEqual(ValueRepairs.uid(" 1.2.840.10008.5.1.4.1.1.2 "), "1.2.840.10008.5.1.4.1.1.2")
        XCTAssertEqual(ValueRepairs.uid("1.2.0840.010008.1"), "1.2.840.10008.1")
        XCTAssertEqual(ValueRepairs.uid("1.2.0.3"), nil, "a zero component is valid")
        XCTAssertNil(ValueRepairs.uid("1.2.3"), "a valid UID has nothing to fix")
    }

    func test_uid_withoutSafeFix_isLeftAlone() {
        XCTAssertNil(ValueRepairs.uid("1.2.A.3"), "letters cannot be guessed away")
        XCTAssertNil(ValueRepairs.uid("9.8.7"), "a first arc above 2 has no fix")
        XCTAssertNil(ValueRepairs.uid("1..2"), "an empty component has no fix")
        XCTAssertNil(ValueRepairs.uid("1." + String(repeating: "01.", count: 40) + "5"), "the fixed UID must fit 64 bytes")
    }

    func test_date_withSeparators_becomesYYYYMMDD() {
        XCTAssertEqual(ValueRepairs.date("2024-03-12"), "20240312")
        XCTAssertEqual(ValueRepairs.date("2024/03/12"), "20240312")
        XCTAssertEqual(ValueRepairs.date("1997.04.24"), "19970424")
        XCTAssertNil(ValueRepairs.date("20240312"))
    }

    func test_date_ambiguousOrImpossible_isLeftAlone() {
        XCTAssertNil(ValueRepairs.date("12.03.2024"), "day and month order is a guess")
        XCTAssertNil(ValueRepairs.date("03/12/2024"))
        XCTAssertNil(ValueRepairs.date("2023-02-29"), "a date that does not exist")
        XCTAssertNil(ValueRepairs.date("2024-03/12"), "mixed separators")
    }

    func test_time_withColons_becomesHHMMSS() {
        XCTAssertEqual(ValueRepairs.time("14:30:05"), "143005")
        XCTAssertEqual(ValueRepairs.time("14:30:05.25"), "143005.25")
        XCTAssertEqual(ValueRepairs.time("14:30"), "1430")
        XCTAssertNil(ValueRepairs.time("143005"))
        XCTAssertNil(ValueRepairs.time("25:00:00"), "an hour that does not exist")
        XCTAssertNil(ValueRepairs.time("14:30.5"), "a fraction needs seconds")
    }

    func test_dateTime_iso8601_becomesDT() {
        XCTAssertEqual(ValueRepairs.dateTime("2024-03-12T14:30:05"), "20240312143005")
        XCTAssertEqual(ValueRepairs.dateTime("2024-03-12 14:30:05.5+01:00"), "20240312143005.5+0100")
        XCTAssertEqual(ValueRepairs.dateTime("2024-03-12"), "20240312")
        XCTAssertNil(ValueRepairs.dateTime("2024-03-12T14:30:05Z"), "UTC marker has no DT form")
        XCTAssertNil(ValueRepairs.dateTime("20240312143005"))
    }

    func test_codeString_lowerCase_isUpperCased_otherwiseLeftAlone() {
        XCTAssertEqual(ValueRepairs.codeString("ct"), "CT")
        XCTAssertEqual(ValueRepairs.codeString("Original"), "ORIGINAL")
        XCTAssertNil(ValueRepairs.codeString("CT"))
        XCTAssertNil(ValueRepairs.codeString("ct-head"), "a hyphen stays wrong after upper-casing")
    }
}
