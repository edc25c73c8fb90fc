import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix inspect`: what a CD import holds, and what is wrong with it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a CD import: patients, studies, other files and problems.",
        discussion: """
            Reads the headers of every file of PATH (a folder, a DICOMDIR, a zip, tar or ISO \
            image; several may be given) and prints what a support desk needs before loading \
            it: the patients and their studies (date, description, modalities, series and \
            instance counts), files that are not DICOM, files that cannot be read, the problems \
            of each DICOMDIR (checked as by `dicomfix dicomdir check`: offsets, hierarchy, \
            referenced files, their UIDs, DICOM files it does not list), and demographics that \
            disagree (one study under two patients, one patient ID with two names). Archive \
            members are named `cd.iso!/DICOM/...`; links, devices and unsafe names in archives \
            are refused and listed.

            --format json prints the shared report (one entry per file) with a "media" \
            object holding the summary.

            Exit status: 0 nothing wrong, 1 problems found (unreadable files, DICOMDIR errors, \
            inconsistent demographics), 2 nothing to inspect, 64 wrong options.

            Examples:
              dicomfix inspect /media/cdrom
              dicomfix inspect import.iso --format json
            """)

    @Argument(help: "Folders, DICOMDIRs or archives (zip, tar, tar.gz, iso).")
    var paths: [String]

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        let inputs = try collectInputs(paths, expandDICOMDIR: false)
        let inspection = MediaInspector.inspect(inputs)
        var files = inspection.files.map(Self.report)
        files += inspection.otherFindings.map { finding in
            MediaReport.fileReport(finding.file ?? "", [finding])
        }
        if files.isEmpty {
            printError("dicomfix: nothing to inspect in \(paths.joined(separator: ", "))")
            throw ExitStatus.fatal
        }
        let media = MediaContents(inspection)
        var report = Report(command: "inspect", files: files)
        report.media = media
        if reporting.format == .json {
            try reporting.emit(report)
            return
        }
        print(media.text(inputs: paths))
        for file in files where file.status != .ok || !file.diagnostics.isEmpty {
            let lines = Report(command: "inspect", files: [file]).text().split(separator: "\n").dropLast()
            for line in lines where !line.hasPrefix("ok ") { print(line) }
        }
        if report.hasFailures { throw ExitStatus.problemsFound }
    }

    static func report(_ file: MediaInspector.File) -> FileReport {
        switch file.kind {
        case .notDICOM:
            return FileReport(path: file.path, status: .skipped, error: "not a DICOM file")
        case .unreadable:
            return FileReport(path: file.path, status: .failed, diagnostics: file.findings.map(DiagnosticReport.init), error: file.reason)
        case .instance, .dicomdir:
            return MediaReport.fileReport(file.path, file.findings, actions: file.kind == .dicomdir ? ["DICOMDIR"] : [])
        }
    }
}

/// The medium as a whole, in `inspect`'s report.
struct MediaContents: Encodable {
    var dicomFiles: Int
    var dicomdirs: Int
    var otherFiles: Int
    var unreadableFiles: Int
    var patients: [MediaSummary.Patient]
    var otherInstances: Int

    init(_ inspection: MediaInspector.Inspection) {
        dicomFiles = inspection.count(.instance)
        dicomdirs = inspection.count(.dicomdir)
        otherFiles = inspection.count(.notDICOM)
        unreadableFiles = inspection.count(.unreadable)
        patients = inspection.summary.patients
        otherInstances = inspection.summary.otherInstances
    }

    /// The summary lines of the text output.
    func text(inputs: [String]) -> String {
        let summary = MediaSummary(patients: patients, otherInstances: otherInstances)
        var lines = [
            "\(inputs.joined(separator: ", ")): \(dicomFiles + dicomdirs + otherFiles + unreadableFiles) file(s): \(dicomFiles) DICOM instance(s), \(dicomdirs) DICOMDIR(s), \(otherFiles) other file(s), \(unreadableFiles) unreadable",
            "\(patients.count) patient(s), \(summary.studyCount) study(ies), \(summary.seriesCount) series, \(summary.instanceCount) instance(s)",
        ]
        lines += summary.lines()
        return lines.joined(separator: "\n")
    }
}
