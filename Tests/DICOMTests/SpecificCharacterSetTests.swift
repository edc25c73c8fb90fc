import Dispatch
import Foundation
import XCTest

@testable import DICOM

final class SpecificCharacterSetTests: XCTestCase {

    // MARK: Helpers

    /// Compares by Unicode scalars: `String ==` would accept canonically equivalent strings.
    private func assertScalarsEqual(
        _ actual: String, _ expected: String, _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            actual.unicodeScalars.map { String($0.value, radix: 16) },
            expected.unicodeScalars.map { String($0.value, radix: 16) },
            "\(message): got \"\(actual)\", expected \"\(expected)\"", file: file, line: line)
    }

    /// Decodes every fixture of `name` and compares with pydicom's text.
    private func assertFileDecodes(
        _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let fixtures = chrFixtures.filter { $0.file == name }
        XCTAssertFalse(fixtures.isEmpty, "no fixture for \(name)", file: file, line: line)
        for fixture in fixtures {
            let charset = SpecificCharacterSet(terms: fixture.terms)
            XCTAssertEqual(
                charset.unknownTerms, [], "\(name) \(fixture.tag)", file: file, line: line)
            assertScalarsEqual(
                charset.decode(fixture.bytes, vr: fixture.vr), fixture.text,
                "\(name) \(fixture.tag)", file: file, line: line)
        }
    }

    private func assertRoundTrip(
        _ terms: [String], _ text: String, vr: VR = .PN, bytes expected: [UInt8]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let charset = SpecificCharacterSet(terms: terms)
        guard let encoded = charset.encode(text, vr: vr) else {
            return XCTFail("\(terms) cannot encode \(text)", file: file, line: line)
        }
        if let expected {
            XCTAssertEqual(encoded, expected, "\(terms) \(text)", file: file, line: line)
        }
        assertScalarsEqual(
            charset.decode(encoded, vr: vr), text, "\(terms)", file: file, line: line)
    }

    private let esc: UInt8 = 0x1B

    // MARK: pydicom's chr*.dcm files

    func testChrArabDecodesAsISO_IR127() { assertFileDecodes("chrArab") }
    func testChrFrenDecodesAsISO_IR100() { assertFileDecodes("chrFren") }
    func testChrFrenMultiWithMultiValuedPNDecodesAsISO_IR100() { assertFileDecodes("chrFrenMulti") }
    func testChrGermDecodesAsISO_IR100() { assertFileDecodes("chrGerm") }
    func testChrGreekDecodesAsISO_IR126() { assertFileDecodes("chrGreek") }
    func testChrH31WithThreeComponentGroupsDecodesAsISO2022IR87() { assertFileDecodes("chrH31") }
    func testChrH32WithKatakanaInG1DecodesAsISO2022IR13And87() { assertFileDecodes("chrH32") }
    func testChrHbrwDecodesAsISO_IR138() { assertFileDecodes("chrHbrw") }
    func testChrI2WithG1EscapePerGroupDecodesAsISO2022IR149() { assertFileDecodes("chrI2") }
    func testChrJapMultiWithEmptyValue1DecodesAsISO2022IR87() { assertFileDecodes("chrJapMulti") }
    func testChrJapMultiExplicitIR6DecodesAsISO2022IR6And87() {
        assertFileDecodes("chrJapMultiExplicitIR6")
    }
    func testChrKoreanMultiDecodesAsISO2022IR149() { assertFileDecodes("chrKoreanMulti") }
    func testChrRussDecodesAsISO_IR144() { assertFileDecodes("chrRuss") }
    func testChrSQEncodingItemDecodesWithItsOwnCharacterSet() { assertFileDecodes("chrSQEncoding") }
    func testChrSQEncoding1ItemDecodesWithInheritedCharacterSet() {
        assertFileDecodes("chrSQEncoding1")
    }
    func testChrX1DecodesAsUTF8() { assertFileDecodes("chrX1") }
    func testChrX2DecodesAsGB18030() { assertFileDecodes("chrX2") }

    func testEncodingPydicomTextReproducesTheFileBytes() {
        // These files switch back with ESC ( B where this encoder needs none (chrKoreanMulti,
        // G0 never left ASCII) or writes ESC ( J (chrSQEncoding*, value 1 is ISO 2022 IR 13,
        // whose G0 is JIS X 0201 Romaji). Both spellings are valid; they must round-trip.
        let differentButValid: Set<String> = ["chrKoreanMulti", "chrSQEncoding", "chrSQEncoding1"]
        for fixture in chrFixtures {
            let charset = SpecificCharacterSet(terms: fixture.terms)
            guard let encoded = charset.encode(fixture.text, vr: fixture.vr) else {
                XCTFail("\(fixture.file) \(fixture.tag) cannot be encoded")
                continue
            }
            if differentButValid.contains(fixture.file) {
                assertScalarsEqual(
                    charset.decode(encoded, vr: fixture.vr), fixture.text, fixture.file)
            } else {
                XCTAssertEqual(encoded, fixture.bytes, "\(fixture.file) \(fixture.tag)")
            }
        }
    }

    // MARK: Round trips, one per character set

    func testSingleByteCharacterSetsRoundTripWithTheirISO8859Bytes() {
        assertRoundTrip(
            ["ISO_IR 100"], "Buc^Jérôme",
            bytes: Array("Buc^J".utf8) + [0xE9, 0x72, 0xF4, 0x6D, 0x65])
        assertRoundTrip(
            ["ISO_IR 101"], "Dvořák^Antonín",
            bytes: [
                0x44, 0x76, 0x6F, 0xF8, 0xE1, 0x6B, 0x5E, 0x41, 0x6E, 0x74, 0x6F, 0x6E, 0xED, 0x6E,
            ])
        assertRoundTrip(["ISO_IR 109"], "Ħal Qormi", bytes: [0xA1] + Array("al Qormi".utf8))
        assertRoundTrip(["ISO_IR 110"], "Ļaudona", bytes: [0xA6] + Array("audona".utf8))
        assertRoundTrip(
            ["ISO_IR 144"], "Люксембург",
            bytes: [0xBB, 0xEE, 0xDA, 0xE1, 0xD5, 0xDC, 0xD1, 0xE3, 0xE0, 0xD3])
        assertRoundTrip(
            ["ISO_IR 127"], "قباني^لنزار",
            bytes: [0xE2, 0xC8, 0xC7, 0xE6, 0xEA, 0x5E, 0xE4, 0xE6, 0xD2, 0xC7, 0xD1])
        assertRoundTrip(
            ["ISO_IR 126"], "Διονυσιος",
            bytes: [0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2])
        assertRoundTrip(
            ["ISO_IR 138"], "שרון^דבורה",
            bytes: [0xF9, 0xF8, 0xE5, 0xEF, 0x5E, 0xE3, 0xE1, 0xE5, 0xF8, 0xE4])
        assertRoundTrip(
            ["ISO_IR 148"], "Şişli^Ğül",
            bytes: [0xDE, 0x69, 0xFE, 0x6C, 0x69, 0x5E, 0xD0, 0xFC, 0x6C])
        assertRoundTrip(
            ["ISO_IR 203"], "Œuvre €", vr: .LO, bytes: [0xBC, 0x75, 0x76, 0x72, 0x65, 0x20, 0xA4])
        assertRoundTrip(
            ["ISO_IR 166"], "สมชาย^ใจดี",
            bytes: [0xCA, 0xC1, 0xAA, 0xD2, 0xC2, 0x5E, 0xE3, 0xA8, 0xB4, 0xD5])
        assertRoundTrip(
            ["ISO_IR 13"], "ﾔﾏﾀﾞ^ﾀﾛｳ", bytes: [0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3])
        assertRoundTrip(["ISO_IR 6"], "Doe^John", bytes: Array("Doe^John".utf8))
        assertRoundTrip([], "Doe^John", bytes: Array("Doe^John".utf8))
    }

    func testStandAloneMultiByteCharacterSetsRoundTrip() {
        assertRoundTrip(
            ["ISO_IR 192"], "Wang^XiaoDong=王^小東=", bytes: Array("Wang^XiaoDong=王^小東=".utf8))
        assertRoundTrip(
            ["GB18030"], "王^小东𠀀",
            bytes: [0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xB6, 0xAB, 0x95, 0x32, 0x82, 0x36])
        assertRoundTrip(["GBK"], "王^小东", bytes: [0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xB6, 0xAB])
    }

    func testISO2022SingleByteTermsRoundTripWithoutEscapeForValue1() {
        let samples: [(String, String)] = [
            ("100", "Jérôme"), ("101", "Dvořák"), ("109", "Ħal"), ("110", "Ļaudona"),
            ("144", "Люксембург"), ("127", "قباني"), ("126", "Διονυσιος"), ("138", "שרון"),
            ("148", "Şişli"), ("203", "Œuvre €"), ("166", "สมชาย"), ("13", "ﾔﾏﾀﾞ"),
        ]
        for (number, text) in samples {
            let charset = SpecificCharacterSet(terms: ["ISO 2022 IR \(number)"])
            XCTAssertEqual(charset.unknownTerms, [])
            let encoded = charset.encode(text, vr: .LO)
            XCTAssertEqual(encoded?.contains(esc), false, number)
            assertRoundTrip(["ISO 2022 IR \(number)"], text, vr: .LO)
        }
    }

    func testISO2022SingleByteSetAfterIR6IsDesignatedByEscapeSequence() {
        assertRoundTrip(
            ["ISO 2022 IR 6", "ISO 2022 IR 144"], "Ж", vr: .LO, bytes: [esc, 0x2D, 0x4C, 0xB6])
        assertRoundTrip(
            ["ISO 2022 IR 6", "ISO 2022 IR 203"], "€", vr: .LO, bytes: [esc, 0x2D, 0x62, 0xA4])
        assertRoundTrip(
            ["ISO 2022 IR 6", "ISO 2022 IR 166"], "ก", vr: .LO, bytes: [esc, 0x2D, 0x54, 0xA1])
    }

    func testSwitchingG1BetweenLatin1AndCyrillicReturnsToValue1AtEnd() {
        assertRoundTrip(
            ["ISO 2022 IR 100", "ISO 2022 IR 144"], "é Ж", vr: .LO,
            bytes: [0xE9, 0x20, esc, 0x2D, 0x4C, 0xB6, esc, 0x2D, 0x41])
    }

    func testPNWithThreeComponentGroupsInISO2022IR87EncodesLikeTheStandardExample() {
        // PS3.5 Annex H, Example 1: the same bytes as chrH31.dcm.
        let text = "Yamada^Tarou=山田^太郎=やまだ^たろう"
        var expected = Array("Yamada^Tarou=".utf8)
        expected += [esc, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, esc, 0x28, 0x42, 0x5E]
        expected += [esc, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, esc, 0x28, 0x42, 0x3D]
        expected += [esc, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, esc, 0x28, 0x42, 0x5E]
        expected += [esc, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, esc, 0x28, 0x42]
        assertRoundTrip(["", "ISO 2022 IR 87"], text, bytes: expected)
        assertRoundTrip(["ISO 2022 IR 6", "ISO 2022 IR 87"], text, bytes: expected)
    }

    func testKatakanaAndKanjiWithISO2022IR13ReturnToJISRomanBeforeDelimiters() {
        let text = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田"
        let expected: [UInt8] = [
            0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3, 0x3D,
            esc, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, esc, 0x28, 0x4A,
        ]
        assertRoundTrip(["ISO 2022 IR 13", "ISO 2022 IR 87"], text, bytes: expected)
    }

    func testJISX0212CharacterIsDesignatedWithFourByteEscape() {
        assertRoundTrip(
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], "Mori^丂",
            bytes: Array("Mori^".utf8) + [esc, 0x24, 0x28, 0x44, 0x30, 0x21, esc, 0x28, 0x42])
    }

    func testKoreanPNRepeatsG1EscapeAfterEachDelimiter() {
        // PS3.5 Annex I, Example 1: the same bytes as chrI2.dcm.
        var expected = Array("Hong^Gildong=".utf8)
        expected += [esc, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x5E]
        expected += [esc, 0x24, 0x29, 0x43, 0xD1, 0xCE, 0xD4, 0xD7, 0x3D]
        expected += [esc, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E]
        expected += [esc, 0x24, 0x29, 0x43, 0xB1, 0xE6, 0xB5, 0xBF]
        assertRoundTrip(["", "ISO 2022 IR 149"], "Hong^Gildong=洪^吉洞=홍^길동", bytes: expected)
    }

    func testGB2312PNUsesG1EscapeAsInTheStandardExample() {
        // PS3.5 Annex K, ISO 2022 IR 58 example.
        var expected = Array("Zhang^XiaoDong=".utf8)
        expected += [esc, 0x24, 0x29, 0x41, 0xD5, 0xC5, 0x5E]
        expected += [esc, 0x24, 0x29, 0x41, 0xD0, 0xA1, 0xB6, 0xAB, 0x3D]
        assertRoundTrip(["", "ISO 2022 IR 58"], "Zhang^XiaoDong=张^小东=", bytes: expected)
    }

    func testTextLinesInJISReturnToASCIIBeforeCRLF() {
        let expected: [UInt8] =
            [esc, 0x24, 0x42, 0x3B, 0x33, esc, 0x28, 0x42, 0x0D, 0x0A]
            + [esc, 0x24, 0x42, 0x45, 0x44, esc, 0x28, 0x42]
        assertRoundTrip(["", "ISO 2022 IR 87"], "山\r\n田", vr: .LT, bytes: expected)
    }

    // MARK: Delimiters and resets when decoding

    func testDelimiterBytesInsideJISX0208CharactersAreNotDelimiters() {
        // ま is 0x24 0x5E, 沺 0x5E 0x21, 十 0x3D 0x3D, 棔 0x5C 0x21: in a double-byte G0 set
        // these bytes are halves of characters, not `^`, `=` or `\`.
        let charset = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        let bytes: [UInt8] =
            [esc, 0x24, 0x42, 0x24, 0x5E, 0x5E, 0x21, 0x3D, 0x3D, 0x5C, 0x21, esc, 0x28, 0x42]
        assertScalarsEqual(charset.decode(bytes, vr: .PN), "ま沺十棔")
        XCTAssertEqual(charset.encode("ま沺十棔", vr: .PN), bytes)
    }

    func testBackslashRestoresValue1SetsInMultiValuedVR() {
        let charset = SpecificCharacterSet(terms: ["ISO 2022 IR 100", "ISO 2022 IR 144"])
        let bytes: [UInt8] = [esc, 0x2D, 0x4C, 0xB6, 0x5C, 0xB6]
        assertScalarsEqual(charset.decode(bytes, vr: .LO), "Ж\\¶")
        assertScalarsEqual(charset.decode(bytes, vr: .LT), "Ж\\Ж")
    }

    func testLineFeedRestoresValue1SetsInText() {
        let charset = SpecificCharacterSet(terms: ["ISO 2022 IR 100", "ISO 2022 IR 144"])
        let bytes: [UInt8] = [esc, 0x2D, 0x4C, 0xB6, 0x0A, 0xB6]
        assertScalarsEqual(charset.decode(bytes, vr: .LT), "Ж\n¶")
    }

    func testEqualsSignRestoresValue1SetsInPN() {
        let charset = SpecificCharacterSet(terms: ["ISO 2022 IR 100", "ISO 2022 IR 144"])
        let bytes: [UInt8] = [esc, 0x2D, 0x4C, 0xB6, 0x3D, 0xB6]
        assertScalarsEqual(charset.decode(bytes, vr: .PN), "Ж=¶")
        assertScalarsEqual(charset.decode(bytes, vr: .LT), "Ж=Ж")
    }

    func testValue1InG1IsInEffectWithoutEscapeSequence() {
        let charset = SpecificCharacterSet(terms: ["ISO 2022 IR 149"])
        assertScalarsEqual(charset.decode([0xB1, 0xE8, 0x5E, 0x41], vr: .PN), "김^A")
    }

    // MARK: Unrepresentable characters, unknown terms, invalid bytes

    func testEncodeReturnsNilForCyrillicInISO_IR100() {
        let charset = SpecificCharacterSet(terms: ["ISO_IR 100"])
        XCTAssertNil(charset.encode("Ж", vr: .PN))
        XCTAssertNil(charset.encode("€", vr: .LO))
        XCTAssertNotNil(charset.encode("é", vr: .LO))
    }

    func testEncodeReturnsNilForNonASCIIInDefaultRepertoireAndNonTextVRs() {
        XCTAssertNil(SpecificCharacterSet.defaultRepertoire.encode("é", vr: .LO))
        XCTAssertNil(SpecificCharacterSet(terms: ["ISO_IR 192"]).encode("é", vr: .CS))
        XCTAssertEqual(
            SpecificCharacterSet(terms: ["ISO_IR 192"]).encode("é", vr: .LO), [0xC3, 0xA9])
    }

    func testEncodeReturnsNilForCharacterInNoTermOfISO2022Set() {
        let charset = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        XCTAssertNil(charset.encode("홍", vr: .PN))
        XCTAssertNil(charset.encode("ﾔ", vr: .PN))
    }

    func testEncodeReturnsNilForEscapeCharacter() {
        XCTAssertNil(SpecificCharacterSet(terms: ["ISO_IR 192"]).encode("a\u{1B}b", vr: .LO))
        XCTAssertNil(
            SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"]).encode("\u{1B}$B", vr: .LO))
    }

    func testUnknownTermIsReportedAndDecodesAsLatin1() {
        let charset = SpecificCharacterSet(terms: ["ISO_IR 999"])
        XCTAssertEqual(charset.unknownTerms, ["ISO_IR 999"])
        assertScalarsEqual(charset.decode([0x4A, 0xE9], vr: .LO), "Jé")
    }

    func testMisspeltTermIsReportedAndDecodesAsTheTermItResembles() {
        let charset = SpecificCharacterSet(terms: ["ISO IR 144"])
        XCTAssertEqual(charset.unknownTerms, ["ISO IR 144"])
        assertScalarsEqual(charset.decode([0xB6], vr: .LO), "Ж")
        XCTAssertEqual(SpecificCharacterSet(terms: ["ISO_IR 192 "]).unknownTerms, [])
    }

    func testTermsCombinedWithStandAloneTermAreIgnored() {
        let utf8First = SpecificCharacterSet(terms: ["ISO_IR 192", "ISO 2022 IR 87"])
        XCTAssertEqual(utf8First.ignoredTerms, ["ISO 2022 IR 87"])
        assertScalarsEqual(utf8First.decode([0xE7, 0x8E, 0x8B], vr: .PN), "王")
        let utf8Later = SpecificCharacterSet(terms: ["", "ISO_IR 192"])
        XCTAssertEqual(utf8Later.ignoredTerms, ["ISO_IR 192"])
    }

    func testInvalidUTF8BecomesReplacementCharacters() {
        let charset = SpecificCharacterSet(terms: ["ISO_IR 192"])
        assertScalarsEqual(charset.decode([0x41, 0xFF, 0xC3], vr: .LO), "A\u{FFFD}\u{FFFD}")
    }

    func testInvalidGB18030BytesBecomeReplacementCharacters() {
        let charset = SpecificCharacterSet(terms: ["GB18030"])
        assertScalarsEqual(charset.decode([0x41, 0xFF, 0x42, 0xCD], vr: .LO), "A\u{FFFD}B\u{FFFD}")
    }

    func testEscapeSequenceTruncatedAtEndOfValueBecomesReplacementCharacter() {
        let charset = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        assertScalarsEqual(
            charset.decode(Array("Yamada".utf8) + [esc, 0x24], vr: .PN), "Yamada\u{FFFD}")
        assertScalarsEqual(charset.decode([0x41, esc], vr: .PN), "A\u{FFFD}")
    }

    func testDoubleByteCharacterTruncatedAtEndOfValueBecomesReplacementCharacter() {
        let charset = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        assertScalarsEqual(
            charset.decode([esc, 0x24, 0x42, 0x3B, 0x33, 0x45], vr: .LO), "山\u{FFFD}")
        let korean = SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"])
        assertScalarsEqual(korean.decode([esc, 0x24, 0x29, 0x43, 0xB1], vr: .LO), "\u{FFFD}")
    }

    func testUnknownEscapeSequenceBecomesReplacementCharacter() {
        let charset = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        assertScalarsEqual(charset.decode([esc, 0x24, 0x29, 0x5A, 0x41], vr: .LO), "\u{FFFD}A")
    }

    func testEscapeIsAControlCharacterWithoutCodeExtensions() {
        let charset = SpecificCharacterSet(terms: ["ISO_IR 100"])
        assertScalarsEqual(charset.decode([esc, 0x28, 0x42], vr: .LO), "\u{1B}(B")
    }

    func testHighBytesWithoutSpecificCharacterSetDecodeAsLatin1() {
        assertScalarsEqual(SpecificCharacterSet.defaultRepertoire.decode([0xE9], vr: .LO), "é")
        assertScalarsEqual(SpecificCharacterSet(terms: ["ISO_IR 144"]).decode([0xB6], vr: .CS), "¶")
    }

    // MARK: Tables and threads

    func testEveryCodeElementHasCharactersFromIconv() {
        for element in CodeElement.allCases where element != .ascii && element != .jisRoman {
            let sample: Unicode.Scalar? =
                element.isDoubleByte
                ? element.scalar(0x30, 0x21)
                : (0xA1...0xFF).lazy.compactMap { element.scalar(for: UInt8($0)) }.first
            XCTAssertNotNil(
                sample, "\(element) has no characters: are iconv's gconv modules installed?")
        }
    }

    func testDecodingFromManyThreadsAtOnceGivesTheSameText() {
        let japanese = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        let chinese = SpecificCharacterSet(terms: ["GB18030"])
        let japaneseBytes = chrFixtures.first { $0.file == "chrH31" }?.bytes ?? []
        let chineseBytes = chrFixtures.first { $0.file == "chrX2" }?.bytes ?? []
        let expectedJapanese = japanese.decode(japaneseBytes, vr: .PN)
        let expectedChinese = chinese.decode(chineseBytes, vr: .PN)
        let mismatches = DecodeMismatchCounter()
        DispatchQueue.concurrentPerform(iterations: 400) { iteration in
            let same =
                iteration % 2 == 0
                ? japanese.decode(japaneseBytes, vr: .PN) == expectedJapanese
                : chinese.decode(chineseBytes, vr: .PN) == expectedChinese
            if !same { mismatches.increment() }
        }
        XCTAssertEqual(mismatches.value, 0)
    }
}

/// A thread-safe counter for the concurrency test.
private final class DecodeMismatchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
