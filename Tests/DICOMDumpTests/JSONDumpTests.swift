import DICOM
import Foundation
import XCTest

@testable import DICOMDump

final class JSONDumpTests: XCTestCase {
    /// Writes `dataSet` to a file, reads it back, renders it and parses the JSON strictly.
    func render(_ dataSet: DataSet, inline: Bool = false, transferSyntax: TransferSyntax = .explicitVRLittleEndian) throws -> (text: String, object: [String: Any]) {
        let file = try writtenAndRead(dataSet, transferSyntax: transferSyntax, test: self)
        let text = try JSONDump(inlineBinary: inline).render(file)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
        return (text, object)
    }

    func attribute(_ object: [String: Any], _ tag: Tag) throws -> [String: Any] {
        try XCTUnwrap(object[ModelNumbers.hex8(tag)] as? [String: Any], "no \(tag) in \(object.keys.sorted())")
    }

    func values(_ object: [String: Any], _ tag: Tag) throws -> [Any] {
        try XCTUnwrap(try attribute(object, tag)["Value"] as? [Any], "no Value for \(tag)")
    }

    func numbers(_ object: [String: Any], _ tag: Tag) throws -> [Double] {
        try values(object, tag).map { value in
            XCTAssertFalse(value is String, "\(tag): \(value) is a string, not a number")
            return try XCTUnwrap(value as? NSNumber, "\(tag): \(value)").doubleValue
        }
    }

    // MARK: Strings

    func test_multiValuedString_isSplitAtBackslash_andTrimmed() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.imageType, .CS, bytes: padded("ORIGINAL\\ PRIMARY\\AXIAL ")))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .imageType) as? [String], ["ORIGINAL", "PRIMARY", "AXIAL"])
        XCTAssertEqual(try attribute(object, .imageType)["vr"] as? String, "CS")
    }

    func test_emptyValue_hasVROnly() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientID, .LO, bytes: []))
        dataSet.set(Element(.studyDescription, .LO, bytes: padded("  ")))
        let (_, object) = try render(dataSet)
        for tag in [Tag.patientID, .studyDescription] {
            XCTAssertEqual(try attribute(object, tag).keys.sorted(), ["vr"], "\(tag)")
        }
    }

    func test_emptyValueAmongSeveral_isNull() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.imageType, .CS, bytes: padded("A\\\\B")))
        let (text, object) = try render(dataSet)
        let list = try values(object, .imageType)
        XCTAssertEqual(list.count, 3)
        XCTAssertTrue(list[1] is NSNull, "\(list)")
        XCTAssertTrue(text.contains("[\"A\", null, \"B\"]"), text)
    }

    func test_nonASCIIText_isDecodedWithCharacterSet_andWrittenAsUTF8() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 100")))
        dataSet.set(Element(.institutionName, .LO, bytes: [0x4B, 0x6C, 0x69, 0x6E, 0x69, 0x6B, 0x20, 0x53, 0xFC, 0x64]))  // "Klinik Süd"
        let (text, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .institutionName) as? [String], ["Klinik Süd"])
        XCTAssertTrue(text.contains("\"Klinik Süd\""), "non-ASCII must stay UTF-8, not \\u escapes")
    }

    func test_quotesBackslashesAndControlCharacters_areEscaped() throws {
        let original = "He said \"hi\" \\ then\nleft\ttab\u{01}bell"
        var dataSet = DataSet()
        dataSet.set(Element(.patientComments, .LT, bytes: padded(original)))
        let (text, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .patientComments) as? [String], [original])
        XCTAssertTrue(text.contains(#"He said \"hi\" \\ then\nleft\ttab\u0001bell"#), text)
    }

    func test_escaper_writesEveryControlCharacterAsAnEscape() {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let quoted = JSONDump.quoted(controls)
        XCTAssertFalse(quoted.unicodeScalars.contains { $0.value < 0x20 }, quoted)
        XCTAssertTrue(quoted.contains("\\u001F"), quoted)
        let parsed = try? JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        XCTAssertEqual(parsed, [controls])
    }

    // MARK: Person names

    func test_personName_hasAlphabeticIdeographicAndPhoneticGroups() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 192")))
        dataSet.set(Element(.patientName, .PN, bytes: padded("Yamada^Tarou=山田^太郎=やまだ^たろう")))
        let (_, object) = try render(dataSet)
        let name = try XCTUnwrap(try values(object, .patientName).first as? [String: String])
        XCTAssertEqual(name, ["Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"])
    }

    func test_personName_emptyGroupsAreLeftOut_andSeveralNamesAreSeveralObjects() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 192")))
        dataSet.set(Element(.otherPatientNames, .PN, bytes: padded("=山田^太郎\\Doe^Jane")))
        let (_, object) = try render(dataSet)
        let names = try values(object, .otherPatientNames) as? [[String: String]]
        XCTAssertEqual(names, [["Ideographic": "山田^太郎"], ["Alphabetic": "Doe^Jane"]])
    }

    func test_personNameOfSeparatorsOnly_hasNoValue() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientName, .PN, bytes: padded("==")))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try attribute(object, .patientName).keys.sorted(), ["vr"])
    }

    // MARK: Numbers

    func test_integerAndDecimalStrings_areJSONNumbers() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.instanceNumber, .IS, bytes: padded("+012")))
        dataSet.set(Element(.imagePositionPatient, .DS, bytes: padded(" .5\\1.\\-1E+2")))
        let (text, object) = try render(dataSet)
        XCTAssertEqual(try numbers(object, .instanceNumber), [12])
        XCTAssertEqual(try numbers(object, .imagePositionPatient), [0.5, 1, -100])
        XCTAssertTrue(text.contains("[0.5, 1, -1e+2]"), "DS digits are kept, respelled for JSON: \(text)")
    }

    func test_decimalStringThatIsNotANumber_staysAString() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.sliceThickness, .DS, bytes: padded("abc")))
        dataSet.set(Element(.seriesNumber, .IS, bytes: padded("1.5")))
        dataSet.set(Element(.acquisitionNumber, .IS, bytes: padded("2.0")))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .sliceThickness) as? [String], ["abc"])
        XCTAssertEqual(try values(object, .seriesNumber) as? [String], ["1.5"])
        XCTAssertEqual(try numbers(object, .acquisitionNumber), [2], "a whole decimal is an integer, as pydicom reads it")
    }

    func test_decimalString_followsJSONNumberGrammar() {
        XCTAssertEqual(ModelNumbers.decimalString("+.5"), "0.5")
        XCTAssertEqual(ModelNumbers.decimalString("007E+2"), "7e+2")
        XCTAssertEqual(ModelNumbers.decimalString("-0.00"), "-0.00")
        XCTAssertEqual(ModelNumbers.decimalString("1."), "1")
        XCTAssertNil(ModelNumbers.decimalString("."))
        XCTAssertNil(ModelNumbers.decimalString("1e"))
        XCTAssertNil(ModelNumbers.decimalString("NaN"))
        XCTAssertNil(ModelNumbers.decimalString("1e999"), "not finite")
        XCTAssertNil(ModelNumbers.integerString("99999999999999999"), "beyond 2^53 - 1")
    }

    func test_binaryNumbers_areJSONNumbers() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.rows, .US, bytes: uint16LE([512])))
        dataSet.set(Element(.pixelPaddingValue, .SS, bytes: uint16LE([0xFFFE])))
        dataSet.set(Element(.referencedSamplePositions, .UL, bytes: [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]))
        dataSet.set(Element(.recommendedDisplayFrameRateInFloat, .FL, bytes: [0, 0, 0xC0, 0x3F]))  // 1.5
        dataSet.set(Element(.diffusionBValue, .FD, bytes: uint64LE(Double(0.1).bitPattern)))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try numbers(object, .rows), [512])
        XCTAssertEqual(try numbers(object, .pixelPaddingValue), [-2])
        XCTAssertEqual(try numbers(object, .referencedSamplePositions), [1, 4_294_967_295])
        XCTAssertEqual(try numbers(object, .recommendedDisplayFrameRateInFloat), [1.5])
        XCTAssertEqual(try numbers(object, .diffusionBValue), [0.1])
    }

    func test_64BitIntegersBeyond2To53_areStrings() throws {
        var dataSet = DataSet()
        let large = UInt64(1) << 53
        dataSet.set(Element(Tag(0x0009, 0x0010), .LO, bytes: padded("TEST")))
        dataSet.set(Element(Tag(0x0009, 0x1001), .UV, bytes: uint64LE(5) + uint64LE(large)))
        dataSet.set(Element(Tag(0x0009, 0x1002), .SV, bytes: uint64LE(UInt64(bitPattern: -(Int64(1) << 60)))))
        let (_, object) = try render(dataSet)
        let unsigned = try values(object, Tag(0x0009, 0x1001))
        XCTAssertEqual((unsigned.first as? NSNumber)?.intValue, 5)
        XCTAssertFalse(unsigned.first is String)
        XCTAssertEqual(unsigned.last as? String, "9007199254740992")
        XCTAssertEqual(try values(object, Tag(0x0009, 0x1002)) as? [String], ["-1152921504606846976"])
    }

    func test_floatNaNAndInfinity_areStrings() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.diffusionBValue, .FD, bytes: uint64LE(Double.nan.bitPattern) + uint64LE((-Double.infinity).bitPattern)))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .diffusionBValue) as? [String], ["NaN", "-Infinity"])
    }

    func test_attributeTag_isEightUpperCaseHexDigits() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.frameIncrementPointer, .AT, bytes: [0x18, 0x00, 0x63, 0x10, 0x09, 0x00, 0xAB, 0x10]))
        let (_, object) = try render(dataSet)
        XCTAssertEqual(try values(object, .frameIncrementPointer) as? [String], ["00181063", "000910AB"])
    }

    // MARK: Binary values

    func test_binaryValue_isBulkDataURI_toItsBytesInTheFile() throws {
        var dataSet = DataSet()
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6]
        dataSet.set(Element(Tag(0x0009, 0x0010), .LO, bytes: padded("TEST")))
        dataSet.set(Element(Tag(0x0009, 0x1001), .OB, bytes: bytes))
        let (_, object) = try render(dataSet)
        let uri = try XCTUnwrap(try attribute(object, Tag(0x0009, 0x1001))["BulkDataURI"] as? String)
        let components = try XCTUnwrap(URLComponents(string: uri))
        XCTAssertEqual(components.scheme, "file")
        XCTAssertTrue(components.path.hasPrefix("/"), "absolute path: \(uri)")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, Int($0.value ?? "") ?? -1) })
        let offset = try XCTUnwrap(query["offset"])
        let length = try XCTUnwrap(query["length"])
        let contents = try Data(contentsOf: URL(fileURLWithPath: components.path))
        XCTAssertEqual(Array(contents[offset..<offset + length]), bytes)
    }

    func test_binaryValue_withInlineBinary_isBase64OfTheValue() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.pixelData, .OB, bytes: [0xDE, 0xAD, 0xBE, 0xEF]))
        let (_, object) = try render(dataSet, inline: true)
        let attributeObject = try attribute(object, .pixelData)
        XCTAssertEqual(attributeObject["InlineBinary"] as? String, "3q2+7w==")
        XCTAssertNil(attributeObject["BulkDataURI"])
    }

    func test_bigEndianFile_inlineBinary_isLittleEndian() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.pixelData, .OW, bytes: uint16LE([0x0102, 0x0304])))
        let (_, object) = try render(dataSet, inline: true, transferSyntax: .explicitVRBigEndian)
        let base64 = try XCTUnwrap(try attribute(object, .pixelData)["InlineBinary"] as? String)
        XCTAssertEqual(Data(base64Encoded: base64).map(Array.init), [0x02, 0x01, 0x04, 0x03])
    }

    func test_encapsulatedPixelData_inline_isItemsWithTheirHeaders() throws {
        let source = MemoryByteSource([0xAA, 0xBB, 0xCC, 0xDD])
        let pixels = EncapsulatedPixelData(items: [
            BulkData(source: source, offset: 0, length: 0), BulkData(source: source, offset: 0, length: 4),
        ])
        var dataSet = DataSet()
        dataSet.set(Element(.pixelData, .OB, value: .encapsulated(pixels)))
        let text = try JSONDump().render(dataSet)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let base64 = try XCTUnwrap(try attribute(object, .pixelData)["InlineBinary"] as? String, "not in a file: inline")
        let expected: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xAA, 0xBB, 0xCC, 0xDD]
        XCTAssertEqual(Data(base64Encoded: base64).map(Array.init), expected)
    }

    // MARK: Structure

    func test_sequence_isArrayOfItemObjects_andItemsInheritCharacterSet() throws {
        var inner = DataSet()
        inner.set(Element(.codeMeaning, .LO, bytes: [0x53, 0xFC, 0x64, 0x20]))  // "Süd" in Latin-1
        var item = DataSet()
        item.set(Element(.institutionName, .LO, bytes: [0x53, 0xFC, 0x64, 0x20]))
        item.set(Element(.conceptNameCodeSequence, .SQ, value: .sequence([Item(inner)])))
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 100")))
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item), Item()])))
        dataSet.set(Element(.referencedImageSequence, .SQ, value: .sequence([])))
        let (_, object) = try render(dataSet)
        let items = try XCTUnwrap(try values(object, .referencedSeriesSequence) as? [[String: Any]])
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(try values(items[0], .institutionName) as? [String], ["Süd"])
        let nested = try XCTUnwrap(try values(items[0], .conceptNameCodeSequence).first as? [String: Any])
        XCTAssertEqual(try values(nested, .codeMeaning) as? [String], ["Süd"])
        XCTAssertTrue(items[1].isEmpty, "an empty item is {}")
        XCTAssertEqual(try attribute(object, .referencedImageSequence).keys.sorted(), ["vr"], "no items: no Value")
    }

    func test_keysAreSortedByTag_withoutGroupLengths_orRepeats() throws {
        let dataSet = DataSet(elements: [
            Element(.patientName, .PN, bytes: padded("B")),
            Element(Tag(0x0008, 0x0000), .UL, bytes: [4, 0, 0, 0]),
            Element(.imageType, .CS, bytes: padded("A")),
            Element(.patientName, .PN, bytes: padded("C")),
        ])
        let text = try JSONDump().render(dataSet)
        let keys = text.split(separator: "\n").compactMap { line in line.split(separator: "\"").dropFirst().first.map(String.init) }
        XCTAssertEqual(keys, ["00080008", "00100010"], text)
        XCTAssertTrue(text.contains("\"Alphabetic\": \"B\""), "the first of a repeated tag is kept: \(text)")
    }

    // MARK: Corpus

    func test_everyPydicomFileTheReaderReads_givesStrictJSON_inBothBinaryForms() throws {
        var checked = 0
        var unread: [String] = []
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path) else {
                unread.append(url.lastPathComponent)
                continue
            }
            for inline in [false, true] {
                do {
                    let text = try JSONDump(inlineBinary: inline).render(file)
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
                    XCTAssertTrue(object is [String: Any], url.lastPathComponent)
                } catch {
                    XCTFail("\(url.lastPathComponent) (inline: \(inline)): \(error)")
                }
            }
            checked += 1
        }
        print("JSON: \(checked) pydicom files parse as strict JSON; not read by our reader: \(unread)")
        XCTAssertGreaterThan(checked, 50)
    }

    func test_pydicomReadsOurJSON_backToTheSameValues() throws {
        let directory = try temporaryDirectory(self)
        var pairs: [[String]] = []
        for (index, url) in try PydicomData.allFiles().enumerated() {
            guard let file = try? DicomReader.read(path: url.path), file.errors.isEmpty,
                let text = try? JSONDump(inlineBinary: true).render(file)
            else { continue }
            let output = directory.appendingPathComponent("\(index).json")
            try Data(text.utf8).write(to: output)
            pairs.append([url.path, output.path])
        }
        let manifest = directory.appendingPathComponent("pairs.json")
        try JSONSerialization.data(withJSONObject: pairs).write(to: manifest)
        let script = directory.appendingPathComponent("compare.py")
        try Data(pydicomRoundTripScript.utf8).write(to: script)
        let result = runTool(["python3", script.path, manifest.path])
        print(result.stdout)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("MISMATCHES=0\n"), "pydicom disagrees:\n\(result.stdout)\n\(result.stderr)")
        XCTAssertGreaterThan(pairs.count, 50)
    }
}
