import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix dicomdir build`: write the DICOMDIR of a folder.
struct DicomdirBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write the DICOMDIR for every DICOM file under a folder.",
        discussion: """
            Reads the headers of every file under FOLDER (in parallel, stopping before pixel \
            data) and writes FOLDER/DICOMDIR (or OUTPUT/DICOMDIR): the Basic Directory IOD of \
            PS3.3 Annex F with a PATIENT, STUDY and SERIES record per patient, study and series and \
            the record type that fits each SOP class (IMAGE, SR DOCUMENT, KEY OBJECT DOC, \
            PRESENTATION, RT DOSE, RT PLAN, RT STRUCTURE SET, ENCAP DOC, ...), with the keys of \
            PS3.3 F.5, and every offset computed exactly.

            Checked before anything is written, each problem naming its files: the profile's \
            transfer syntaxes (STD-GEN-CD and STD-GEN-DVD-RAM: Explicit VR Little Endian only; \
            --transcode converts implicit VR, big endian and deflated files with the codec), File \
            IDs (at most 8 levels of 1 to 8 characters from A-Z, 0-9 and _; PS3.10, PS3.12), \
            type 1 keys, and consistency: one study under two patients, one patient ID with two \
            names, one series in two studies, one instance in two files. Inconsistent data and \
            missing keys are refused unless --force.

            --rename gives every file a media-safe File ID, DICOM/PAT00001/STU00001/SER00001/IMG00001, \
            moving the files inside FOLDER, or copying them with --output (FOLDER is then left \
            untouched). The mapping is in the report (and in --map FILE as CSV).

            Profiles: \(MediaProfile.all.map(\.name).joined(separator: ", ")).

            Exit status 0 when the DICOMDIR was written without problems, 1 when it was refused \
            or written with warnings under --force, 2 when FOLDER does not exist.

            Examples:
              dicomfix dicomdir build CD/
              dicomfix dicomdir build exports/ --rename --output media/ --fileset-id STUDY_4711
              dicomfix dicomdir build USB/ --profile STD-GEN-USB-JPEG --transcode
            """)

    @Argument(help: "The folder holding the files (searched recursively).")
    var folder: String

    @Option(help: "Media application profile (PS3.11).")
    var profile: MediaProfile = .cd

    @Flag(help: "Give files media-safe names (DICOM/PAT00001/STU00001/SER00001/IMG00001).")
    var rename: Bool = false

    @Option(name: .shortAndLong, help: "Build the file-set in this folder (files copied); FOLDER is left untouched.")
    var output: String?

    @Option(name: .customLong("fileset-id"), help: "File-set ID: up to 16 characters of A-Z, 0-9, space and _.")
    var fileSetID: String = ""

    @Flag(help: "Convert files the profile does not allow to Explicit VR Little Endian.")
    var transcode: Bool = false

    @Flag(help: "Write even with inconsistent data or missing keys (reported as warnings).")
    var force: Bool = false

    @Option(help: "Write the source -> File ID mapping to this CSV file.")
    var map: String?

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        guard fileSetID.utf8.count <= 16, fileSetID.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else {
            throw ValidationError("--fileset-id must be at most 16 characters of A-Z, 0-9, space and _")
        }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("dicomfix: \(folder) is not a folder")
            throw ExitStatus.fatal
        }
        var options = DicomDirectoryBuilder.Options()
        options.profile = profile
        options.rename = rename
        options.output = output
        options.fileSetID = fileSetID
        options.transcode = transcode
        options.force = force
        let result = DicomDirectoryBuilder.build(folder: folder, options: options)
        if let map, result.dicomdir != nil {
            let rows = result.files.compactMap { entry in entry.fileID.map { "\(csv(entry.path)),\(csv(entry.destination ?? "")),\(csv($0))" } }
            do {
                try (["source,destination,file_id"] + rows).joined(separator: "\n").appending("\n").write(toFile: map, atomically: true, encoding: .utf8)
            } catch {
                printError("dicomfix: cannot write \(map): \(error)")
                throw ExitStatus.fatal
            }
        }
        try reporting.emit(MediaReport.report(command: "dicomdir build", result), failOnWarnings: force)
    }

    private func csv(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
