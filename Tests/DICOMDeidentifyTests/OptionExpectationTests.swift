import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// What each option of PS3.15 Table E.1-1 does to the planted CT, written out by hand from the
/// table (not computed by the engine under test): which planted values may survive, and the
/// value each listed attribute ends with.
final class OptionExpectationTests: XCTestCase {
    static let planted = "phi/planted-ct-1.dcm"
    static let plantedValues = AnonymizerTests.plantedValues

    /// The planted values an option keeps, by the table: K for Station Name and Device Serial
    /// Number (retain-device-identity), K for Institution Name and Address
    /// (retain-institution-identity); with clean-descriptors, C keeps the comments that hold no
    /// identifying value. Every other planted value is removed, emptied, replaced or cleaned away.
    static let survivors: [ProfileOption: Set<String>] = [
        .retainDeviceIdentity: ["SCANNER-ROOM-7", "SN-CT-998877"],
        .retainInstitutionIdentity: ["BERGEN FJORD HOSPITAL", "Haukelandsveien 22, Bergen"],
        .cleanDescriptors: ["Patient remembers the 2nd floor clinic", "Acquisition notes: patient nervous"],
    ]

    /// Expected values, from the table's columns for the attributes of the planted CT (type in
    /// the CT Image IOD decides the alternatives: Station Name, Device Serial Number, Institution
    /// Name and Protocol Name are type 3 there).
    enum Expected {
        case absent, empty, value(String), changed, pseudonym
    }

    static func expectations(_ options: Set<ProfileOption>) -> [(Tag, Expected)] {
        let has = options.contains
        let keepsDates = has(.retainLongFullDates)
        return [
            (.patientName, .pseudonym),  // Z, pseudonym
            (.patientBirthDate, .empty),  // Z in every column
            (.patientAddress, .absent),  // X
            (.patientTelephoneNumbers, .absent),  // X
            (.otherPatientIDs, .absent), (.otherPatientNames, .absent),  // X
            (.patientSex, has(.retainPatientCharacteristics) ? .value("F") : .empty),  // Z, K
            (.patientAge, has(.retainPatientCharacteristics) ? .value("065Y") : .absent),  // X, K
            (.patientWeight, has(.retainPatientCharacteristics) ? .value("61.5") : .absent),  // X, K
            (.patientSize, has(.retainPatientCharacteristics) ? .value("1.68") : .absent),  // X, K
            (.accessionNumber, .empty),  // Z
            (.referringPhysicianName, .empty),  // Z
            (.performingPhysicianName, .absent), (.operatorsName, .absent),  // X, X/Z/D (type 3)
            (.stationName, has(.retainDeviceIdentity) ? .value("SCANNER-ROOM-7") : .absent),  // X/Z/D, K
            (.deviceSerialNumber, has(.retainDeviceIdentity) ? .value("SN-CT-998877") : .absent),  // X/Z/D, K
            (.institutionName, has(.retainInstitutionIdentity) ? .value("BERGEN FJORD HOSPITAL") : .absent),  // X/Z/D, K
            (.institutionAddress, has(.retainInstitutionIdentity) ? .value("Haukelandsveien 22, Bergen") : .absent),  // X, K
            (.studyDescription, has(.cleanDescriptors) ? .value("CT THORAX FOR MRS *******") : .absent),  // X, C
            (.seriesDescription, has(.cleanDescriptors) ? .value("THORAX AXIAL FOR ******") : .absent),  // X, C
            (.protocolName, has(.cleanDescriptors) ? .value("PROTOCOL ******* SPECIAL") : .absent),  // X/D (type 3), C
            (.patientComments, has(.cleanDescriptors) ? .value("Patient remembers the 2nd floor clinic") : .absent),  // X, C
            (.studyDate, keepsDates ? .value("20240412") : has(.retainLongModifiedDates) ? .changed : .empty),  // Z, K, C
            (.studyInstanceUID, has(.retainUIDs) ? .value(PHIInput.studyUID) : .changed),  // U, K
            (.originalAttributesSequence, .absent),  // X
            (Tag(0x6000, 0x4000), has(.cleanGraphics) ? .value("overlay notes by ********") : .absent),  // X, C
        ]
    }

    enum PHIInput {
        static let studyUID = "2.25.145033062398241993911377983995543289856.1.7"
    }

    static let optionSets: [Set<ProfileOption>] = [[]] + ProfileOption.allCases.map { [$0] } + [
        // Every option that can go together, and the other dates option with a few more.
        Set(ProfileOption.allCases).subtracting([.retainLongFullDates]),
        [.retainLongFullDates, .cleanDescriptors, .retainDeviceIdentity, .retainSafePrivate],
    ]

    func test_eachOption_andCombinations_endWithTheValuesTheTableGives() throws {
        for options in Self.optionSets {
            let output = try anonymize(options).dataSet
            let label = options.map(\.rawValue).sorted().joined(separator: ",")
            for (tag, expected) in Self.expectations(options) {
                let element = output[tag]
                let value = element.flatMap { output.string($0.tag) }
                switch expected {
                case .absent: XCTAssertNil(element, "\(label) \(tag)")
                case .empty: XCTAssertEqual(element?.value.byteCount, 0, "\(label) \(tag)")
                case .value(let text): XCTAssertEqual(value, text, "\(label) \(tag)")
                case .changed:
                    XCTAssertNotNil(value, "\(label) \(tag)")
                    XCTAssertNotEqual(value, try DicomReader.read(path: try sample(Self.planted)).dataSet.string(tag), "\(label) \(tag)")
                case .pseudonym: XCTAssertEqual(value?.hasPrefix("ANON^"), true, "\(label) \(tag)")
                }
            }
        }
    }

    func test_eachOption_andCombinations_leaveOnlyThePlantedValuesTheyKeep() throws {
        for options in Self.optionSets {
            let (_, bytes) = try anonymize(options)
            let label = options.map(\.rawValue).sorted().joined(separator: ",")
            let allowed = options.reduce(into: Set<String>()) { $0.formUnion(Self.survivors[$1] ?? []) }
            let text = TextFolding.fold(String(decoding: bytes, as: UTF8.self))
            for value in Self.plantedValues {
                let found = text.contains(TextFolding.fold(value))
                XCTAssertEqual(found, allowed.contains(value), "\(label): \(value) \(found ? "left" : "missing")")
            }
        }
    }

    /// Descriptions that name the patient in another spelling (case, diacritics, Ø written O)
    /// are cleaned of the name's components, the patient ID and other identifying values.
    func test_cleanDescriptors_findsIdentifyingValuesWhateverTheirCaseAndAccents() throws {
        var file = try DicomReader.read(path: try sample(Self.planted))
        XCTAssertTrue(file.dataSet.setString(.studyDescription, .LO, "ct for åse ødegård-hansen, id phi-4711-x"))
        XCTAssertTrue(file.dataSet.setString(.seriesDescription, .LO, "Follow-up Odegard ASE, tel +47 5555 0199"))
        XCTAssertTrue(file.dataSet.setString(Tag(0x0020, 0x4000), .LT, "requested by Whitlock for ÖDEGÅRD"))
        let dir = try temporaryDirectory(self)
        let input = dir.appendingPathComponent("in.dcm").path
        try DicomWriter.write(file, toPath: input)
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: [.cleanDescriptors], key: try key()))
        let result = try anonymizer.anonymize(inputPath: input, destination: .file(dir.appendingPathComponent("out.dcm").path))
        let output = try DicomReader.read(path: try XCTUnwrap(result.output)).dataSet
        XCTAssertEqual(output.string(.studyDescription), "ct for *** **************, id **********")
        XCTAssertEqual(output.string(.seriesDescription), "Follow-up ******* ***, tel *************")
        XCTAssertEqual(output.string(Tag(0x0020, 0x4000)), "requested by ******** for *******")
    }

    func test_deidentificationMethod_namesTheProfileAndEachOption() throws {
        XCTAssertEqual(try anonymize([]).dataSet.string(.deidentificationMethod), "DICOMFIX PS3.15 E BASIC PROFILE")
        let output = try anonymize([.cleanDescriptors, .retainUIDs]).dataSet
        XCTAssertEqual(output.string(.deidentificationMethod), "DICOMFIX PS3.15 E BASIC PROFILE\\RETAIN-UIDS\\CLEAN-DESCRIPTORS")
        let codes = output[.deidentificationMethodCodeSequence]?.items.map { $0.dataSet.string(.codeValue) }
        XCTAssertEqual(codes, ["113100", "113110", "113105"])
    }

    // MARK: helpers

    func key() throws -> DeidentificationKey { try DeidentificationKey(bytes: (0..<32).map { UInt8($0) &+ 7 }) }

    func sample(_ relativePath: String) throws -> String {
        let url = Repository.samples.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("\(relativePath) missing: run Scripts/make-samples") }
        return url.path
    }

    func anonymize(_ options: Set<ProfileOption>) throws -> (dataSet: DataSet, bytes: [UInt8]) {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: options, key: try key()))
        let path = try temporaryDirectory(self).appendingPathComponent("out.dcm").path
        _ = try anonymizer.anonymize(inputPath: try sample(Self.planted), destination: .file(path))
        return (try DicomReader.read(path: path).dataSet, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
