import DICOM
import DICOMRepair
import DICOMTestSupport
import DICOMValidation
import XCTest

/// The File Meta Information fixes of `Repairer` that a file read from disk cannot show: the
/// reader ends the meta group at the first element outside group 0002, so an element of another
/// group in the meta only comes from a program that built the file in memory.
final class MetaRepairsTests: XCTestCase {
    let ctImage = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path

    func test_foreignElementInMeta_movesIntoTheDataSet_validateCleanOfTheCode() throws {
        var file = try DicomReader.read(path: ctImage)
        XCTAssertNil(file.dataSet[.institutionAddress], "the sample has no Institution Address")
        file.meta.setString(.institutionAddress, .ST, "1 Main Street")
        XCTAssertTrue(Validator.validate(file, path: ctImage).contains { $0.code == "meta.element.foreign" })

        let changes = try XCTUnwrap(try Repairer().apply(to: &file))
        XCTAssertTrue(changes.contains { ($0.fixes ?? []).contains("meta.element.foreign") }, "\(changes)")
        XCTAssertEqual(file.dataSet.string(.institutionAddress), "1 Main Street")
        XCTAssertFalse(file.meta.elements.contains { $0.tag.group != 0x0002 })

        let bytes = try DicomWriter.encode(file, options: WriteOptions(meta: .preserve, container: .asRead))
        let written = try DicomReader.read(bytes: bytes, name: "repaired.dcm")
        XCTAssertEqual(written.dataSet.string(.institutionAddress), "1 Main Street")
        let after = Validator.validate(written, path: "repaired.dcm").map(\.code)
        XCTAssertFalse(after.contains("meta.element.foreign"), "\(after)")
    }

    func test_foreignElementAlsoInTheDataSet_keepsTheDataSetsValue() throws {
        var file = try DicomReader.read(path: ctImage)
        let patientName = try XCTUnwrap(file.dataSet.string(.patientName))
        file.meta.setString(.patientName, .PN, "OTHER^NAME")
        _ = try Repairer().apply(to: &file)
        XCTAssertEqual(file.dataSet.string(.patientName), patientName, "the data set's own value wins")
        XCTAssertNil(file.meta[.patientName])
    }
}
