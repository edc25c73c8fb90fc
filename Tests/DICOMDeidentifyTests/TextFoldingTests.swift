import XCTest

@testable import DICOMDeidentify

/// Case- and accent-insensitive comparison for cleaning (C) and `--verify`.
final class TextFoldingTests: XCTestCase {
    func test_fold_removesCaseAndDiacritics_andSpellsOutStrokedLetters() {
        XCTAssertEqual(TextFolding.fold("Ødegård"), "ODEGARD")
        XCTAssertEqual(TextFolding.fold("Åse Müller-Lüdenscheidt"), "ASE MULLER-LUDENSCHEIDT")
        XCTAssertEqual(TextFolding.fold("Ærøskøbing Straße Łódź"), "AEROSKOBING STRASSE LODZ")
        XCTAssertEqual(TextFolding.fold("Ǿ"), "O")
        XCTAssertEqual(TextFolding.fold("山田^太郎"), "山田^太郎", "no case, no diacritics: unchanged")
    }

    func test_blankOut_replacesEveryOccurrence_keepingTheOriginalLength() {
        let terms = ["ODEGARD", "PHI-4711-X", "ASE"]
        XCTAssertEqual(TextFolding.blankOut("CT THORAX FOR MRS ODEGARD", terms: terms), "CT THORAX FOR MRS *******")
        XCTAssertEqual(TextFolding.blankOut("for ødegård (phi-4711-x), Ødegård again", terms: terms), "for ******* (**********), ******* again")
        XCTAssertEqual(TextFolding.blankOut("Åse and ASE, not BASE or CASE", terms: terms), "*** and ***, not BASE or CASE", "short terms only as words")
        XCTAssertEqual(TextFolding.blankOut("nothing here", terms: terms), "nothing here")
        XCTAssertEqual(TextFolding.blankOut("Æbeltoft", terms: ["AEBELTOFT"]), "********", "one asterisk per original character")
    }
}
