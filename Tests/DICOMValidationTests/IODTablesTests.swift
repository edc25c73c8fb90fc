import DICOM
import XCTest

@testable import DICOMValidation

final class IODTablesTests: XCTestCase {
    private let ctImageStorage = "1.2.840.10008.5.1.4.1.1.2"
    private let enhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1"

    private func ctImage(file: StaticString = #filePath, line: UInt = #line) throws
        -> IODDefinition
    {
        try XCTUnwrap(IODTables.iod(forSOPClass: ctImageStorage), file: file, line: line)
    }

    private func usage(of moduleID: String, in iod: IODDefinition) -> ModuleUsage? {
        iod.module(id: moduleID)?.usage
    }

    // MARK: SOP class -> IOD -> modules

    func test_ctImageStorage_resolvesToCTImageIOD() throws {
        let iod = try ctImage()
        XCTAssertEqual(iod.id, "ct-image")
        XCTAssertEqual(iod.name, "CT Image")
        XCTAssertTrue(iod.functionalGroupMacros.isEmpty)
    }

    func test_ctImage_mandatoryModules() throws {
        let iod = try ctImage()
        let mandatory = [
            "patient", "general-study", "general-series", "ct-image", "image-pixel", "sop-common",
        ]
        for id in mandatory {
            XCTAssertEqual(usage(of: id, in: iod), .mandatory, id)
        }
        XCTAssertEqual(iod.module(id: "patient")?.informationEntity, "Patient")
        XCTAssertEqual(iod.module(id: "general-study")?.informationEntity, "Study")
        XCTAssertEqual(iod.module(id: "ct-image")?.informationEntity, "Image")
        XCTAssertEqual(iod.modules.first?.module.id, "patient", "modules keep the table's order")
    }

    func test_ctImage_contrastBolusIsConditionalWithConditionText() throws {
        let iod = try ctImage()
        guard case .conditional(let condition)? = usage(of: "contrast-bolus", in: iod) else {
            return XCTFail("Contrast/Bolus should be C")
        }
        XCTAssertTrue(condition.hasPrefix("Required if contrast"), condition)
        XCTAssertEqual(iod.module(id: "contrast-bolus")?.module.name, "Contrast/Bolus")
    }

    func test_ctImage_userOptionalModule() throws {
        XCTAssertEqual(usage(of: "clinical-trial-subject", in: try ctImage()), .userOptional)
    }

    func test_unknownSOPClass_isNil() {
        XCTAssertNil(IODTables.iod(forSOPClass: "1.2.3.4"))
        XCTAssertNil(IODTables.iod(forSOPClass: ""))
        // A prefix of real UIDs, and a real UID with a padding byte, are not SOP classes.
        XCTAssertNil(IODTables.iod(forSOPClass: "1.2.840.10008.5.1.4.1.1"))
        XCTAssertNil(IODTables.iod(forSOPClass: ctImageStorage + "\0"))
        // A registered UID that is not a storage SOP class (Verification).
        XCTAssertNil(IODTables.iod(forSOPClass: "1.2.840.10008.1.1"))
    }

    func test_unknownModuleAndIODIDs_areNil() {
        XCTAssertNil(IODTables.module(id: "no-such-module"))
        XCTAssertNil(IODTables.iod(id: "no-such-iod"))
        XCTAssertNil(IODTables.functionalGroupMacro(id: "patient"))
        // Normalized modules have no attribute types and are left out.
        XCTAssertNil(IODTables.module(id: "patient-identification"))
    }

    // MARK: Attribute types

    func test_patientModule_patientNameAndIDAreType2() throws {
        let patient = try XCTUnwrap(IODTables.module(id: "patient"))
        XCTAssertEqual(patient.name, "Patient")
        XCTAssertTrue(patient.hasAttributeTable)
        XCTAssertEqual(patient.attribute(.patientName)?.type, .type2)
        XCTAssertEqual(patient.attribute(.patientID)?.type, .type2)
        XCTAssertNil(patient.attribute(.sopClassUID))
    }

    func test_sopCommonModule_sopClassUIDIsType1() throws {
        let sopCommon = try XCTUnwrap(IODTables.module(id: "sop-common"))
        XCTAssertEqual(sopCommon.attribute(.sopClassUID)?.type, .type1)
        XCTAssertEqual(sopCommon.attribute(.sopInstanceUID)?.type, .type1)
    }

    func test_generalStudy_referencedStudySequenceItemsHaveTypes() throws {
        let study = try XCTUnwrap(IODTables.module(id: "general-study"))
        let sequence = try XCTUnwrap(study.attribute(.referencedStudySequence))
        XCTAssertEqual(sequence.type, .type3)
        XCTAssertEqual(
            sequence.children.map(\.tag), [.referencedSOPClassUID, .referencedSOPInstanceUID])
        XCTAssertEqual(sequence.children.map(\.type), [.type1, .type1])
        XCTAssertTrue(sequence.children.allSatisfy { $0.children.isEmpty })
    }

    func test_codeSequenceMacroItems_nestTwoLevels() throws {
        let study = try XCTUnwrap(IODTables.module(id: "general-study"))
        let procedureCode = try XCTUnwrap(study.attribute(.procedureCodeSequence))
        let item = procedureCode.children
        XCTAssertEqual(item.first { $0.tag == .codeValue }?.type, .type1C)
        XCTAssertEqual(item.first { $0.tag == .codeMeaning }?.type, .type1)
        // Equivalent Code Sequence (0008,0121) repeats the basic code attributes in its items.
        let equivalent = try XCTUnwrap(item.first { $0.tag == Tag(0x0008, 0x0121) })
        XCTAssertEqual(equivalent.type, .type3)
        XCTAssertEqual(equivalent.children.first { $0.tag == .codeMeaning }?.type, .type1)
    }

    func test_overlayPlane_repeatingGroupAttributes() throws {
        let overlay = try XCTUnwrap(IODTables.module(id: "overlay-plane"))
        let rows = try XCTUnwrap(overlay.attribute(Tag(0x6002, 0x0010)))
        XCTAssertTrue(rows.isRepeatingGroup)
        XCTAssertEqual(rows.tag, Tag(0x6000, 0x0010))
        XCTAssertEqual(rows.type, .type1)
        XCTAssertFalse(rows.matches(Tag(0x6001, 0x0010)), "odd groups are private")
        XCTAssertFalse(rows.matches(Tag(0x6000, 0x0011)))
    }

    func test_moduleAddedAfter2020_hasNoAttributeTable() throws {
        let acquisition = try XCTUnwrap(IODTables.module(id: "general-acquisition"))
        XCTAssertFalse(acquisition.hasAttributeTable)
        XCTAssertTrue(acquisition.attributes.isEmpty)
        XCTAssertEqual(usage(of: "general-acquisition", in: try ctImage()), .mandatory)
    }

    // MARK: Functional groups

    func test_enhancedCTImage_functionalGroupMacros() throws {
        let iod = try XCTUnwrap(IODTables.iod(forSOPClass: enhancedCTImageStorage))
        XCTAssertEqual(iod.id, "enhanced-ct-image")
        let pixelMeasures = try XCTUnwrap(
            iod.functionalGroupMacros.first { $0.macro.id == "pixel-measures" })
        XCTAssertEqual(pixelMeasures.usage, .mandatory)
        XCTAssertEqual(pixelMeasures.scope, .multiFrame)
        let sequence = try XCTUnwrap(pixelMeasures.macro.attribute(.pixelMeasuresSequence))
        XCTAssertEqual(sequence.type, .type1)
        XCTAssertEqual(sequence.children.first { $0.tag == .pixelSpacing }?.type, .type1C)
        guard case .conditional(let condition) = try XCTUnwrap(
            iod.functionalGroupMacros.first { $0.macro.id == "derivation-image" }
        ).usage else { return XCTFail("Derivation Image macro should be C") }
        XCTAssertFalse(condition.isEmpty)
    }

    func test_enhancedCTImage_functionalGroupsModuleUsesTheC7616Table() throws {
        let iod = try XCTUnwrap(IODTables.iod(id: "enhanced-ct-image"))
        let groups = try XCTUnwrap(
            iod.module(id: "enhanced-ct-image-multi-frame-functional-groups"))
        XCTAssertEqual(groups.usage, .mandatory)
        XCTAssertTrue(groups.module.hasAttributeTable)
        XCTAssertEqual(groups.module.attribute(.sharedFunctionalGroupsSequence)?.type, .type1)
        XCTAssertEqual(groups.module.attribute(.numberOfFrames)?.type, .type1)
    }

    func test_realTimeVideo_usesCurrentFrameFunctionalGroups() {
        let scopes = IODTables.iodIDs.indices.flatMap {
            IODTables.builtIODs[$0].functionalGroupMacros.map(\.scope)
        }
        XCTAssertTrue(scopes.contains(.currentFrame))
        XCTAssertTrue(scopes.contains(.multiFrame))
    }

    // MARK: Completeness against the generator's counts

    func test_everySOPClassResolvesToAnIODWithModules() {
        let uids = IODTables.allSOPClassUIDs
        XCTAssertEqual(uids.count, IODTables.generatedSOPClassCount)
        XCTAssertEqual(IODTables.sopClassCount, IODTables.generatedSOPClassCount)
        let resolved = uids.filter { IODTables.iod(forSOPClass: $0)?.modules.isEmpty == false }
        XCTAssertEqual(resolved.count, IODTables.generatedSOPClassCount)
    }

    func test_everySOPClassIsAStorageSOPClassOfTheRegistry() {
        for uid in IODTables.allSOPClassUIDs {
            XCTAssertEqual(UIDRegistry.entry(for: uid)?.isSOPClass, true, uid)
        }
    }

    func test_everyIODModuleAndMacroResolvesByID() {
        XCTAssertEqual(IODTables.builtIODs.count, IODTables.generatedIODCount)
        for iod in IODTables.builtIODs {
            XCTAssertEqual(IODTables.iod(id: iod.id)?.name, iod.name)
            // Every composite IOD but the Basic Directory IOD (PS3.3 F.3) has SOP Common.
            let hasSOPCommon = iod.modules.contains { $0.module.id == "sop-common" }
            XCTAssertEqual(hasSOPCommon, iod.id != "basic-directory", iod.id)
        }
        for module in IODTables.builtModules {
            XCTAssertEqual(IODTables.module(id: module.id)?.name, module.name)
        }
        for macro in IODTables.builtMacros {
            XCTAssertEqual(IODTables.functionalGroupMacro(id: macro.id)?.name, macro.name)
        }
    }

    func test_lookupKeysAreSortedByBytes() {
        let columns = [
            IODTables.sopClassUIDs, IODTables.iodIDs, IODTables.moduleIDs, IODTables.macroIDs,
        ]
        for keys in columns {
            for index in keys.indices.dropFirst() {
                let order = keys[index - 1].withUTF8Buffer { previous in
                    keys[index].withUTF8Buffer { IODTables.compareBytes(previous, $0) }
                }
                XCTAssertLessThan(order, 0, "\(keys[index - 1]) before \(keys[index])")
            }
        }
    }

    func test_conditionTextsAreOneLine() {
        for condition in IODTables.usageConditions {
            XCTAssertFalse(condition.description.contains("\n"), condition.description)
            XCTAssertFalse(condition.description.contains("\u{A0}"), condition.description)
        }
    }

    // MARK: Encoding of the generated columns

    func test_typeCodesFollowAttributeTypeOrder() {
        XCTAssertEqual(AttributeType.allCases.map(\.rawValue), ["1", "1C", "2", "2C", "3"])
        XCTAssertEqual(IODTables.attributeType(code: 3), .type2C)
        XCTAssertTrue(IODTables.attributeTypeCodes.allSatisfy { $0 & 0x7F < 5 })
    }

    func test_itemListsComeBeforeTheirParents() {
        let starts = IODTables.attributeListStarts
        XCTAssertEqual(starts.first, 0)
        XCTAssertEqual(starts.last.map(Int.init), IODTables.attributeTags.count)
        XCTAssertEqual(IODTables.attributeTypeCodes.count, IODTables.attributeTags.count)
        XCTAssertEqual(IODTables.attributeItemLists.count, IODTables.attributeTags.count)
        for list in 0..<(starts.count - 1) {
            for node in Int(starts[list])..<Int(starts[list + 1]) {
                XCTAssertLessThan(Int(IODTables.attributeItemLists[node]), list)
            }
        }
    }
}
