import XCTest

@testable import DICOM

/// pydicom's character set files read through the reader: every text element's raw bytes are
/// found where pydicom found them, and decode with the character set in effect (the data set's,
/// or a sequence item's own) to pydicom's text.
final class CharacterSetFileTests: XCTestCase {
    func test_chrFiles_decodeThroughReader_asPydicomDoes() throws {
        var checked = 0
        for fixture in chrFixtures {
            let url = try PydicomData.file(fixture.file + ".dcm")
            let file = try DicomReader.read(path: url.path)
            XCTAssertTrue(file.errors.isEmpty, "\(fixture.file): \(file.errors)")
            guard let (element, characterSet) = find(fixture.tag, in: file.dataSet) else {
                XCTFail("\(fixture.file): \(fixture.tag) not found")
                continue
            }
            XCTAssertEqual(element.inlineBytes, fixture.bytes, "\(fixture.file) \(fixture.tag)")
            XCTAssertEqual(characterSet.terms, fixture.terms, "\(fixture.file) \(fixture.tag)")
            XCTAssertEqual(characterSet.decode(fixture.bytes, vr: element.vr), fixture.text, "\(fixture.file) \(fixture.tag)")
            checked += 1
        }
        XCTAssertEqual(checked, chrFixtures.count)
    }

    /// Follows a path like `(0008,1115)[0]/(0010,0010)`, resolving the character set on the way.
    private func find(_ path: String, in dataSet: DataSet) -> (Element, SpecificCharacterSet)? {
        var current = dataSet
        var characterSet = dataSet.specificCharacterSet()
        let parts = path.split(separator: "/")
        for (index, part) in parts.enumerated() {
            let tagText = part.prefix { $0 != "[" }
            guard let tag = Tag(parsing: tagText), let element = current[tag] else { return nil }
            if index == parts.count - 1 { return (element, characterSet) }
            let itemText = part.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
            guard let itemIndex = Int(itemText), itemIndex < element.items.count else { return nil }
            current = element.items[itemIndex].dataSet
            characterSet = current.specificCharacterSet(inherited: characterSet)
        }
        return nil
    }
}
