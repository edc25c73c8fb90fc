import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// The free text inside the sequences Table E.1-1 gives D (C with clean-structured-content and
/// clean-graphics): the planted SR and presentation state (Samples/phi/documents, made by
/// PHIDocumentSamples). PS3.15 E.1.1: the action on a sequence applies to all its contents.
final class DocumentContentTests: XCTestCase {
    static let report = "phi/documents/planted-sr.dcm"
    static let presentation = "phi/documents/planted-gsps.dcm"
    /// What identifies the patient in the documents' free text, in every spelling it has there.
    static let identifying = [
        "Ødegård", "ØDEGÅRD", "ODEGARD", "Åse", "ÅSE", "PHI-4711-X", "+47 5555 0199", "WHITLOCK", "NESTED^NELLY", "19581224",
        "Mrs Ødegård (PHI-4711-X) phoned from +47 5555 0199, referred by WHITLOCK", "Nested note: ÅSE ØDEGÅRD was anxious",
    ]

    func sample(_ relativePath: String) throws -> String {
        let url = Repository.samples.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("\(relativePath) missing: run Scripts/make-samples") }
        return url.path
    }

    func anonymize(
        _ relative: String, options: Set<ProfileOption> = [], collectingValues: Bool = true
    ) throws -> (output: DataSet, bytes: [UInt8], result: Anonymizer.Result) {
        let key = try DeidentificationKey(bytes: (0..<32).map { UInt8($0) &+ 7 })
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: options, key: key), collectsIdentifyingValues: collectingValues)
        let path = try temporaryDirectory(self).appendingPathComponent("out.dcm").path
        let result = try anonymizer.anonymize(inputPath: try sample(relative), destination: .file(path))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return (try DicomReader.read(path: path).dataSet, bytes, result)
    }

    func assertNothingIdentifying(_ bytes: [UInt8], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        for value in Self.identifying {
            XCTAssertNil(firstRange(of: Array(value.utf8), in: bytes), "\(value) left (\(label))", file: file, line: line)
        }
    }

    func test_report_basicProfile_replacesEveryTextValueInTheContentTree_andKeepsTheCodes() throws {
        let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try sample(Self.report))))
        XCTAssertNotNil(firstRange(of: Array("PHI-4711-X) phoned".utf8), in: input), "the check can fail: the input has the text")
        let (output, bytes, _) = try anonymize(Self.report)
        assertNothingIdentifying(bytes, "basic")
        let items = try XCTUnwrap(output[.contentSequence]).items.map(\.dataSet)
        XCTAssertEqual(items.count, 6, "D on Content Sequence keeps the tree, with dummy content")
        XCTAssertEqual(items[0].string(.textValue), "ANONYMIZED")
        XCTAssertEqual(items[1][.contentSequence]?.items.first?.dataSet.string(.textValue), "ANONYMIZED", "nested text too")
        XCTAssertEqual(items[2].string(Tag(0x0040, 0xA123)), "ANONYMIZED", "Person Name: D")
        XCTAssertEqual(items[3].string(Tag(0x0040, 0xA121)), "19000101", "Date: D")
        XCTAssertEqual(items[0][.conceptNameCodeSequence]?.items.first?.dataSet.string(.codeMeaning), "Finding")
        XCTAssertEqual(items[4][.conceptCodeSequence]?.items.first?.dataSet.string(.codeValue), "39607008")
        XCTAssertEqual(items[0].string(.valueType), "TEXT")
    }

    func test_report_cleanStructuredContent_blanksTheIdentifyingWordsOfEachTextValue() throws {
        let (output, bytes, _) = try anonymize(Self.report, options: [.cleanStructuredContent])
        assertNothingIdentifying(bytes, "clean-structured-content")
        let items = try XCTUnwrap(output[.contentSequence]).items.map(\.dataSet)
        XCTAssertEqual(items[0].string(.textValue), "Mrs ******* (**********) phoned from *************, referred by ********")
        XCTAssertEqual(items[1][.contentSequence]?.items.first?.dataSet.string(.textValue), "****** note: *** ******* was anxious", "NESTED is the family name of the PNAME item")
        XCTAssertEqual(items[2].string(Tag(0x0040, 0xA123)), "ANONYMIZED", "a person name cannot be cleaned")
    }

    func test_withoutCollectingValues_textIsCleanedTheSame_andNoValuesAreReturned() throws {
        let collected = try anonymize(Self.report, options: [.cleanStructuredContent])
        let lazy = try anonymize(Self.report, options: [.cleanStructuredContent], collectingValues: false)
        XCTAssertEqual(lazy.bytes, collected.bytes)
        XCTAssertFalse(collected.result.identifyingValues.searchTerms.isEmpty)
        XCTAssertTrue(lazy.result.identifyingValues.searchTerms.isEmpty)
    }

    func test_presentationState_basicProfile_replacesTheAnnotationText_andItsImageReference() throws {
        let (output, bytes, result) = try anonymize(Self.presentation)
        assertNothingIdentifying(bytes, "basic")
        let annotation = try XCTUnwrap(output[.graphicAnnotationSequence]?.items.first?.dataSet)
        let text = try XCTUnwrap(annotation[.textObjectSequence]?.items.first?.dataSet)
        XCTAssertEqual(text.string(.unformattedTextValue), "ANONYMIZED")
        XCTAssertEqual(text.string(.boundingBoxTextHorizontalJustification), "LEFT")
        let reference = try XCTUnwrap(annotation[.referencedImageSequence]?.items.first?.dataSet.string(.referencedSOPInstanceUID))
        let original = try XCTUnwrap(try DicomReader.read(path: try sample("phi/planted-ct-1.dcm")).dataSet.string(.sopInstanceUID))
        XCTAssertEqual(reference, Pseudonyms(key: try DeidentificationKey(bytes: (0..<32).map { UInt8($0) &+ 7 })).uid(original))
        XCTAssertTrue(result.identifyingValues.removed.contains(original), "the old UID is looked for by --verify")
    }

    func test_presentationState_cleanGraphics_blanksTheNameAndIDInTheAnnotation() throws {
        let (output, bytes, _) = try anonymize(Self.presentation, options: [.cleanGraphics])
        assertNothingIdentifying(bytes, "clean-graphics")
        let text = output[.graphicAnnotationSequence]?.items.first?.dataSet[.textObjectSequence]?.items.first?.dataSet
        XCTAssertEqual(text?.string(.unformattedTextValue), "******* *** **********")
    }

    /// The identifying values gathered from the documents make --verify report the free text if
    /// it were left: scanning the inputs finds it where it is, scanning the outputs finds nothing.
    func test_verifier_wouldReportTheFreeTextIfItWereLeft() throws {
        let cases: [(String, Set<ProfileOption>, [String])] = [
            (Self.report, [], ["(0040,A730)[0]/(0040,A160)", "(0040,A730)[1]/(0040,A730)[0]/(0040,A160)"]),
            (Self.report, [.cleanStructuredContent], ["(0040,A730)[0]/(0040,A160)", "(0040,A730)[1]/(0040,A730)[0]/(0040,A160)"]),
            (Self.presentation, [], ["(0070,0001)[0]/(0070,0008)[0]/(0070,0006)"]),
            (Self.presentation, [.cleanGraphics], ["(0070,0001)[0]/(0070,0008)[0]/(0070,0006)"]),
        ]
        for (relative, options, paths) in cases {
            let (_, _, result) = try anonymize(relative, options: options)
            let verifier = Verifier(values: result.identifyingValues)
            let inputHits = Set(try verifier.scan(path: try sample(relative)).map(\.tagPath.description))
            for path in paths { XCTAssertTrue(inputHits.contains(path), "\(relative) \(options): \(path) not reported in \(inputHits.sorted())") }
            XCTAssertEqual(try verifier.scan(path: try XCTUnwrap(result.output)), [], "\(relative) \(options)")
        }
    }

    /// Coding scheme UIDs (PS3.16 Table 8-1) name terminologies, not instances: kept.
    func test_codingSchemeUIDs_areKept_whileInstanceUIDsAreReplaced() throws {
        let (output, _, _) = try anonymize(Self.report)
        let schemes = try XCTUnwrap(output[.codingSchemeIdentificationSequence]).items.map { $0.dataSet.string(.codingSchemeUID) }
        XCTAssertEqual(schemes, ["1.2.840.10008.2.16.4", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.8"])
        XCTAssertEqual(output.string(.sopInstanceUID)?.hasPrefix("2.25."), true)
        let pseudonyms = Pseudonyms(key: try DeidentificationKey(bytes: [UInt8](repeating: 1, count: 32)))
        for uid in ["2.16.840.1.113883.6.96", "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.8", "1.2.840.10008.2.16.4", "1.2.840.10008.5.1.4.1.1.88.11"] {
            XCTAssertEqual(pseudonyms.uid(uid), uid)
        }
        XCTAssertNotEqual(pseudonyms.uid("2.16.840.1.113883.6.9999"), "2.16.840.1.113883.6.9999", "other HL7 OIDs are replaced")
        // A Coding Scheme UID outside the list is still kept: it qualifies a code.
        var item = DataSet()
        item.setString(.codingSchemeUID, .UI, "1.3.6.1.4.1.99999.1")
        var dataSet = DataSet()
        dataSet.set(Element(.codingSchemeIdentificationSequence, .SQ, value: .sequence([Item(item)])))
        let profile = try DeidentificationProfile(key: try DeidentificationKey(bytes: [UInt8](repeating: 1, count: 32)))
        var engine = ProfileEngine(profile: profile, cleaningTerms: [], dateOffset: 0)
        engine.apply(to: &dataSet, requirements: .none, characterSet: .defaultRepertoire)
        XCTAssertEqual(dataSet[.codingSchemeIdentificationSequence]?.items.first?.dataSet.string(.codingSchemeUID), "1.3.6.1.4.1.99999.1")
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }
}
