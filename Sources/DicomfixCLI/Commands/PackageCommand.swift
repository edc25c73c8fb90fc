import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix package`: make a medium (ISO image, zip or tar) in the IHE PDI layout.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Package DICOM files as a CD/DVD image, zip or tar file in the IHE PDI layout.",
        discussion: """
            Lays out the DICOM files of SOURCE (files, folders, DICOMDIRs, zip, tar or ISO \
            archives) as a medium: a DICOMDIR at the root (the Basic Directory IOD, built as by \
            `dicomfix dicomdir build --rename`), the files under DICOM/ with media-safe names \
            (DICOM/PAT00001/STU00001/SER00001/IMG00001), README.TXT and INDEX.HTM saying what is \
            on the medium (patients, studies with date, description, modalities and counts; who \
            made it and when), and the folders given with --include (a viewer) at the root.

            --format iso writes an ISO 9660 image with level 1 names (PS3.12 Annex F, \
            STD-GEN-CD), without Joliet or Rock Ridge unless --joliet or --rock-ridge; the \
            volume identifier is --label. zip, tar and tar.gz are written the same way. The \
            format comes from OUTPUT's extension when not given.

            The checks of `dicomdir build` come first and nothing is written when one fails: \
            the profile's transfer syntaxes (--transcode converts to Explicit VR Little Endian \
            in a temporary copy; the sources are never changed), missing keys, one study under \
            two patients, one patient ID with two names (--force writes anyway). File contents \
            are streamed into the archive, which is written to a temporary file and renamed into \
            place when complete; an archive is never written over one of its own inputs.

            Exit status: 0 written, 1 refused (the problems are listed), 2 nothing to package, \
            64 wrong options.

            Examples:
              dicomfix package study/ --output patient.iso --label SMITH_2024
              dicomfix package exports/ viewer-export.zip --output media.zip --include viewer/
              dicomfix package CD/DICOMDIR --output copy.tar.gz --transcode
            """)

    @Argument(help: "Files, folders, DICOMDIRs or archives holding the DICOM files.")
    var sources: [String]

    @Option(name: .shortAndLong, help: "The archive to write (.iso, .zip, .tar, .tar.gz).")
    var output: String

    @Option(help: "Archive format: iso, zip, tar or tar.gz (default: from the output's extension).")
    var format: ArchiveFormat?

    @Option(help: "Volume label and File-set ID: up to 32 characters of A-Z, 0-9 and _ (16 for the File-set ID).")
    var label: String = "DICOM"

    @Option(help: "A folder to put at the root of the medium (a viewer). Repeatable.")
    var include: [String] = []

    @Option(help: "Media application profile (PS3.11).")
    var profile: MediaProfile = .cd

    @Flag(help: "Convert files the profile does not allow to Explicit VR Little Endian.")
    var transcode: Bool = false

    @Flag(help: "Write even with inconsistent data or missing keys (reported as warnings).")
    var force: Bool = false

    @Flag(help: "Add Joliet names to an ISO image.")
    var joliet: Bool = false

    @Flag(name: .customLong("rock-ridge"), help: "Add Rock Ridge names to an ISO image.")
    var rockRidge: Bool = false

    @Option(name: .customLong("operator"), help: "Who prepares the medium, for README.TXT (default: the login name).")
    var operatorName: String?

    @Option(name: .customLong("report-format"), help: "Report format: text or json (--format names the archive's).")
    var reportFormat: OutputFormat = .text

    func validate() throws {
        guard format ?? ArchiveFormat(fileName: output) != nil else {
            throw ValidationError("cannot tell the format from \(output): give --format iso, zip, tar or tar.gz")
        }
        if let problem = ArchiveWriter.problem(withVolumeID: label) { throw ValidationError("--label \(problem)") }
        if (joliet || rockRidge) && (format ?? ArchiveFormat(fileName: output)) != .iso {
            throw ValidationError("--joliet and --rock-ridge apply to ISO images")
        }
    }

    func run() throws {
        let inputs = try collectInputs(sources)
        guard !inputs.files.isEmpty else {
            for problem in inputs.problemReports { printError("dicomfix: \(problem.path): \(problem.error ?? "")") }
            printError("dicomfix: nothing to package")
            throw ExitStatus.fatal
        }
        for folder in include {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                printError("dicomfix: --include \(folder) is not a folder")
                throw ExitStatus.fatal
            }
        }
        var options = MediaPackager.Options()
        options.format = format ?? ArchiveFormat(fileName: output) ?? .iso
        options.label = label
        options.include = include
        options.profile = profile
        options.transcode = transcode
        options.force = force
        options.joliet = joliet
        options.rockRidge = rockRidge
        options.preparedBy = operatorName ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? ""
        options.software = "dicomfix \(Dicomfix.configuration.version)"
        let result = MediaPackager.package(inputs, output: output, options: options)
        var report = MediaReport.report(command: "package", result.build)
        report.files.removeAll { $0.path == "DICOMDIR" && $0.status == .failed }
        if let archive = result.archive {
            let summary = result.summary.map { "\($0.patients.count) patient(s), \($0.studyCount) study(ies), \($0.instanceCount) instance(s)" } ?? ""
            report.files.append(FileReport(path: archive, status: .ok, actions: ["wrote \(options.format.rawValue): \(result.members.count) members; \(summary)"]))
        } else if result.build.hasErrors {
            report.files.append(FileReport(path: output, status: .failed, error: "not written: fix the errors above, or --force where they allow it"))
        }
        let reporting = try ReportingOptions.parse(["--format", reportFormat.rawValue])
        try reporting.emit(Report(command: "package", files: report.files), failOnWarnings: force, inputs: inputs)
    }
}

extension ArchiveFormat: ExpressibleByArgument {}
