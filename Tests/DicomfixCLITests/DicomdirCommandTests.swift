import DICOM
import DICOMMedia
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix dicomdir build|update|dump|check`, and DICOMDIRs as input to other commands.
final class DicomdirCommandTests: XCTestCase {
    // MARK: Fixtures

    /// A copy of the sample folder `name` inside a fresh temporary directory.
    func copySample(_ name: String, to folder: String? = nil) throws -> URL {
        let dir = try temporaryDirectory(self)
        let target = dir.appendingPathComponent(folder ?? name)
        try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent(name), to: target)
        return target
    }

    /// A Comprehensive SR and a Key Object Selection document of Jane Doe (the samples'
    /// patient) in a study of their own, with the keys their records need.
    func writeDocuments(into folder: URL) throws {
        func common(_ sopClass: String, _ instance: String, modality: String, series: String) -> DataSet {
            var dataSet = DataSet()
            dataSet.setString(.sopClassUID, .UI, sopClass)
            dataSet.setString(.sopInstanceUID, .UI, instance)
            dataSet.setString(.studyDate, .DA, "20240301")
            dataSet.setString(.studyTime, .TM, "101500")
            dataSet.setString(.accessionNumber, .SH, "DCMFX09999")
            dataSet.setString(.modality, .CS, modality)
            dataSet.setString(.patientName, .PN, "DOE^JANE")
            dataSet.setString(.patientID, .LO, "DCMFIX-0001")
            dataSet.setString(.studyInstanceUID, .UI, "2.25.4711.1")
            dataSet.setString(.seriesInstanceUID, .UI, series)
            dataSet.setString(.studyID, .SH, "S99")
            dataSet.setString(.seriesNumber, .IS, modality == "SR" ? "90" : "91")
            dataSet.setString(.instanceNumber, .IS, "1")
            dataSet.setString(.contentDate, .DA, "20240301")
            dataSet.setString(.contentTime, .TM, "102000")
            var code = DataSet()
            code.setString(.codeValue, .SH, modality == "SR" ? "18748-4" : "113000")
            code.setString(.codingSchemeDesignator, .SH, modality == "SR" ? "LN" : "DCM")
            code.setString(.codeMeaning, .LO, modality == "SR" ? "Diagnostic Imaging Report" : "Of Interest")
            dataSet.set(Element(.conceptNameCodeSequence, .SQ, value: .sequence([Item(code)])))
            return dataSet
        }
        var report = common("1.2.840.10008.5.1.4.1.1.88.33", "2.25.4711.1.1.1", modality: "SR", series: "2.25.4711.1.1")
        report.setString(.completionFlag, .CS, "COMPLETE")
        report.setString(.verificationFlag, .CS, "UNVERIFIED")
        let keyObjects = common("1.2.840.10008.5.1.4.1.1.88.59", "2.25.4711.1.2.1", modality: "KO", series: "2.25.4711.1.2")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try DicomWriter.write(DicomFile(dataSet: report), toPath: folder.appendingPathComponent("REPORT").path)
        try DicomWriter.write(DicomFile(dataSet: keyObjects), toPath: folder.appendingPathComponent("KEYOBJ").path)
    }

    /// The `dicomdir dump --format json` tree of `path`.
    func listing(_ path: String) throws -> [String: Any] {
        let result = try dicomfix(["dicomdir", "dump", path, "--format", "json"])
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout + result.stderr)
    }

    /// Every record type in a listing's tree, depth first.
    func recordTypes(_ listing: [String: Any]) -> [String] {
        var types: [String] = []
        func visit(_ nodes: [[String: Any]]) {
            for node in nodes {
                types.append(node["type"] as? String ?? "?")
                visit(node["children"] as? [[String: Any]] ?? [])
            }
        }
        visit(listing["roots"] as? [[String: Any]] ?? [])
        return types
    }

    /// A built file-set of the CT study sample, renamed into `media`.
    func buildCTMedia() throws -> URL {
        let study = try copySample("ct-study")
        let media = study.deletingLastPathComponent().appendingPathComponent("media")
        let result = try dicomfix(["dicomdir", "build", study.path, "--rename", "--output", media.path, "--fileset-id", "DCMFIX_TEST"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        return media
    }

    // MARK: build

    func test_build_withRename_copiesIntoMediaSafeLayout_andListsEveryInstance() throws {
        let media = try buildCTMedia()
        let dicomdir = media.appendingPathComponent("DICOMDIR").path
        let tree = try listing(dicomdir)
        XCTAssertEqual(tree["fileSetID"] as? String, "DCMFIX_TEST")
        XCTAssertEqual(tree["instances"] as? Int, 5)
        XCTAssertEqual(recordTypes(tree), ["PATIENT", "STUDY", "SERIES", "IMAGE", "IMAGE", "IMAGE", "SERIES", "IMAGE", "IMAGE"])
        let files = InputCollector.collect([media.path], expandDICOMDIR: false).files.map(\.relativePath)
        XCTAssertEqual(files.count, 6)
        for relative in files where relative != "DICOMDIR" {
            let components = relative.split(separator: "/").map(String.init)
            XCTAssertNil(MediaLayout.problem(with: components), relative)
            XCTAssertTrue(relative.hasPrefix("DICOM/PAT00001/STU00001/SER0000"), relative)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00002").path))
    }

    func test_build_withRenameInPlace_movesFiles_andRecordsTheMapping() throws {
        let study = try copySample("ct-study")
        let map = study.deletingLastPathComponent().appendingPathComponent("map.csv")
        let result = try dicomfix(["dicomdir", "build", study.path, "--rename", "--map", map.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: study.appendingPathComponent("series-1").path), "emptied folders are removed")
        let rows = try String(contentsOf: map, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 6)
        XCTAssertTrue(rows.contains { $0.hasSuffix("series-2/image-2.dcm,\(study.path)/DICOM/PAT00001/STU00001/SER00002/IMG00002,DICOM/PAT00001/STU00001/SER00002/IMG00002") }, rows.joined(separator: "\n"))
        XCTAssertEqual(try dicomfix(["dicomdir", "check", study.path]).status, 0)
    }

    func test_build_wrongPatientSample_isRefused_namingBothPatientsFiles() throws {
        let folder = try copySample("wrong-patient")
        let output = folder.deletingLastPathComponent().appendingPathComponent("media")
        let result = try dicomfix(["dicomdir", "build", folder.path, "--rename", "--output", output.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[media.study.two-patients]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ROE^RICHARD") && result.stdout.contains("POE^EDGAR"), result.stdout)
        XCTAssertTrue(result.stdout.contains("series-1/image-1.dcm") && result.stdout.contains("series-2/image-2.dcm"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "nothing is written when refused")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOMDIR").path))
    }

    func test_build_wrongPatientSampleForced_writesTheStudyUnderEachPatient_exitOne() throws {
        let folder = try copySample("wrong-patient")
        let output = folder.deletingLastPathComponent().appendingPathComponent("media")
        let result = try dicomfix(["dicomdir", "build", folder.path, "--rename", "--output", output.path, "--force"])
        XCTAssertEqual(result.status, 1, "written, with warnings: " + result.stdout)
        let tree = try listing(output.appendingPathComponent("DICOMDIR").path)
        XCTAssertEqual(tree["patients"] as? Int, 2)
        XCTAssertEqual(recordTypes(tree).filter { $0 == "STUDY" }.count, 2)
    }

    func test_build_namesThatAreNotFileIDs_withoutRename_areRefused() throws {
        let folder = try copySample("ct-study")
        let result = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("[media.file-id.invalid]") && result.stdout.contains("--rename"), result.stdout)
    }

    func test_build_cdSample_inPlace_keepsItsNames() throws {
        let folder = try copySample("cd")
        let result = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let tree = try listing(folder.path)
        XCTAssertEqual(tree["instances"] as? Int, 3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00001").path))
    }

    func test_build_otherTransferSyntaxes_needTranscodeForSTDGENCD() throws {
        let folder = try copySample("transfer-syntax")
        let refused = try dicomfix(["dicomdir", "build", folder.path, "--rename"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout.components(separatedBy: "[media.profile.transfer-syntax]").count - 1, 3, refused.stdout)
        let built = try dicomfix(["dicomdir", "build", folder.path, "--rename", "--transcode"])
        XCTAssertEqual(built.status, 0, built.stdout + built.stderr)
        for file in InputCollector.collect([folder.path], expandDICOMDIR: false).files where file.relativePath != "DICOMDIR" {
            XCTAssertEqual(try DicomReader.read(path: file.path).transferSyntax, .explicitVRLittleEndian, file.path)
        }
        XCTAssertEqual(try dicomfix(["dicomdir", "check", folder.path]).status, 0)
    }

    func test_build_structuredReportAndKeyObjects_getTheirRecordTypes() throws {
        let folder = try copySample("cd")
        try writeDocuments(into: folder.appendingPathComponent("DICOM/DOCS"))
        let result = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let types = recordTypes(try listing(folder.path))
        XCTAssertTrue(types.contains("SR DOCUMENT") && types.contains("KEY OBJECT DOC"), "\(types)")
        XCTAssertEqual(types.filter { $0 == "PATIENT" }.count, 1, "one patient, two studies: \(types)")
        let read = try DicomDirectoryReader.read(path: folder.appendingPathComponent("DICOMDIR").path)
        let report = try XCTUnwrap(read.directory.allRecords.first { $0.type.name == "SR DOCUMENT" })
        XCTAssertEqual(report.string(.completionFlag), "COMPLETE")
        XCTAssertEqual(report.dataSet[.conceptNameCodeSequence]?.items.first?.dataSet.string(.codeValue), "18748-4")
    }

    func test_build_missingTypeOneKey_isRefused_unlessForced() throws {
        let folder = try copySample("cd")
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.setString(.sopInstanceUID, .UI, "2.25.4711.9")
        dataSet.setString(.patientID, .LO, "DCMFIX-0009")
        try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: folder.appendingPathComponent("DICOM/NOKEYS").path)
        let refused = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("Study Date (0008,0020) is missing"), refused.stdout)
        let forced = try dicomfix(["dicomdir", "build", folder.path, "--force"])
        XCTAssertEqual(forced.status, 1, forced.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOMDIR").path))
    }

    // MARK: update

    func test_update_addsNewInstances_andSkipsListedOnes() throws {
        let media = try buildCTMedia()
        let documents = media.appendingPathComponent("DICOM/DOCS")
        try writeDocuments(into: documents)
        let dicomdir = media.appendingPathComponent("DICOMDIR").path
        let result = try dicomfix(["dicomdir", "update", dicomdir, documents.path, media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001").path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("already in the DICOMDIR"), result.stdout)
        let tree = try listing(dicomdir)
        XCTAssertEqual(tree["instances"] as? Int, 7)
        XCTAssertEqual(tree["fileSetID"] as? String, "DCMFIX_TEST", "kept from the original")
        XCTAssertEqual(try dicomfix(["dicomdir", "check", dicomdir]).status, 0)
    }

    func test_update_implicitVRFile_isRefusedWithoutTranscode_thenConvertedInPlace() throws {
        let media = try buildCTMedia()
        let added = media.appendingPathComponent("DICOM/IMPLICIT")
        try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent("transfer-syntax/implicit-vr-little-endian.dcm"), to: added)
        let dicomdir = media.appendingPathComponent("DICOMDIR").path
        let refused = try dicomfix(["dicomdir", "update", dicomdir, added.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("[media.profile.transfer-syntax]"), refused.stdout)
        XCTAssertEqual(try DicomReader.read(path: added.path).transferSyntax, .implicitVRLittleEndian, "untouched when refused")
        let result = try dicomfix(["dicomdir", "update", dicomdir, added.path, "--transcode"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(try DicomReader.read(path: added.path).transferSyntax, .explicitVRLittleEndian)
        let tree = try listing(dicomdir)
        XCTAssertEqual(tree["patients"] as? Int, 2)
        XCTAssertEqual(try dicomfix(["dicomdir", "check", dicomdir]).status, 0)
    }

    func test_update_fileOfAnotherPatientInAListedStudy_isRefused() throws {
        let media = try buildCTMedia()
        let source = try DicomReader.read(path: media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001").path)
        var dataSet = source.dataSet
        dataSet.setString(.sopInstanceUID, .UI, "2.25.4711.77")
        dataSet.setString(.patientID, .LO, "DCMFIX-0003")
        let intruder = media.appendingPathComponent("DICOM/OTHER")
        try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: intruder.path)
        let result = try dicomfix(["dicomdir", "update", media.appendingPathComponent("DICOMDIR").path, intruder.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[media.study.two-patients]"), result.stdout)
    }

    // MARK: check

    func test_check_lowerCaseNames_areFound_missingFileFails_strayFileIsListed() throws {
        let media = try buildCTMedia()
        let manager = FileManager.default
        try manager.moveItem(atPath: media.appendingPathComponent("DICOM").path, toPath: media.appendingPathComponent("dicom").path)
        let lowered = try dicomfix(["dicomdir", "check", media.path, "--format", "json"])
        XCTAssertEqual(lowered.status, 0, lowered.stdout)
        XCTAssertTrue(lowered.stdout.contains("dicomdir.file.case-differs"), lowered.stdout)

        try Data("notes".utf8).write(to: media.appendingPathComponent("dicom/README"))
        try manager.removeItem(atPath: media.appendingPathComponent("dicom/PAT00001/STU00001/SER00002/IMG00001").path)
        let broken = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(broken.status, 1, broken.stdout)
        XCTAssertTrue(broken.stdout.contains("references DICOM/PAT00001/STU00001/SER00002/IMG00001, which does not exist"), broken.stdout)
        XCTAssertTrue(broken.stdout.contains("README") && broken.stdout.contains("[dicomdir.file.unreferenced]"), broken.stdout)
    }

    func test_check_fileWithOtherUIDs_isAMismatch() throws {
        let media = try buildCTMedia()
        let first = media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001")
        try FileManager.default.removeItem(at: first)
        try FileManager.default.copyItem(at: media.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00001"), to: first)
        let result = try dicomfix(["dicomdir", "check", media.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("SOP Instance UID: the IMAGE record"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Series Instance UID"), result.stdout)
    }

    func test_check_recordsOutOfHierarchy_areIllegal() throws {
        var image = DirectoryRecord(type: .image)
        image.dataSet.setString(.instanceNumber, .IS, "1")
        let directory = DicomDirectory(fileSetID: "BROKEN", roots: [DirectoryRecord(type: .patient, children: [image])])
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("DICOMDIR").path
        try DicomDirectoryWriter.write(directory, to: path)
        let result = try dicomfix(["dicomdir", "check", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("a IMAGE record is below a PATIENT record"), result.stdout)
        XCTAssertTrue(result.stdout.contains("lacks Patient ID (0010,0020)"), result.stdout)
    }

    // MARK: Offsets

    func test_writer_offsets_pointAtTheRecordItems() throws {
        let media = try buildCTMedia()
        let file = try DicomReader.read(path: media.appendingPathComponent("DICOMDIR").path)
        let items = try XCTUnwrap(file.dataSet[.directoryRecordSequence]?.items)
        let starts = Set(items.compactMap(\.offset))
        XCTAssertEqual(file.dataSet.int(.offsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity).map(Int64.init), items.first?.offset)
        XCTAssertEqual(file.dataSet.int(.offsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity).map(Int64.init), items.first?.offset, "one patient")
        var lowerLinks = 0
        for item in items {
            for tag in [Tag.offsetOfTheNextDirectoryRecord, .offsetOfReferencedLowerLevelDirectoryEntity] {
                let value = Int64(item.dataSet.int(tag) ?? -1)
                XCTAssertTrue(value == 0 || starts.contains(value), "\(tag) = \(value)")
                if tag == .offsetOfReferencedLowerLevelDirectoryEntity && value != 0 { lowerLinks += 1 }
            }
        }
        XCTAssertEqual(lowerLinks, 4, "patient, study and two series have lower levels")
        // The bytes at each offset are an item tag (FFFE,E000), little endian.
        let bytes = [UInt8](try Data(contentsOf: media.appendingPathComponent("DICOMDIR")))
        for start in starts {
            XCTAssertEqual(Array(bytes[Int(start)..<Int(start) + 4]), [0xFE, 0xFF, 0x00, 0xE0])
        }
    }

    // MARK: Reading other builders' DICOMDIRs

    func test_dump_pydicomsDICOMDIRs_includingBrokenOnes() throws {
        let folder = try PydicomData.requireRoot().appendingPathComponent("test_files/dicomdirtests")
        for name in ["DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-reordered", "DICOMDIR-nooffset"] {
            let tree = try listing(folder.appendingPathComponent(name).path)
            XCTAssertEqual(tree["instances"] as? Int, 31, name)
            XCTAssertEqual(tree["patients"] as? Int, 2, name)
        }
        XCTAssertEqual(try listing(folder.appendingPathComponent("DICOMDIR-empty.dcm").path)["records"] as? Int, 0)
        let noPatient = try dicomfix(["dicomdir", "dump", folder.appendingPathComponent("DICOMDIR-nopatient").path])
        XCTAssertEqual(noPatient.status, 1)
        XCTAssertTrue(noPatient.stderr.contains("[dicomdir.record.unreachable]"), noPatient.stderr)
        let check = try dicomfix(["dicomdir", "check", folder.appendingPathComponent("DICOMDIR").path, "--format", "json"])
        XCTAssertEqual(check.status, 0, check.stdout)
    }

    func test_otherCommands_expandADICOMDIR_toItsFiles() throws {
        let media = try buildCTMedia()
        let result = try dicomfix(["dump", "--tag", "SOPInstanceUID", media.appendingPathComponent("DICOMDIR").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 5, result.stdout)
        XCTAssertTrue(result.stdout.contains("DICOM/PAT00001/STU00001/SER00002/IMG00002"), result.stdout)
    }

    // MARK: Interoperability

    func test_dciodvfy_acceptsOurDICOMDIR_withDocumentRecords() throws {
        try requireTool("dciodvfy")
        let folder = try copySample("cd")
        try writeDocuments(into: folder.appendingPathComponent("DICOM/DOCS"))
        XCTAssertEqual(try dicomfix(["dicomdir", "build", folder.path, "--fileset-id", "DCMFIX"]).status, 0)
        let output = runTool(["dciodvfy", folder.appendingPathComponent("DICOMDIR").path])
        let errors = output.output.split(separator: "\n").filter { $0.hasPrefix("Error") }
        XCTAssertTrue(errors.isEmpty, output.output)
        XCTAssertTrue(output.output.contains("BasicDirectory"), output.output)
    }

    func test_dcmdump_listsEveryRecord_atTheOffsetsWeWrote() throws {
        try requireTool("dcmdump")
        let media = try buildCTMedia()
        let output = runTool(["dcmdump", media.appendingPathComponent("DICOMDIR").path])
        XCTAssertEqual(output.status, 0, output.output)
        XCTAssertEqual(output.stdout.components(separatedBy: "DirectoryRecordType").count - 1, 9)
        let file = try DicomReader.read(path: media.appendingPathComponent("DICOMDIR").path)
        for item in file.dataSet[.directoryRecordSequence]?.items ?? [] {
            XCTAssertTrue(output.stdout.contains("offset=$\(item.offset ?? -1)"), "dcmdump places a record at \(item.offset ?? -1)")
        }
    }

    func test_pydicomFileSet_findsEveryInstance() throws {
        _ = try PydicomData.requireRoot()
        let media = try buildCTMedia()
        let output = loadInPydicomFileSet(media.appendingPathComponent("DICOMDIR"))
        XCTAssertEqual(output.status, 0, output.output)
        XCTAssertEqual(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "5 DCMFIX_TEST")
    }

    func test_dcmmkdirOutput_isReadAndChecked() throws {
        try requireTool("dcmmkdir")
        let folder = try copySample("cd")
        let made = runToolIn(folder, ["dcmmkdir", "+r", "+id", ".", "DICOM"])
        XCTAssertEqual(made.status, 0, made.output)
        let tree = try listing(folder.appendingPathComponent("DICOMDIR").path)
        XCTAssertEqual(tree["instances"] as? Int, 3)
        XCTAssertEqual(recordTypes(tree), ["PATIENT", "STUDY", "SERIES", "IMAGE", "IMAGE", "SERIES", "IMAGE"])
        let check = try dicomfix(["dicomdir", "check", folder.path])
        XCTAssertEqual(check.status, 0, check.stdout)
    }

    /// Runs a tool with `folder` as its working directory.
    func runToolIn(_ folder: URL, _ arguments: [String]) -> ToolOutput {
        runTool(["sh", "-c", "cd \"$0\" && exec \"$@\"", folder.path] + arguments)
    }

    // MARK: Help

    func test_help_matchesSnapshots() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: DicomdirCommand.self, columns: 100), named: "dicomdir-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: DicomdirBuildCommand.self, columns: 100), named: "dicomdir-build-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: DicomdirUpdateCommand.self, columns: 100), named: "dicomdir-update-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: DicomdirDumpCommand.self, columns: 100), named: "dicomdir-dump-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: DicomdirCheckCommand.self, columns: 100), named: "dicomdir-check-help.txt")
    }
}
