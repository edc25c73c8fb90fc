import DICOM
import DICOMMedia
import Foundation
import FuzzSupport

// libFuzzer target for the DICOMDIR reader: bytes through the Part-10 reader, then the record
// offsets followed from the root (loops, dangling offsets, records in any order).

/// `main` (SwiftPM links it as `fuzz_dicomdir_main`): seeds when asked, else libFuzzer.
@_cdecl("fuzz_dicomdir_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc: argc, argv: argv, seeds: dicomdirSeeds, testOneInput: fuzzTestOneInput)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let file = try? DicomReader.read(bytes: Part10Wrapper.file(for: input), name: "DICOMDIR", options: ReadOptions(bulkThreshold: 1 << 20))
    else { return 0 }
    let result = DicomDirectoryReader.read(file)
    _ = result.directory.allRecords.map { ($0.filePath, $0.instanceCount, $0.referencedSOPInstanceUID) }
    _ = result.directory.referencingRecords.count
    _ = try? DicomDirectoryWriter.encode(result.directory)
    return 0
}

/// DICOMDIRs written by dicomfix for the samples: one with every sample, one per sample folder.
private func dicomdirSeeds(_ samples: URL) throws -> [(name: String, bytes: [UInt8])] {
    var seeds: [(name: String, bytes: [UInt8])] = []
    let files = Seeds.files(under: samples).compactMap { url in (try? DicomReader.read(path: url.path)).map { (url, $0) } }
    var folders: [String: [(URL, DicomFile)]] = [:]
    for (url, file) in files { folders[url.deletingLastPathComponent().path, default: []].append((url, file)) }
    let groups = [("all", files)] + folders.sorted { $0.key < $1.key }.map { (Seeds.name(URL(fileURLWithPath: $0.key), under: samples), $0.value) }
    for (name, group) in groups {
        let directory = DicomDirectory(fileSetID: "FUZZ", instanceUID: "1.2.3.4", roots: records(group))
        let bytes = try DicomDirectoryWriter.encode(directory)
        seeds.append(("dicomdir-" + name, bytes))
        seeds.append(("dicomdir-" + name + "-explicit-be", Part10Wrapper.input(syntaxIndex: 2, dataSet: dataSetBytes(bytes) ?? [])))
    }
    return seeds
}

/// Patient, study, series and image records for `files`, keyed by their UIDs.
private func records(_ files: [(URL, DicomFile)]) -> [DirectoryRecord] {
    var patients: [String: [String: [String: [DirectoryRecord]]]] = [:]
    for (index, (_, file)) in files.enumerated() {
        var image = DataSet()
        image.setString(Tag(0x0004, 0x1500), .CS, "DICOM\\IMG\(index)")
        image.setString(Tag(0x0004, 0x1510), .UI, file.dataSet.string(Tag(0x0008, 0x0016)) ?? "1.2")
        image.setString(Tag(0x0004, 0x1511), .UI, file.dataSet.string(Tag(0x0008, 0x0018)) ?? "1.2.\(index)")
        image.setString(Tag(0x0004, 0x1512), .UI, file.transferSyntax.uid)
        image.setString(Tag(0x0020, 0x0013), .IS, "\(index + 1)")
        let patient = file.dataSet.string(Tag(0x0010, 0x0020)) ?? "P"
        let study = file.dataSet.string(Tag(0x0020, 0x000D)) ?? "1.2.3"
        let series = file.dataSet.string(Tag(0x0020, 0x000E)) ?? "1.2.3.4"
        patients[patient, default: [:]][study, default: [:]][series, default: []].append(DirectoryRecord(type: .image, dataSet: image))
    }
    return patients.sorted { $0.key < $1.key }.map { patientID, studies in
        var patient = DataSet()
        patient.setString(Tag(0x0010, 0x0010), .PN, "FUZZ^PATIENT")
        patient.setString(Tag(0x0010, 0x0020), .LO, patientID)
        return DirectoryRecord(type: .patient, dataSet: patient, children: studies.sorted { $0.key < $1.key }.map { studyUID, series in
            var study = DataSet()
            study.setString(Tag(0x0020, 0x000D), .UI, studyUID)
            study.setString(Tag(0x0008, 0x0020), .DA, "20240101")
            return DirectoryRecord(type: .study, dataSet: study, children: series.sorted { $0.key < $1.key }.map { seriesUID, images in
                var record = DataSet()
                record.setString(Tag(0x0020, 0x000E), .UI, seriesUID)
                record.setString(Tag(0x0008, 0x0060), .CS, "OT")
                return DirectoryRecord(type: .series, dataSet: record, children: images)
            })
        })
    }
}

/// The data set of an encoded file in explicit VR big endian, for a wrapped seed.
private func dataSetBytes(_ bytes: [UInt8]) -> [UInt8]? {
    guard let file = try? DicomReader.read(bytes: bytes),
        let encoded = try? DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRBigEndian)),
        let reread = try? DicomReader.read(bytes: encoded), Int(reread.dataSetOffset) <= encoded.count
    else { return nil }
    return Array(encoded[Int(reread.dataSetOffset)...])
}
