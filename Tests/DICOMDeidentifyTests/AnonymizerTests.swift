import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMDeidentify

/// De-identifying the planted-PHI samples (Samples/phi, made by PHISamples): nothing planted
/// survives the Basic Profile, each option keeps exactly what Table E.1-1 says, replacements are
/// keyed and consistent, references stay resolvable, pixels are copied untouched.
final class AnonymizerTests: XCTestCase {
    static let plantedFiles = ["phi/planted-ct-1.dcm", "phi/planted-ct-2.dcm"]
    /// The values PHISamples planted (Sources/DICOMSamples/PHISamples.swift), as written there.
    static let plantedValues = [
        "Ødegård", "Åse", "PHI-4711-X", "19581224", "12 Fjordveien, 5003 Bergen", "+47 5555 0199",
        "PHI-OTHER-0042", "Ødegård-Hansen^Åse", "Patient remembers the 2nd floor clinic", "WHITLOCK^GREGORY^^DR",
        "PERFORMER^PAULA", "OPERATOR^OLIVER", "BERGEN FJORD HOSPITAL", "Haukelandsveien 22, Bergen",
        "SCANNER-ROOM-7", "SN-CT-998877", "ACC-PHI-5150", "CT THORAX FOR MRS ODEGARD", "THORAX AXIAL FOR OLIVER",
        "REQUESTER^RITA", "OLDNAME^BEFORE", "overlay notes by OPERATOR", "PRIVATE-NAME-ODEGARD",
        "PRIVATE-ID-4711", "Acquisition notes: patient nervous", "PROTOCOL ODEGARD SPECIAL", "NESTED^NELLY",
    ]

    func key(_ seed: UInt8 = 7) throws -> DeidentificationKey {
        try DeidentificationKey(bytes: (0..<32).map { UInt8($0) &+ seed })
    }

    func sample(_ relativePath: String) throws -> String {
        let url = Repository.samples.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("\(relativePath) missing: run Scripts/make-samples")
        }
        return url.path
    }

    /// Anonymizes the planted files into `folder`; returns the output paths.
    func anonymize(
        _ files: [String] = plantedFiles, into folder: URL, options: Set<ProfileOption> = [], seed: UInt8 = 7
    ) throws -> [String] {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: options, key: key(seed)))
        return try files.map { relative in
            let output = folder.appendingPathComponent(relative).path
            let result = try anonymizer.anonymize(inputPath: try sample(relative), destination: .file(output))
            return try XCTUnwrap(result.output)
        }
    }

    func test_basicProfile_leavesNoPlantedValueInTheBytes() throws {
        XCTAssertEqual(Self.plantedValues.count, 27)
        let dir = try temporaryDirectory(self)
        for output in try anonymize(into: dir) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            for value in Self.plantedValues {
                for form in Set([value, value.uppercased()]) {
                    XCTAssertFalse(contains(bytes, Array(form.utf8)), "\(form) left in \(output)")
                }
            }
            let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try sample(Self.plantedFiles[0]))))
            XCTAssertTrue(contains(input, Array("Ødegård".utf8)), "the check can fail: the input has the name")
        }
    }

    func test_basicProfile_removesPrivateOverlayAndOriginalAttributes_andRecordsTheMethod() throws {
        let dir = try temporaryDirectory(self)
        let output = try DicomReader.read(path: try anonymize(into: dir)[0]).dataSet
        XCTAssertFalse(output.elements.contains { $0.tag.isPrivate })
        XCTAssertFalse(output.elements.contains { $0.tag.group == 0x6000 }, "the whole overlay goes with its data")
        XCTAssertNil(output[.originalAttributesSequence])
        XCTAssertNil(output[.requestAttributesSequence])
        XCTAssertEqual(output.string(.patientIdentityRemoved), "YES")
        XCTAssertEqual(output.string(.longitudinalTemporalInformationModified), "REMOVED")
        let codes = try XCTUnwrap(output[.deidentificationMethodCodeSequence]).items
        XCTAssertEqual(codes.map { $0.dataSet.string(.codeValue) }, ["113100"])
        XCTAssertEqual(codes.first?.dataSet.string(.codingSchemeDesignator), "DCM")
        XCTAssertEqual(output.string(.patientName)?.hasPrefix("ANON^"), true)
        XCTAssertEqual(output.string(.patientSex), "", "Z: emptied")
        XCTAssertNil(output[.deviceSerialNumber], "X/Z/D on a type 3 attribute: removed")
        let region = try XCTUnwrap(output[.anatomicRegionSequence]?.items.first?.dataSet, "a sequence the table does not list is kept")
        XCTAssertNil(region[.operatorsName], "and cleaned inside")
        XCTAssertEqual(region.string(.patientID), output.string(.patientID), "the same pseudonym inside the item")
        XCTAssertEqual(region.string(.codeMeaning), "Chest")
    }

    /// Every top-level attribute of the input that the table lists gets the action the table
    /// gives, for the Basic Profile and for each option alone.
    func test_eachOption_appliesExactlyTheTablesAction() throws {
        let inputPath = try sample(Self.plantedFiles[1])
        let input = try DicomReader.read(path: inputPath).dataSet
        let requirements = AttributeRequirements(sopClassUID: UID.ctImageStorage)
        for options in [[]] + ProfileOption.allCases.map({ [$0] }) as [Set<ProfileOption>] {
            let dir = try temporaryDirectory(self)
            let output = try DicomReader.read(path: try anonymize([Self.plantedFiles[1]], into: dir, options: options)[0]).dataSet
            var checked = 0
            for element in input.elements where !element.tag.isPrivate {
                guard let row = ProfileTable.row(for: element.tag) else { continue }
                let chosen = row.action(with: options)
                // X takes a sequence with its items, and overlay data with its (user optional) group.
                let removedWhole = chosen == .remove && (element.isSequence || element.tag.group & 0xFF01 == 0x6000)
                let action = removedWhole ? .remove : chosen.resolved(for: requirements.level(of: element.tag))
                let after = output[element.tag]
                let name = "\(options.map(\.rawValue)) \(row.name) \(action)"
                checked += 1
                switch action {
                case .remove:
                    XCTAssertNil(after, name)
                case .zeroLength:
                    let pseudonymised = element.tag == .patientName || element.tag == .patientID
                    XCTAssertEqual(after?.value.byteCount == 0, !pseudonymised, name)
                case .dummy:
                    XCTAssertNotNil(after, name)
                    XCTAssertNotEqual(after?.inlineBytes, element.inlineBytes, name)
                case .keep:
                    if element.isSequence {
                        XCTAssertNotNil(after, name)
                    } else {
                        XCTAssertEqual(after?.inlineBytes, element.inlineBytes, name)
                    }
                case .replaceUID:
                    XCTAssertEqual(after?.string().map { $0.hasPrefix("2.25.") && $0 != element.string() }, true, name)
                case .clean:
                    XCTAssertNotNil(after, name)
                    if element.vr == .DA { XCTAssertNotEqual(after?.inlineBytes, element.inlineBytes, "\(name): shifted") }
                default:
                    XCTFail("unresolved \(name)")
                }
            }
            XCTAssertGreaterThan(checked, 40)
        }
    }

    func test_retainLongModifiedDates_shiftsEveryDateOfThePatientByTheSameOffset() throws {
        let dir = try temporaryDirectory(self)
        let outputs = try anonymize(into: dir, options: [.retainLongModifiedDates])
        let input = try DicomReader.read(path: try sample(Self.plantedFiles[0])).dataSet
        let output = try DicomReader.read(path: outputs[0]).dataSet
        let offset = Pseudonyms(key: try key()).dateOffset(patientID: "PHI-4711-X", patientName: "")
        XCTAssertEqual(output.string(.studyDate), DateShift.shiftDA(input.string(.studyDate) ?? "", by: offset))
        XCTAssertNotEqual(output.string(.studyDate), input.string(.studyDate))
        XCTAssertEqual(output.string(.studyTime), input.string(.studyTime), "times are kept: intervals stay")
        XCTAssertEqual(output.string(.longitudinalTemporalInformationModified), "MODIFIED")
        XCTAssertEqual(try DicomReader.read(path: outputs[1]).dataSet.string(.studyDate), output.string(.studyDate))
    }

    func test_cleanDescriptors_blanksIdentifyingWordsButKeepsTheDescription() throws {
        let dir = try temporaryDirectory(self)
        let output = try DicomReader.read(path: try anonymize(into: dir, options: [.cleanDescriptors])[0]).dataSet
        XCTAssertEqual(output.string(.seriesDescription), "THORAX AXIAL FOR ******", "OLIVER is the operator's name")
    }

    func test_uids_areConsistentAcrossFilesAndRuns_andReferencesResolve() throws {
        let first = try anonymize(into: try temporaryDirectory(self))
        let second = try anonymize(into: try temporaryDirectory(self))
        for (a, b) in zip(first, second) {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)), "two runs, same key: same bytes")
        }
        let image1 = try DicomReader.read(path: first[0])
        let image2 = try DicomReader.read(path: first[1])
        XCTAssertEqual(image1.dataSet.string(.studyInstanceUID), image2.dataSet.string(.studyInstanceUID))
        XCTAssertEqual(image1.dataSet.string(.frameOfReferenceUID), image2.dataSet.string(.frameOfReferenceUID))
        XCTAssertNotEqual(image1.dataSet.string(.sopInstanceUID), image2.dataSet.string(.sopInstanceUID))
        XCTAssertEqual(image1.meta.string(.mediaStorageSOPInstanceUID), image1.dataSet.string(.sopInstanceUID))
        let reference = try XCTUnwrap(image2.dataSet[.referencedInstanceSequence]?.items.first?.dataSet)
        XCTAssertEqual(reference.string(.referencedSOPInstanceUID), image1.dataSet.string(.sopInstanceUID))
        XCTAssertEqual(reference.string(.referencedSOPClassUID), UID.ctImageStorage, "SOP classes are kept")

        let otherKey = try anonymize(into: try temporaryDirectory(self), seed: 99)
        XCTAssertNotEqual(try DicomReader.read(path: otherKey[0]).dataSet.string(.sopInstanceUID), image1.dataSet.string(.sopInstanceUID))
    }

    func test_retainUIDs_keepsEveryUID() throws {
        let output = try DicomReader.read(path: try anonymize(into: try temporaryDirectory(self), options: [.retainUIDs])[1]).dataSet
        let input = try DicomReader.read(path: try sample(Self.plantedFiles[1])).dataSet
        for tag in [Tag.sopInstanceUID, .studyInstanceUID, .seriesInstanceUID, .frameOfReferenceUID] {
            XCTAssertEqual(output.string(tag), input.string(tag), "\(tag)")
        }
        XCTAssertNotNil(output[.referencedImageSequence], "X/Z/U* with retain-uids: K")
    }

    func test_pixelData_isCopiedUnchanged() throws {
        let output = try DicomReader.read(path: try anonymize(into: try temporaryDirectory(self))[0])
        let input = try DicomReader.read(path: try sample(Self.plantedFiles[0]))
        XCTAssertEqual(try output.dataSet[.pixelData]?.loadBytes(), try input.dataSet[.pixelData]?.loadBytes())
        XCTAssertEqual(output.dataSet[.imagePositionPatient]?.inlineBytes, input.dataSet[.imagePositionPatient]?.inlineBytes)
    }

    func test_verifier_findsPlantedValuesInTheInputButNoneInTheOutput() throws {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(key: try key()))
        let dir = try temporaryDirectory(self)
        var values = IdentifyingValues()
        var outputs: [String] = []
        for relative in Self.plantedFiles {
            let result = try anonymizer.anonymize(inputPath: try sample(relative), destination: .file(dir.appendingPathComponent(relative).path))
            values.merge(result.identifyingValues)
            outputs.append(try XCTUnwrap(result.output))
        }
        let verifier = Verifier(values: values)
        XCTAssertTrue(values.searchTerms.contains("ØDEGÅRD"))
        XCTAssertTrue(values.searchTerms.contains("SN-CT-998877"))
        XCTAssertTrue(values.searchTerms.contains("PRIVATE-NAME-ODEGARD"))
        let inputHits = try verifier.scan(path: try sample(Self.plantedFiles[0]))
        XCTAssertTrue(inputHits.contains { $0.tagPath.description == "(0011,1002)[0]/(0011,1003)" }, "\(inputHits)")
        XCTAssertTrue(inputHits.contains { $0.tagPath.description == "(0010,0010)" })
        for output in outputs { XCTAssertEqual(try verifier.scan(path: output), [], output) }
    }

    func test_burnedInAnnotation_isReported_andRejectedOnRequest() throws {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(key: try key()))
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("us.dcm").path
        let reported = try anonymizer.anonymize(inputPath: try sample("phi/burned-in-us.dcm"), destination: .file(path))
        XCTAssertNotNil(reported.burnedInAnnotation)
        XCTAssertTrue(reported.diagnostics.contains { $0.code == "deid.burned-in-annotation" })
        try FileManager.default.removeItem(atPath: path)
        let rejected = try anonymizer.anonymize(inputPath: try sample("phi/burned-in-us.dcm"), destination: .file(path), rejectBurnedIn: true)
        XCTAssertTrue(rejected.rejected)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let ct = try anonymizer.anonymize(inputPath: try sample(Self.plantedFiles[0]), destination: .file(path), rejectBurnedIn: true)
        XCTAssertNil(ct.burnedInAnnotation)
    }

    func test_truncatedInput_isRefused() throws {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(key: try key()))
        let dir = try temporaryDirectory(self)
        XCTAssertThrowsError(
            try anonymizer.anonymize(inputPath: try sample("defects/truncated-sequence.dcm"), destination: .file(dir.appendingPathComponent("x.dcm").path))
        ) { error in
            XCTAssertEqual((error as? DeidentifyError)?.code, .unreadableInput)
        }
    }

    func test_rename_namesOutputsByTheirNewUIDs() throws {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(key: try key()))
        let dir = try temporaryDirectory(self)
        let result = try anonymizer.anonymize(inputPath: try sample(Self.plantedFiles[0]), destination: .renamed(under: dir.path))
        let output = try XCTUnwrap(result.output)
        let dataSet = try DicomReader.read(path: output).dataSet
        let expected: [String?] = [dir.path, dataSet.string(.studyInstanceUID), dataSet.string(.seriesInstanceUID), dataSet.string(.sopInstanceUID).map { $0 + ".dcm" }]
        XCTAssertEqual(output, expected.compactMap { $0 }.joined(separator: "/"))
    }

    func test_crosswalk_mapsPatientAndUIDs() throws {
        let anonymizer = Anonymizer(profile: try DeidentificationProfile(options: [.retainLongModifiedDates], key: try key()))
        let dir = try temporaryDirectory(self)
        let result = try anonymizer.anonymize(inputPath: try sample(Self.plantedFiles[0]), destination: .file(dir.appendingPathComponent("a.dcm").path))
        let kinds = Set(result.crosswalk.map(\.kind))
        XCTAssertEqual(kinds, [.patientID, .patientName, .uid, .dateOffset])
        XCTAssertTrue(result.crosswalk.contains { $0.kind == .patientID && $0.original == "PHI-4711-X" })
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
