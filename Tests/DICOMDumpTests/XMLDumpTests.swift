import DICOM
import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import DICOMDump

final class XMLDumpTests: XCTestCase {
    func render(_ dataSet: DataSet, inline: Bool = false) throws -> String {
        let file = try writtenAndRead(dataSet, test: self)
        let xml = try XMLDump(inlineBinary: inline).render(file)
        let summary = NativeModelSummary()
        XCTAssertTrue(summary.parse(xml), "not well-formed: \(summary.error ?? "")\n\(xml)")
        return xml
    }

    func test_attribute_hasTagVRAndKeyword() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientID, .LO, bytes: padded("ID1")))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel xml:space=\"preserve\">\n"), xml)
        XCTAssertTrue(xml.contains("<DicomAttribute tag=\"00100020\" vr=\"LO\" keyword=\"PatientID\">\n<Value number=\"1\">ID1</Value>\n</DicomAttribute>"), xml)
    }

    func test_personName_hasComponentsInEachGroup_emptyOnesLeftOut() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.specificCharacterSet, .CS, bytes: padded("ISO_IR 192")))
        dataSet.set(Element(.patientName, .PN, bytes: padded("Yamada^Tarou=山田^太郎=やまだ^たろう")))
        dataSet.set(Element(.referringPhysicianName, .PN, bytes: padded("SMITH^ANNA^^DR")))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("""
            <PersonName number="1">
            <Alphabetic>
            <FamilyName>Yamada</FamilyName>
            <GivenName>Tarou</GivenName>
            </Alphabetic>
            <Ideographic>
            <FamilyName>山田</FamilyName>
            <GivenName>太郎</GivenName>
            </Ideographic>
            <Phonetic>
            <FamilyName>やまだ</FamilyName>
            <GivenName>たろう</GivenName>
            </Phonetic>
            </PersonName>
            """), xml)
        XCTAssertTrue(xml.contains("<FamilyName>SMITH</FamilyName>\n<GivenName>ANNA</GivenName>\n<NamePrefix>DR</NamePrefix>\n</Alphabetic>"), xml)
    }

    func test_privateElement_hasCreator_andTagWithoutBlockNumber() throws {
        var dataSet = DataSet()
        dataSet.set(Element(Tag(0x0009, 0x0010), .LO, bytes: padded("ACME & CO")))
        dataSet.set(Element(Tag(0x0009, 0x1001), .LO, bytes: padded("secret")))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("<DicomAttribute tag=\"00090010\" vr=\"LO\">"), "a creator has no keyword and no creator: \(xml)")
        XCTAssertTrue(xml.contains("<DicomAttribute tag=\"00090001\" vr=\"LO\" privateCreator=\"ACME &amp; CO\">"), xml)
    }

    func test_sequence_itemsAreNumbered_andNested() throws {
        var item = DataSet()
        item.set(Element(.seriesInstanceUID, .UI, bytes: padded("1.2.3", 0)))
        var dataSet = DataSet()
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(item), Item()])))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("""
            <DicomAttribute tag="00081115" vr="SQ" keyword="ReferencedSeriesSequence">
            <Item number="1">
            <DicomAttribute tag="0020000E" vr="UI" keyword="SeriesInstanceUID">
            <Value number="1">1.2.3</Value>
            </DicomAttribute>
            </Item>
            <Item number="2">
            </Item>
            </DicomAttribute>
            """), xml)
    }

    func test_emptyValueAmongSeveral_keepsTheNumbering() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.imageType, .CS, bytes: padded("A\\\\B")))
        dataSet.set(Element(.patientComments, .LT, bytes: []))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("<Value number=\"1\">A</Value>\n<Value number=\"2\"/>\n<Value number=\"3\">B</Value>"), xml)
        XCTAssertTrue(xml.contains("keyword=\"PatientComments\">\n</DicomAttribute>"), "empty: no Value: \(xml)")
    }

    func test_markupAndControlCharacters_areEscapedOrReplaced() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.patientComments, .LT, bytes: padded("a<b & \"c\" >\r\nd\u{01}")))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("<Value number=\"1\">a&lt;b &amp; &quot;c&quot; &gt;&#13;\nd\u{FFFD}</Value>"), xml)
        let summary = NativeModelSummary()
        XCTAssertTrue(summary.parse(xml))
        XCTAssertEqual(summary.firstValues["(0010,4000)"], "a<b & \"c\" >\r\nd\u{FFFD}", "the parser gets the text back")
    }

    func test_numbersAndTags_areText() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.rows, .US, bytes: uint16LE([512])))
        dataSet.set(Element(.sliceThickness, .DS, bytes: padded(" 2.50")))
        dataSet.set(Element(.frameIncrementPointer, .AT, bytes: [0x18, 0x00, 0x63, 0x10]))
        let xml = try render(dataSet)
        XCTAssertTrue(xml.contains("keyword=\"Rows\">\n<Value number=\"1\">512</Value>"), xml)
        XCTAssertTrue(xml.contains("keyword=\"SliceThickness\">\n<Value number=\"1\">2.50</Value>"), "DS as stored, trimmed: \(xml)")
        XCTAssertTrue(xml.contains("keyword=\"FrameIncrementPointer\">\n<Value number=\"1\">00181063</Value>"), xml)
    }

    func test_binaryValue_isBulkDataURI_orInlineBinary() throws {
        var dataSet = DataSet()
        dataSet.set(Element(.pixelData, .OB, bytes: [0xDE, 0xAD, 0xBE, 0xEF]))
        let referenced = try render(dataSet)
        XCTAssertNotNil(referenced.range(of: #"<BulkData uri="file:///[^"]+\?offset=\d+&amp;length=4"/>"#, options: .regularExpression), referenced)
        let inline = try render(dataSet, inline: true)
        XCTAssertTrue(inline.contains("<InlineBinary>3q2+7w==</InlineBinary>"), inline)
    }

    func test_comment_namesTheFile_withoutDoubleHyphens() throws {
        let xml = try XMLDump().render(DataSet(), comment: "a--b.dcm")
        XCTAssertTrue(xml.contains("<!-- a- -b.dcm -->\n<NativeDicomModel"), xml)
        XCTAssertTrue(NativeModelSummary().parse(xml))
    }

    // MARK: Corpus

    func test_everyPydicomFileTheReaderReads_givesWellFormedXML() throws {
        var checked = 0
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path) else { continue }
            for inline in [false, true] {
                let xml = try XMLDump(inlineBinary: inline).render(file, comment: url.path)
                let summary = NativeModelSummary()
                XCTAssertTrue(summary.parse(xml), "\(url.lastPathComponent): \(summary.error ?? "")")
            }
            checked += 1
        }
        print("XML: \(checked) pydicom files give well-formed XML")
        XCTAssertGreaterThan(checked, 50)
    }

    func test_samples_agreeWithDcm2xml() throws {
        try requireTool("dcm2xml")
        var compared = 0
        for url in Repository.sampleFiles() {
            guard let file = try? DicomReader.read(path: url.path), file.errors.isEmpty else { continue }
            let ours = NativeModelSummary()
            XCTAssertTrue(ours.parse(try XMLDump().render(file)), url.path)
            let output = runTool(["dcm2xml", "--native-format", "+U8", "-q", url.path])
            XCTAssertEqual(output.status, 0, "\(url.path): \(output.stderr)")
            let theirs = NativeModelSummary()
            XCTAssertTrue(theirs.parse(output.stdout), "dcm2xml output for \(url.path)")
            // +U8 makes dcm2xml decode text to UTF-8 and then say so in (0008,0005), which it
            // sets to ISO_IR 192; we keep the file's Specific Character Set as it is.
            let isCharacterSet = { (entry: String) in entry.hasPrefix("00080005 ") }
            let onlyOurs = ours.entries.subtracting(theirs.entries).filter { !isCharacterSet($0) }.sorted()
            let onlyTheirs = theirs.entries.subtracting(ours.entries).filter { !isCharacterSet($0) }.sorted()
            XCTAssertTrue(onlyOurs.isEmpty && onlyTheirs.isEmpty, "\(url.path):\n ours only: \(onlyOurs)\n dcm2xml only: \(onlyTheirs)")
            XCTAssertGreaterThan(ours.entries.count, 20, url.path)
            compared += 1
        }
        print("XML: \(compared) samples agree with dcm2xml")
        XCTAssertGreaterThan(compared, 10)
    }
}

/// Reads a Native DICOM Model document and keeps, for every attribute, its place (tag path with
/// item numbers and private creator), VR and first value: the `Value`, or the first person name
/// written back as `Family^Given^...=...`. Values of FL, FD and DS are normalised to numbers.
final class NativeModelSummary: NSObject, XMLParserDelegate {
    private(set) var entries = Set<String>()
    /// First value by tag, `(gggg,eeee)`, for top-level attributes.
    private(set) var firstValues: [String: String] = [:]
    private(set) var error: String?

    private var path: [String] = []
    private var vrs: [String] = []
    private var text: String?
    private var value: String?
    private var nameGroups: [String] = []
    private var components: [String: String] = [:]
    private var inFirstValue = false

    func parse(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        let ok = parser.parse()
        if !ok { error = parser.parserError.map { "\($0)" } ?? "parse failed" }
        return ok
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "DicomAttribute":
            path.append((attributes["tag"] ?? "?") + (attributes["privateCreator"].map { "[\($0)]" } ?? ""))
            vrs.append(attributes["vr"] ?? "?")
            value = nil
        case "Item":
            path[path.count - 1] += "#\(attributes["number"] ?? "?")"
        case "Value", "PersonName":
            inFirstValue = attributes["number"] == "1"
            text = ""
            nameGroups = []
        case "Alphabetic", "Ideographic", "Phonetic":
            components = [:]
        default:
            text = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "DicomAttribute":
            let vr = vrs.removeLast()
            let shown = normalised(value ?? "", vr: vr)
            entries.insert(path.joined(separator: "/") + " " + vr + " " + shown)
            if path.count == 1, let tag = Tag(parsing: path[0].prefix(8)) { firstValues[tag.description] = value ?? "" }
            path.removeLast()
        case "Item":
            if let last = path.last, let hash = last.firstIndex(of: "#") { path[path.count - 1] = String(last[..<hash]) }
        case "Value":
            if inFirstValue && value == nil { value = text ?? "" }
            inFirstValue = false
        case "PersonName":
            if inFirstValue && value == nil { value = nameGroups.joined(separator: "=") }
            inFirstValue = false
        case "Alphabetic", "Ideographic", "Phonetic":
            var parts = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"].map { components[$0] ?? "" }
            while parts.last == "" { parts.removeLast() }
            let index = ["Alphabetic", "Ideographic", "Phonetic"].firstIndex(of: name) ?? 0
            while nameGroups.count < index { nameGroups.append("") }
            nameGroups.append(parts.joined(separator: "^"))
        case "FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix":
            components[name] = text ?? ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = "\(parseError)" }

    private func normalised(_ text: String, vr: String) -> String {
        guard ["FL", "FD", "DS"].contains(vr), let number = Double(text) else { return text }
        return String(format: "%.6g", number)
    }
}
