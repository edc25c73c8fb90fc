import DICOM
import DICOMMedia
import Foundation
import XCTest

/// `dicomfix dicomdir build`: the refusals for inconsistent data, the record types of
/// presentation states, radiotherapy objects and encapsulated documents, Specific Character Set
/// in records, profiles other than STD-GEN-CD; every DICOMDIR checked with dciodvfy and pydicom.
extension DicomdirCommandTests {
    // MARK: Peers

    /// dciodvfy finds no error in the DICOMDIR, dcmdump reads it without a warning, and pydicom's
    /// FileSet finds `instances` instances and loads each from its file.
    func assertReadByPeers(_ dicomdir: URL, instances: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        try requireTool("dciodvfy")
        let verify = runTool(["dciodvfy", dicomdir.path])
        let errors = verify.output.split(separator: "\n").filter { $0.hasPrefix("Error") }
        XCTAssertEqual(errors, [], "dciodvfy:\n" + verify.output, file: file, line: line)
        XCTAssertTrue(verify.output.contains("BasicDirectory"), verify.output, file: file, line: line)
        try requireTool("dcmdump")
        let dump = runTool(["dcmdump", dicomdir.path])
        XCTAssertEqual(dump.status, 0, dump.output, file: file, line: line)
        XCTAssertEqual(dump.output.split(separator: "\n").filter { $0.hasPrefix("W: ") || $0.hasPrefix("E: ") }, [], file: file, line: line)
        _ = try PydicomData.requireRoot()
        let output = loadInPydicomFileSet(dicomdir)
        XCTAssertEqual(output.status, 0, "pydicom: " + output.output, file: file, line: line)
        XCTAssertEqual(output.stdout.split(separator: " ").first.map(String.init), "\(instances)", output.output, file: file, line: line)
    }

    /// A copy of the file at `source` with some values changed, written to `destination`.
    func writeVariant(of source: URL, to destination: URL, _ change: (inout DataSet) -> Void) throws {
        var dataSet = try DicomReader.read(path: source.path).dataSet
        change(&dataSet)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: destination.path)
    }

    // MARK: Inconsistent data

    func test_build_onePatientIDWithTwoNames_isRefused_namingBothFiles() throws {
        let folder = try copySample("cd")
        let first = folder.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001")
        try writeVariant(of: first, to: folder.appendingPathComponent("DICOM/OTHER/IMG00003")) {
            $0.setString(.sopInstanceUID, .UI, "2.25.4711.31")
            $0.setString(.patientName, .PN, "DOE^JOHN")
        }
        let result = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[media.patient.two-names]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Patient ID 'DCMFIX-0001' has 2 names"), result.stdout)
        XCTAssertTrue(result.stdout.contains("'DOE^JANE'") && result.stdout.contains("'DOE^JOHN'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("DICOM/OTHER/IMG00003") && result.stdout.contains("SER00001/IMG00001"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOMDIR").path), "nothing written")
    }

    func test_build_oneSeriesInTwoStudies_isRefused() throws {
        let folder = try copySample("cd")
        let first = folder.appendingPathComponent("DICOM/PAT00001/STU00001/SER00001/IMG00001")
        try writeVariant(of: first, to: folder.appendingPathComponent("DICOM/OTHER/IMG00003")) {
            $0.setString(.sopInstanceUID, .UI, "2.25.4711.32")
            $0.setString(.studyInstanceUID, .UI, "2.25.4711.33")
        }
        let result = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[media.series.two-studies]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("is in 2 studies") && result.stdout.contains("2.25.4711.33"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOMDIR").path))
    }

    func test_build_oneInstanceInTwoFiles_isRefused_forcedListsItOnce() throws {
        let folder = try copySample("cd")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("DICOM/COPY"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("DICOM/PAT00001/STU00001/SER00002/IMG00001"), to: folder.appendingPathComponent("DICOM/COPY/IMG00001"))
        let refused = try dicomfix(["dicomdir", "build", folder.path])
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stdout.contains("[media.instance.duplicate]") && refused.stdout.contains("DICOM/COPY/IMG00001"), refused.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DICOMDIR").path))
        let forced = try dicomfix(["dicomdir", "build", folder.path, "--force"])
        XCTAssertEqual(forced.status, 1, "written with a warning: " + forced.stdout)
        XCTAssertEqual(try listing(folder.path)["instances"] as? Int, 3, "the instance is listed once")
    }

    // MARK: Record types

    /// A presentation state, an RT dose, structure set and plan, and an encapsulated PDF of the
    /// cd sample's patient, in a study of their own, with the keys their records need.
    func writeOtherObjects(into folder: URL) throws {
        func object(_ sopClass: String, _ number: Int, modality: String) -> DataSet {
            var dataSet = DataSet()
            dataSet.setString(.sopClassUID, .UI, sopClass)
            dataSet.setString(.sopInstanceUID, .UI, "2.25.4712.1.\(number).1")
            dataSet.setString(.studyDate, .DA, "20240302")
            dataSet.setString(.studyTime, .TM, "090000")
            dataSet.setString(.accessionNumber, .SH, "DCMFX09998")
            dataSet.setString(.modality, .CS, modality)
            dataSet.setString(.patientName, .PN, "DOE^JANE")
            dataSet.setString(.patientID, .LO, "DCMFIX-0001")
            dataSet.setString(.studyInstanceUID, .UI, "2.25.4712.1")
            dataSet.setString(.studyID, .SH, "S98")
            dataSet.setString(.seriesInstanceUID, .UI, "2.25.4712.1.\(number)")
            dataSet.setString(.seriesNumber, .IS, "\(number)")
            dataSet.setString(.instanceNumber, .IS, "1")
            return dataSet
        }
        var presentation = object("1.2.840.10008.5.1.4.1.1.11.1", 1, modality: "PR")
        presentation.setString(.presentationCreationDate, .DA, "20240302")
        presentation.setString(.presentationCreationTime, .TM, "091500")
        presentation.setString(.contentLabel, .CS, "LUNG_WINDOW")
        presentation.setString(.contentDescription, .LO, "Lung window")
        presentation.setString(.contentCreatorName, .PN, "SMITH^ANNA")
        var image = DataSet()
        image.setString(.referencedSOPClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
        image.setString(.referencedSOPInstanceUID, .UI, "2.25.145033062398241993911377983995543289856.1.6.1.1")
        var referencedSeries = DataSet()
        referencedSeries.setString(.seriesInstanceUID, .UI, "2.25.145033062398241993911377983995543289856.1.6.1")
        referencedSeries.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(image)])))
        presentation.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(referencedSeries)])))
        var dose = object("1.2.840.10008.5.1.4.1.1.481.2", 2, modality: "RTDOSE")
        dose.setString(.doseSummationType, .CS, "PLAN")
        dose.setString(.doseComment, .LO, "planned dose")
        var structures = object("1.2.840.10008.5.1.4.1.1.481.3", 3, modality: "RTSTRUCT")
        structures.setString(.structureSetLabel, .SH, "THORAX")
        structures.setString(.structureSetDate, .DA, "20240302")
        structures.setString(.structureSetTime, .TM, "092000")
        var plan = object("1.2.840.10008.5.1.4.1.1.481.5", 4, modality: "RTPLAN")
        plan.setString(.rtPlanLabel, .SH, "PLAN_A")
        plan.setString(.rtPlanDate, .DA, "20240302")
        plan.setString(.rtPlanTime, .TM, "093000")
        var document = object("1.2.840.10008.5.1.4.1.1.104.1", 5, modality: "DOC")
        document.setString(.contentDate, .DA, "20240302")
        document.setString(.contentTime, .TM, "094000")
        document.setString(.documentTitle, .ST, "Referral letter")
        document.setString(.mimeTypeOfEncapsulatedDocument, .LO, "application/pdf")
        document.set(Element(.conceptNameCodeSequence, .SQ, value: .sequence([])))
        document.set(Element(.encapsulatedDocument, .OB, bytes: Array("%PDF-1.4\n%%EOF\n".utf8) + [0]))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, dataSet) in [("PRSTATE", presentation), ("RTDOSE", dose), ("RTSTRUCT", structures), ("RTPLAN", plan), ("PDFDOC", document)] {
            try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: folder.appendingPathComponent(name).path)
        }
    }

    func test_build_presentationRTAndEncapsulatedDocuments_getTheirRecordTypes_readByPeers() throws {
        let folder = try copySample("cd")
        try writeOtherObjects(into: folder.appendingPathComponent("DICOM/OBJECTS"))
        let result = try dicomfix(["dicomdir", "build", folder.path, "--fileset-id", "DCMFIX_OBJECTS"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let types = recordTypes(try listing(folder.path))
        for type in ["PRESENTATION", "RT DOSE", "RT STRUCTURE SET", "RT PLAN", "ENCAP DOC"] {
            XCTAssertEqual(types.filter { $0 == type }.count, 1, "\(type) in \(types)")
        }
        let read = try DicomDirectoryReader.read(path: folder.appendingPathComponent("DICOMDIR").path)
        func record(_ type: String) throws -> DirectoryRecord { try XCTUnwrap(read.directory.allRecords.first { $0.type.name == type }, type) }
        XCTAssertEqual(try record("PRESENTATION").string(.contentLabel), "LUNG_WINDOW")
        XCTAssertEqual(try record("PRESENTATION").string(.presentationCreationDate), "20240302")
        XCTAssertEqual(try record("PRESENTATION").dataSet[.referencedSeriesSequence]?.items.count, 1, "copied: the state references images")
        XCTAssertEqual(try record("RT DOSE").string(.doseSummationType), "PLAN")
        XCTAssertEqual(try record("RT STRUCTURE SET").string(.structureSetLabel), "THORAX")
        XCTAssertEqual(try record("RT PLAN").string(.rtPlanLabel), "PLAN_A")
        XCTAssertEqual(try record("ENCAP DOC").string(.mimeTypeOfEncapsulatedDocument), "application/pdf")
        XCTAssertEqual(try record("ENCAP DOC").string(.documentTitle), "Referral letter")
        XCTAssertEqual(try dicomfix(["dicomdir", "check", folder.path]).status, 0)
        try assertReadByPeers(folder.appendingPathComponent("DICOMDIR"), instances: 8)
    }

    // MARK: Specific Character Set

    func test_build_nonASCIINames_recordsCarryTheSpecificCharacterSet_readByPeers() throws {
        let folder = try copySample("character-set")
        let media = folder.deletingLastPathComponent().appendingPathComponent("media")
        let result = try dicomfix(["dicomdir", "build", folder.path, "--rename", "--output", media.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let dicomdir = media.appendingPathComponent("DICOMDIR")
        let read = try DicomDirectoryReader.read(path: dicomdir.path)
        let patients = read.directory.roots.filter { $0.type == .patient }
        XCTAssertEqual(patients.count, 2)
        let latin = try XCTUnwrap(patients.first { $0.string(.patientID) == "DCMFIX-0006" })
        XCTAssertEqual(latin.string(.specificCharacterSet), "ISO_IR 100")
        XCTAssertEqual(latin.dataSet[.patientName]?.inlineBytes.map { Array($0.prefix(3)) }, [0x4D, 0xFC, 0x6C], "Müller in Latin-1, as in the file")
        let utf8 = try XCTUnwrap(patients.first { $0.string(.patientID) == "DCMFIX-0005" })
        XCTAssertEqual(utf8.string(.specificCharacterSet), "ISO_IR 192")
        let utf8Study = try XCTUnwrap(utf8.children.first)
        XCTAssertEqual(utf8Study.string(.specificCharacterSet), "ISO_IR 192", "the study description is not ASCII either")
        let series = try XCTUnwrap(utf8Study.children.first)
        XCTAssertNil(series.dataSet[.specificCharacterSet], "an ASCII-only record needs none")

        try assertReadByPeers(dicomdir, instances: 2)
        let script = """
            import sys
            from pydicom import dcmread
            ds = dcmread(sys.argv[1])
            for record in ds.DirectoryRecordSequence:
                if record.DirectoryRecordType in ("PATIENT", "STUDY"):
                    print(record.DirectoryRecordType, record.get("PatientName", record.get("StudyDescription", "")))
            """
        let names = runTool(["python3", "-c", script, dicomdir.path])
        XCTAssertEqual(names.status, 0, names.output)
        XCTAssertTrue(names.stdout.contains("PATIENT Müller^Jürgen"), names.stdout)
        XCTAssertTrue(names.stdout.contains("PATIENT Yamada^Tarō=山田^太郎=やまだ^たろう"), names.stdout)
        XCTAssertTrue(names.stdout.contains("STUDY 胸部 CT"), names.stdout)
    }

    // MARK: Profiles and the file-sets of rename, transcode and update

    func test_build_renamed_transcoded_andUpdatedFileSets_areReadByPeers() throws {
        let renamed = try buildCTMedia()
        try assertReadByPeers(renamed.appendingPathComponent("DICOMDIR"), instances: 5)

        let transcoded = try copySample("transfer-syntax")
        let built = try dicomfix(["dicomdir", "build", transcoded.path, "--rename", "--transcode"])
        XCTAssertEqual(built.status, 0, built.stdout + built.stderr)
        try assertReadByPeers(transcoded.appendingPathComponent("DICOMDIR"), instances: 3)

        let documents = renamed.appendingPathComponent("DICOM/DOCS")
        try writeDocuments(into: documents)
        try FileManager.default.copyItem(
            at: Repository.samples.appendingPathComponent("transfer-syntax/explicit-vr-big-endian.dcm"), to: documents.appendingPathComponent("BIGEND"))
        let updated = try dicomfix(["dicomdir", "update", renamed.appendingPathComponent("DICOMDIR").path, documents.path, "--transcode"])
        XCTAssertEqual(updated.status, 0, updated.stdout + updated.stderr)
        try assertReadByPeers(renamed.appendingPathComponent("DICOMDIR"), instances: 8)
    }

    func test_build_jpegFiles_refusedForSTDGENCD_acceptedForSTDGENUSBJPEG() throws {
        let folder = try copySample("cd")
        let jpeg = folder.appendingPathComponent("DICOM/JPEG")
        try FileManager.default.createDirectory(at: jpeg, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try PydicomData.file("SC_rgb_jpeg_dcmtk.dcm"), to: jpeg.appendingPathComponent("BASELINE"))
        try FileManager.default.copyItem(at: try PydicomData.file("JPEG-lossy.dcm"), to: jpeg.appendingPathComponent("EXTENDED"))
        let refused = try dicomfix(["dicomdir", "build", folder.path, "--transcode"])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertEqual(refused.stdout.components(separatedBy: "[media.profile.transfer-syntax]").count - 1, 2, refused.stdout)
        XCTAssertTrue(refused.stdout.contains("does not decompress"), refused.stdout)

        let built = try dicomfix(["dicomdir", "build", folder.path, "--profile", "STD-GEN-USB-JPEG"])
        XCTAssertEqual(built.status, 0, built.stdout + built.stderr)
        let read = try DicomDirectoryReader.read(path: folder.appendingPathComponent("DICOMDIR").path)
        let syntaxes = Set(read.directory.allRecords.compactMap(\.referencedTransferSyntaxUID))
        XCTAssertEqual(syntaxes, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"])
        XCTAssertEqual(try dicomfix(["dicomdir", "check", folder.path]).status, 0)
        try assertReadByPeers(folder.appendingPathComponent("DICOMDIR"), instances: 5)
    }
}
