import DICOM
import Foundation
import XCTest

@testable import DICOMSamples

/// The committed `Samples/` folder is exactly what the generator makes, and every sample reads
/// the way its README row says.
final class SamplesTests: XCTestCase {
    /// Regenerating in memory gives the committed bytes. Deflated samples are compared by their
    /// inflated content when the bytes differ, since another zlib may compress differently.
    func test_regeneratedSamples_matchCommittedBytes() throws {
        for (relativePath, bytes) in try SampleSet.all() {
            let committed = try committedBytes(relativePath)
            if committed == bytes { continue }
            let regenerated = try DicomReader.read(bytes: bytes, name: relativePath)
            guard regenerated.transferSyntax.isDeflated else {
                XCTFail("\(relativePath) is stale: run \(SampleSet.regenerateCommand)")
                continue
            }
            print("NOTE: \(relativePath): deflated bytes differ (another zlib?); comparing inflated content")
            let inflated = try DicomReader.read(bytes: committed, name: relativePath)
            XCTAssertEqual(try explicitLittle(inflated), try explicitLittle(regenerated), "\(relativePath) is stale")
        }
    }

    func test_samplesFolder_holdsNoFileTheGeneratorDoesNotMake() throws {
        let generated = Set(try SampleSet.all().map(\.relativePath))
        XCTAssertEqual(generated.count, try SampleSet.all().count, "two samples share a path")
        XCTAssertEqual(try committedPaths(), generated, "stale or missing files in Samples/: run \(SampleSet.regenerateCommand)")
    }

    func test_generatingTwice_givesIdenticalBytes() throws {
        let first = try SampleSet.all()
        let second = try SampleSet.all()
        XCTAssertEqual(first.map(\.relativePath), second.map(\.relativePath))
        XCTAssertEqual(first.map(\.bytes), second.map(\.bytes))
    }

    func test_everySample_isUnder200KB() throws {
        for file in try SampleSet.dicomFiles() {
            XCTAssertLessThan(file.bytes.count, 200_000, file.relativePath)
            XCTAssertGreaterThan(file.bytes.count, 512, file.relativePath)
        }
    }

    func test_wellFormedSamples_readWithNoDiagnostics() throws {
        let good = try SampleSet.dicomFiles().filter(\.isWellFormed)
        XCTAssertEqual(good.count, 21)
        for sample in good {
            let file = try DicomReader.read(path: committedURL(sample.relativePath).path)
            XCTAssertEqual(file.diagnostics.map(\.description), [], sample.relativePath)
            XCTAssertEqual(file.container, .part10, sample.relativePath)
            if sample.relativePath.hasPrefix("key-objects/") {
                XCTAssertEqual(file.dataSet.string(.sopClassUID), UID.keyObjectSelectionDocumentStorage, sample.relativePath)
                continue
            }
            if sample.relativePath.hasPrefix("rt/") {
                XCTAssertEqual(file.dataSet.string(.sopClassUID), UID.rtStructureSetStorage, sample.relativePath)
                continue
            }
            XCTAssertEqual(file.dataSet.string(.sopClassUID), UID.ctImageStorage, sample.relativePath)
            XCTAssertEqual(try file.dataSet[.pixelData]?.loadBytes()?.count, Phantom.size * Phantom.size * 2, sample.relativePath)
        }
    }

    func test_defectiveSamples_reportTheirExpectedDiagnostics() throws {
        let defective = try SampleSet.dicomFiles().filter { !$0.isWellFormed }
        XCTAssertEqual(defective.map(\.relativePath).sorted(), [
            "defects/no-meta-implicit-vr.dcm", "defects/truncated-pixel-data.dcm", "defects/truncated-sequence.dcm",
        ])
        for sample in defective {
            let file = try DicomReader.read(path: committedURL(sample.relativePath).path)
            XCTAssertEqual(
                Set(file.diagnostics.map(\.code)), Set(sample.expectedDiagnostics),
                "\(sample.relativePath): \(file.diagnostics.map(\.description))")
        }
    }

    func test_truncatedSamples_reportErrors_andBareDataSetOnlyAWarning() throws {
        for name in ["truncated-pixel-data.dcm", "truncated-sequence.dcm"] {
            let file = try DicomReader.read(path: committedURL("defects/" + name).path)
            XCTAssertFalse(file.errors.isEmpty, name)
        }
        let bare = try DicomReader.read(path: committedURL("defects/no-meta-implicit-vr.dcm").path)
        XCTAssertEqual(bare.container, .rawDataSet)
        XCTAssertEqual(bare.transferSyntax.encoding, .implicitLittle)
        XCTAssertEqual(bare.diagnostics.map(\.code), [DefectSamples.Code.metaMissing])
        XCTAssertEqual(bare.dataSet.string(.patientName), SamplePatient.johnDoe.name)
    }

    func test_wrongPatientStudy_hasTwoPatientNamesForOneStudyUID() throws {
        var namesByStudy: [String: Set<String>] = [:]
        var idsByStudy: [String: Set<String>] = [:]
        for path in try committedPaths() where path.hasPrefix("wrong-patient/") {
            let dataSet = try DicomReader.read(path: committedURL(path).path).dataSet
            let study = try XCTUnwrap(dataSet.string(.studyInstanceUID), path)
            namesByStudy[study, default: []].insert(try XCTUnwrap(dataSet.string(.patientName), path))
            idsByStudy[study, default: []].insert(try XCTUnwrap(dataSet.string(.patientID), path))
        }
        XCTAssertEqual(namesByStudy.count, 1)
        XCTAssertEqual(namesByStudy.values.first, ["ROE^RICHARD", "POE^EDGAR"])
        XCTAssertEqual(idsByStudy.values.first?.count, 2)
    }

    func test_ctStudy_hasOnePatientAndTwoSeriesOfThreeAndTwoImages() throws {
        var imagesBySeries: [String: Int] = [:]
        var patients: Set<String> = []
        var studies: Set<String> = []
        for path in try committedPaths() where path.hasPrefix("ct-study/") {
            let dataSet = try DicomReader.read(path: committedURL(path).path).dataSet
            imagesBySeries[dataSet.string(.seriesInstanceUID) ?? "", default: 0] += 1
            patients.insert(dataSet.string(.patientName) ?? "")
            studies.insert(dataSet.string(.studyInstanceUID) ?? "")
        }
        XCTAssertEqual(imagesBySeries.values.sorted(), [2, 3])
        XCTAssertEqual(patients, ["DOE^JANE"])
        XCTAssertEqual(studies.count, 1)
    }

    func test_characterSetSamples_declareTheirSetAndDecodeTheNames() throws {
        let cases = [
            ("character-set/iso-ir-192-utf8.dcm", "ISO_IR 192", "Yamada^Tarō=山田^太郎=やまだ^たろう"),
            ("character-set/iso-ir-100-latin1.dcm", "ISO_IR 100", "Müller^Jürgen"),
        ]
        for (path, term, name) in cases {
            let dataSet = try DicomReader.read(path: committedURL(path).path).dataSet
            XCTAssertEqual(dataSet.string(.specificCharacterSet), term, path)
            XCTAssertEqual(dataSet.string(.patientName), name, path)
        }
        let latin1 = try DicomReader.read(path: committedURL("character-set/iso-ir-100-latin1.dcm").path).dataSet
        XCTAssertEqual(latin1[.patientName]?.inlineBytes?.contains(0xFC), true, "ü is one Latin-1 byte")
    }

    func test_privateSample_hasCreatorAndNestedPrivateItems() throws {
        let dataSet = try DicomReader.read(path: committedURL("private/private-tags.dcm").path).dataSet
        XCTAssertEqual(dataSet.string(Tag(0x0009, 0x0010)), EncodingSamples.privateCreator)
        let items = try XCTUnwrap(dataSet[Tag(0x0009, 0x1010)]).items
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items.first?.dataSet.string(Tag(0x0009, 0x0010)), EncodingSamples.privateCreator)
        XCTAssertEqual(items.last?.dataSet.string(Tag(0x0009, 0x1011)), "nested item 2")
    }

    func test_transferSyntaxSamples_areInTheSyntaxTheirNameSays() throws {
        let expected: [String: TransferSyntax] = [
            "transfer-syntax/implicit-vr-little-endian.dcm": .implicitVRLittleEndian,
            "transfer-syntax/explicit-vr-big-endian.dcm": .explicitVRBigEndian,
            "transfer-syntax/deflated-explicit-vr-little-endian.dcm": .deflatedExplicitVRLittleEndian,
        ]
        for (path, syntax) in expected {
            let file = try DicomReader.read(path: committedURL(path).path)
            XCTAssertEqual(file.transferSyntax.uid, syntax.uid, path)
            XCTAssertEqual(file.dataSet.int(.rows), Phantom.size, path)
        }
    }

    func test_cdFolder_usesUpperCaseEightCharacterNamesWithoutExtensions() throws {
        let cdPaths = try committedPaths().filter { $0.hasPrefix("cd/") }
        XCTAssertEqual(cdPaths.count, 3)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
        for path in cdPaths {
            for component in path.split(separator: "/").dropFirst() {
                XCTAssertTrue(component.count <= 8 && component.allSatisfy(allowed.contains), "\(path): \(component)")
            }
        }
    }

    func test_sopInstanceUIDs_areUniqueAndValid() throws {
        var seen: Set<String> = []
        for sample in try SampleSet.dicomFiles() where sample.relativePath != "defects/truncated-sequence.dcm" {
            let uid = try XCTUnwrap(DicomReader.read(bytes: sample.bytes).dataSet.string(.sopInstanceUID), sample.relativePath)
            XCTAssertTrue(seen.insert(uid).inserted, "\(sample.relativePath) repeats \(uid)")
            XCTAssertLessThanOrEqual(uid.utf8.count, 64, uid)
            XCTAssertTrue(uid.allSatisfy { $0.isNumber || $0 == "." }, uid)
        }
    }
}

// MARK: - Helpers

/// The repository's `Samples/` folder, found from this file's path.
let samplesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Samples")

func committedURL(_ relativePath: String) -> URL { samplesFolder.appendingPathComponent(relativePath) }

func committedBytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: committedURL(relativePath)))
}

/// Every regular file below `Samples/`, as relative paths.
func committedPaths() throws -> Set<String> {
    let root = samplesFolder.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: root) else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root])
    }
    var paths: Set<String> = []
    while let relative = walker.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
            paths.insert(relative)
        }
    }
    return paths
}

/// The file re-encoded as Explicit VR Little Endian, to compare content across compressors.
func explicitLittle(_ file: DicomFile) throws -> [UInt8] {
    try DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRLittleEndian))
}
