import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMDeidentify

final class ProfileTableTests: XCTestCase {
    func test_table_hasAllRowsOfTableE11() {
        XCTAssertEqual(ProfileTable.rowCount, 621)
        XCTAssertEqual(ProfileTable.rows.count, 620, "every row but the private attributes row is a tag row")
        XCTAssertEqual(ProfileTable.edition, "2024b")
    }

    func test_rowsUseEveryActionCode() {
        let used = Set(ProfileTable.rows.map(\.basicAction))
        for action in ProfileAction.allCases where action != .keep && action != .clean {
            XCTAssertTrue(used.contains(action), "no row uses \(action)")
        }
    }

    func test_knownRows_haveTheStandardsActions() throws {
        let cases: [(Tag, ProfileAction)] = [
            (.patientName, .zeroLength), (.patientID, .zeroLengthOrDummy), (.accessionNumber, .zeroLength),
            (.sopInstanceUID, .replaceUID), (.deviceSerialNumber, .removeOrZeroLengthOrDummy),
            (.referencedImageSequence, .removeOrZeroLengthOrReplaceUIDs), (.originalAttributesSequence, .remove),
            (.patientAddress, .remove), (.mediaStorageSOPInstanceUID, .replaceUID),
        ]
        for (tag, action) in cases {
            XCTAssertEqual(try XCTUnwrap(ProfileTable.row(for: tag), "\(tag)").basicAction, action, "\(tag)")
        }
    }

    func test_optionColumns_overrideTheBasicAction() throws {
        let serial = try XCTUnwrap(ProfileTable.row(for: .deviceSerialNumber))
        XCTAssertEqual(serial.action(with: []), .removeOrZeroLengthOrDummy)
        XCTAssertEqual(serial.action(with: [.retainDeviceIdentity]), .keep)
        XCTAssertEqual(serial.action(with: [.retainUIDs]), .removeOrZeroLengthOrDummy, "an option that does not list the row changes nothing")
        let studyDate = try XCTUnwrap(ProfileTable.row(for: .studyDate))
        XCTAssertEqual(studyDate.action(with: [.retainLongFullDates]), .keep)
        XCTAssertEqual(studyDate.action(with: [.retainLongModifiedDates]), .clean)
        let allergies = try XCTUnwrap(ProfileTable.row(for: Tag(0x0010, 0x2110)))
        XCTAssertEqual(allergies.action(with: [.retainPatientCharacteristics, .cleanDescriptors]), .clean)
    }

    func test_repeatingGroupRows_matchEvenOverlayGroupsAndEveryCurveElement() throws {
        XCTAssertEqual(ProfileTable.row(for: Tag(0x6002, 0x3000))?.name, "Overlay Data")
        XCTAssertEqual(ProfileTable.row(for: Tag(0x60FE, 0x4000))?.name, "Overlay Comments")
        XCTAssertEqual(ProfileTable.row(for: Tag(0x5004, 0x1234))?.name, "Curve Data")
        XCTAssertNil(ProfileTable.row(for: Tag(0x6000, 0x0010)), "overlay rows are not listed")
        XCTAssertNil(ProfileTable.row(for: Tag(0x6001, 0x3000)), "an odd group is private, not an overlay")
        XCTAssertNil(ProfileTable.row(for: Tag(0x0028, 0x0010)), "Rows is not in the table")
    }

    func test_privateAttributesRow_isRemoveOrCleanWithRetainSafePrivate() {
        XCTAssertEqual(ProfileTable.privateAttributes.basic, .remove)
        XCTAssertEqual(ProfileTable.privateAttributes.retainSafePrivate, .clean)
    }

    func test_alternatives_resolveByTypeInTheIOD() {
        XCTAssertEqual(ProfileAction.removeOrZeroLength.resolved(for: .optional), .remove)
        XCTAssertEqual(ProfileAction.removeOrZeroLength.resolved(for: .requiredEmptyAllowed), .zeroLength)
        XCTAssertEqual(ProfileAction.removeOrDummy.resolved(for: nil), .remove)
        XCTAssertEqual(ProfileAction.removeOrDummy.resolved(for: .required), .dummy)
        XCTAssertEqual(ProfileAction.zeroLengthOrDummy.resolved(for: .requiredEmptyAllowed), .zeroLength)
        XCTAssertEqual(ProfileAction.zeroLengthOrDummy.resolved(for: .required), .dummy)
        XCTAssertEqual(ProfileAction.removeOrZeroLengthOrDummy.resolved(for: .optional), .remove)
        XCTAssertEqual(ProfileAction.removeOrZeroLengthOrDummy.resolved(for: .requiredEmptyAllowed), .zeroLength)
        XCTAssertEqual(ProfileAction.removeOrZeroLengthOrDummy.resolved(for: .required), .dummy)
        XCTAssertEqual(ProfileAction.removeOrZeroLengthOrReplaceUIDs.resolved(for: .required), .replaceUID)
        XCTAssertEqual(ProfileAction.removeOrZeroLengthOrReplaceUIDs.resolved(for: nil), .remove)
        XCTAssertEqual(ProfileAction.keep.resolved(for: .required), .keep)
        XCTAssertEqual(ProfileAction.remove.resolved(for: .optional), .remove)
        XCTAssertEqual(ProfileAction.remove.resolved(for: nil), .remove)
        XCTAssertEqual(ProfileAction.remove.resolved(for: .requiredEmptyAllowed), .zeroLength, "X never breaks the IOD")
        XCTAssertEqual(ProfileAction.remove.resolved(for: .required), .dummy, "X never breaks the IOD")
    }

    func test_requirements_comeFromTheIODOfTheSOPClass() {
        let ct = AttributeRequirements(sopClassUID: UID.ctImageStorage)
        XCTAssertEqual(ct.level(of: .patientName), .requiredEmptyAllowed)
        XCTAssertEqual(ct.level(of: .sopInstanceUID), .required)
        XCTAssertEqual(ct.level(of: .deviceSerialNumber), .optional)
        XCTAssertEqual(ct.level(of: .imageType), .required, "type 1 in the CT Image module")
        XCTAssertNil(AttributeRequirements(sopClassUID: "1.2.3.4").level(of: .patientName))
    }

    func test_methodCodes_areCID7050InTableOrder() throws {
        let profile = try DeidentificationProfile(options: [.cleanDescriptors, .retainUIDs], key: .random())
        XCTAssertEqual(profile.methodCodes.map(\.value), ["113100", "113110", "113105"])
        XCTAssertTrue(profile.methodCodes.allSatisfy { $0.scheme == "DCM" })
        XCTAssertEqual(Set(ProfileOption.allCases.map(\.code.value)).count, 10)
    }

    func test_exclusiveDateOptions_areRefused() {
        XCTAssertThrowsError(try DeidentificationProfile(options: [.retainLongFullDates, .retainLongModifiedDates], key: .random()))
    }
}
