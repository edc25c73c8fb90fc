import XCTest

@testable import DICOM

final class DataDictionaryTests: XCTestCase {
    // MARK: Exact entries

    func test_patientName_resolvesByTagAndKeyword() throws {
        let byTag = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0010, 0x0010)))
        XCTAssertEqual(byTag.keyword.description, "PatientName")
        XCTAssertEqual(byTag.name.description, "Patient's Name")
        XCTAssertEqual(byTag.vr, .PN)
        XCTAssertEqual(byTag.vm.description, "1")
        XCTAssertFalse(byTag.isRetired)

        XCTAssertEqual(DataDictionary.tag(forKeyword: "PatientName"), Tag(0x0010, 0x0010))
        XCTAssertNil(DataDictionary.tag(forKeyword: "patientName"), "keywords are case-sensitive")
        XCTAssertNil(DataDictionary.tag(forKeyword: "NoSuchKeyword"))
    }

    func test_retiredEntry_isMarkedRetired() throws {
        // (0008,0001) Length to End, retired since the ACR-NEMA days.
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0001)))
        XCTAssertEqual(entry.keyword.description, "LengthToEnd")
        XCTAssertEqual(entry.vr, .UL)
        XCTAssertTrue(entry.isRetired)
    }

    func test_usOrSS_firstVRIsDefaultAndSSIsAlternative() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0028, 0x0106)))
        XCTAssertEqual(entry.keyword.description, "SmallestImagePixelValue")
        XCTAssertEqual(entry.vr, .US)
        XCTAssertEqual(entry.alternativeVRs, [.SS])
        XCTAssertEqual(DataDictionary.defaultVR(for: Tag(0x0028, 0x0106)), .US)
    }

    func test_singleVREntry_hasNoAlternatives() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0018)))
        XCTAssertEqual(entry.vr, .UI)
        XCTAssertEqual(entry.alternativeVRs, [])
    }

    func test_itemAndDelimiters_haveVRUN() throws {
        for tag in [Tag.item, Tag.itemDelimitationItem, Tag.sequenceDelimitationItem] {
            let entry = try XCTUnwrap(DataDictionary.entry(for: tag), "\(tag)")
            XCTAssertEqual(entry.vr, .UN, "\(tag)")
        }
    }

    func test_commandGroupElement_addedFromPS37() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0000, 0x0100)))
        XCTAssertEqual(entry.keyword.description, "CommandField")
        XCTAssertEqual(entry.vr, .US)
    }

    func test_multiplicity_parsesDictionaryText() throws {
        let pixelSpacing = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0028, 0x0030)))
        XCTAssertEqual(pixelSpacing.multiplicity, ValueMultiplicity(minimum: 2, maximum: 2))
        let imageType = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0008)))
        XCTAssertEqual(imageType.multiplicity.minimum, 2)
        XCTAssertNil(imageType.multiplicity.maximum)
    }

    // MARK: Repeating groups

    func test_overlayDataInGroup6002_resolvesToMaskedEntry() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x6002, 0x3000)))
        XCTAssertEqual(entry.keyword.description, "OverlayData")
        XCTAssertEqual(entry.tag, Tag(0x6000, 0x3000))
        XCTAssertEqual(entry.mask, 0xFF01_FFFF)
        XCTAssertEqual(entry.vr, .OB)
        XCTAssertEqual(entry.alternativeVRs, [.OW])
        XCTAssertFalse(entry.isRetired)
    }

    func test_curveDataInGroup5010_resolvesToRetiredMaskedEntry() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x5010, 0x3000)))
        XCTAssertEqual(entry.keyword.description, "CurveData")
        XCTAssertTrue(entry.isRetired)
    }

    func test_sourceImageIDs_matchesElementWildcard() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0020, 0x3105)))
        XCTAssertEqual(entry.keyword.description, "SourceImageIDs")
        XCTAssertEqual(entry.mask, 0xFFFF_FF00)
        XCTAssertEqual(entry.vr, .CS)
    }

    func test_nibbleWildcards_matchOnlyTheirDigits() throws {
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x0410))?.keyword.description, "RowsForNthOrderCoefficients")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1000, 0x0120))?.keyword.description, "EscapeTriplet")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1000, 0x0125))?.keyword.description, "ShiftTableTriplet")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1010, 0x1234))?.keyword.description, "ZonalMap")
        XCTAssertNil(DataDictionary.entry(for: Tag(0x1000, 0x0126)), "(1000,xxx6) is not defined")
    }

    func test_oddGroupInRepeatingRange_isPrivateNotOverlay() throws {
        // (6001,0010) is a private creator, not Overlay Rows (60xx,0010).
        let creator = try XCTUnwrap(DataDictionary.entry(for: Tag(0x6001, 0x0010)))
        XCTAssertEqual(creator.vr, .LO)
        XCTAssertEqual(creator.name.description, "Private Creator")
        XCTAssertNil(DataDictionary.entry(for: Tag(0x6001, 0x3000)))
    }

    func test_exactEntry_winsOverRepeatingGroup() throws {
        // (7FE0,0010) Pixel Data lies inside (7Fxx,0010) Variable Pixel Data.
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x7FE0, 0x0010)))
        XCTAssertEqual(entry.keyword.description, "PixelData")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x7F10, 0x0010))?.keyword.description, "VariablePixelData")
    }

    func test_repeatingGroupKeyword_resolvesToBaseTag() {
        XCTAssertEqual(DataDictionary.tag(forKeyword: "OverlayData"), Tag(0x6000, 0x3000))
        XCTAssertEqual(DataDictionary.tag(forKeyword: "ZonalMap"), Tag(0x1010, 0x0000))
    }

    // MARK: Rules

    func test_groupLength_isUL() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0009, 0x0000)))
        XCTAssertEqual(entry.vr, .UL)
        XCTAssertEqual(DataDictionary.defaultVR(for: Tag(0x0009, 0x0000)), .UL)
    }

    func test_groupLengthInRepeatingGroup_isULNotZonalMap() {
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1010, 0x0000))?.vr, .UL)
    }

    func test_privateCreator_isLO() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0009, 0x0010)))
        XCTAssertEqual(entry.vr, .LO)
        XCTAssertEqual(entry.name.description, "Private Creator")
    }

    func test_unknownPrivateTag_isNil() {
        XCTAssertNil(DataDictionary.entry(for: Tag(0x0009, 0x1001)))
        XCTAssertEqual(DataDictionary.defaultVR(for: Tag(0x0009, 0x1001)), .UN)
    }

    // MARK: Table invariants

    func test_exactEntries_areStrictlySortedAndExact() {
        let entries = DataDictionary.exactEntries
        XCTAssertGreaterThan(entries.count, 5000)
        for (previous, next) in zip(entries, entries.dropFirst()) {
            XCTAssertLessThan(previous.tag.rawValue, next.tag.rawValue, "\(previous.tag) before \(next.tag)")
        }
        XCTAssertTrue(entries.allSatisfy { $0.mask == 0xFFFF_FFFF })
    }

    func test_tableColumns_haveEqualLengths() {
        for table in [DataDictionary.exactEntries, DataDictionary.maskedEntries] {
            let count = table.tags.count
            XCTAssertEqual(table.vrs.count, count)
            XCTAssertEqual(table.vms.count, count)
            XCTAssertEqual(table.keywords.count, count)
            XCTAssertEqual(table.names.count, count)
            XCTAssertEqual(table.retired.count, count)
        }
        XCTAssertTrue(DataDictionary.exactEntries.masks.isEmpty)
        XCTAssertEqual(DataDictionary.maskedEntries.masks.count, DataDictionary.maskedEntries.tags.count)
        let uids = UIDRegistry.entries
        for count in [uids.names.count, uids.kinds.count, uids.keywords.count, uids.retired.count] {
            XCTAssertEqual(count, uids.uids.count)
        }
    }

    func test_vrCell_parsesIntoFirstAndAlternativeVRs() {
        XCTAssertTrue(DictionaryTable.parseVRs("CS") == (.CS, []))
        XCTAssertTrue(DictionaryTable.parseVRs("US or SS or OW") == (.US, [.SS, .OW]))
        XCTAssertTrue(DictionaryTable.parseVRs("") == (.UN, []))
    }

    func test_maskedEntries_areOrderedByMaskSpecificity() {
        let entries = DataDictionary.maskedEntries
        XCTAssertFalse(entries.isEmpty)
        for (previous, next) in zip(entries, entries.dropFirst()) {
            XCTAssertGreaterThanOrEqual(previous.mask.nonzeroBitCount, next.mask.nonzeroBitCount)
        }
        for entry in entries {
            XCTAssertNotEqual(entry.mask, 0xFFFF_FFFF)
            XCTAssertEqual(entry.tag.rawValue & entry.mask, entry.tag.rawValue, "\(entry.tag)")
        }
    }

    func test_everyKeywordInKeywordOrder_resolvesBackToItsEntry() {
        let combined = Array(DataDictionary.exactEntries) + DataDictionary.maskedEntries
        let withKeyword = combined.filter { !$0.keyword.description.isEmpty }
        XCTAssertEqual(DataDictionary.keywordOrder.count, withKeyword.count)
        var previous = ""
        for index in DataDictionary.keywordOrder {
            let entry = combined[Int(index)]
            let keyword = entry.keyword.description
            XCTAssertLessThan(previous, keyword)
            previous = keyword
            let found = DataDictionary.entry(forKeyword: keyword)
            XCTAssertEqual(found?.tag, entry.tag, keyword)
            XCTAssertEqual(found?.mask, entry.mask, keyword)
        }
    }

    // MARK: Generated constants

    func test_tagConstant_equalsGroupElement() {
        XCTAssertEqual(Tag.patientName, Tag(0x0010, 0x0010))
        XCTAssertEqual(Tag.sopInstanceUID, Tag(0x0008, 0x0018))
        XCTAssertEqual(Tag.pixelData, Tag(0x7FE0, 0x0010))
        XCTAssertEqual(Tag.xRayTubeCurrent, Tag(0x0018, 0x1151))
        XCTAssertEqual(Tag.item, Tag(0xFFFE, 0xE000))
    }
}

final class UIDRegistryTests: XCTestCase {
    func test_ctImageStorage_isSOPClass() throws {
        let entry = try XCTUnwrap(UIDRegistry.entry(for: "1.2.840.10008.5.1.4.1.1.2"))
        XCTAssertEqual(entry.name.description, "CT Image Storage")
        XCTAssertEqual(entry.keyword.description, "CTImageStorage")
        XCTAssertTrue(entry.isSOPClass)
        XCTAssertFalse(entry.isTransferSyntax)
        XCTAssertFalse(entry.isRetired)
    }

    func test_explicitVRLittleEndian_isTransferSyntax() throws {
        let entry = try XCTUnwrap(UIDRegistry.entry(for: "1.2.840.10008.1.2.1"))
        XCTAssertTrue(entry.isTransferSyntax)
        XCTAssertEqual(UIDRegistry.name(of: "1.2.840.10008.1.2.1"), "Explicit VR Little Endian")
    }

    func test_retiredTransferSyntax_isMarkedRetired() throws {
        let entry = try XCTUnwrap(UIDRegistry.entry(for: "1.2.840.10008.1.2.2"))
        XCTAssertEqual(entry.keyword.description, "ExplicitVRBigEndian")
        XCTAssertTrue(entry.isRetired)
    }

    func test_unknownUID_isNil() {
        XCTAssertNil(UIDRegistry.entry(for: "1.2.3.4"))
        XCTAssertNil(UIDRegistry.entry(for: "1.2.840.10008.5.1.4.1.1.2.999"))
        XCTAssertFalse(UIDRegistry.isStandard("1.2.3.4"))
        XCTAssertTrue(UIDRegistry.isStandard(UID.ctImageStorage))
    }

    func test_entries_areStrictlySortedByUID() {
        let uids = UIDRegistry.entries.map(\.uid.description)
        XCTAssertGreaterThan(uids.count, 400)
        for (previous, next) in zip(uids, uids.dropFirst()) {
            XCTAssertLessThan(previous, next)
        }
    }

    func test_uidConstant_holdsRegistryValue() {
        XCTAssertEqual(UID.ctImageStorage, "1.2.840.10008.5.1.4.1.1.2")
        XCTAssertEqual(UID.explicitVRLittleEndian, "1.2.840.10008.1.2.1")
        XCTAssertEqual(UID.implicitVRLittleEndian, "1.2.840.10008.1.2")
    }
}
