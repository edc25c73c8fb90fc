import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix dicomdir`: build, update, list and check DICOMDIR media directories.
struct DicomdirCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicomdir",
        abstract: "Build, update, list and check DICOMDIR media directories.",
        discussion: """
            A DICOMDIR (PS3.10, PS3.3 Annex F) lists the patients, studies, series and instances \
            of a file-set (a CD, DVD or USB stick) and the File ID of each file. Every other \
            command accepts a DICOMDIR as input and works on the files it references.

            Exit status: 0 success, 1 problems found (a build refused, a check with errors), \
            2 nothing to work on (no DICOMDIR, no folder), 64 wrong options.
            """,
        subcommands: [DicomdirBuildCommand.self, DicomdirUpdateCommand.self, DicomdirDumpCommand.self, DicomdirCheckCommand.self])
}

extension MediaProfile: ExpressibleByArgument {
    public init?(argument: String) {
        guard let profile = MediaProfile.named(argument) else { return nil }
        self = profile
    }

    public static var allValueStrings: [String] { all.map(\.name) }
}

/// Turns media findings and file entries into the shared report.
enum MediaReport {
    /// One report entry per input file, then entries for findings about other paths (the
    /// DICOMDIR, the folder) and for the DICOMDIR written.
    static func report(command: String, _ result: DicomDirectoryBuilder.Result) -> Report {
        var byFile: [String: [MediaFinding]] = [:]
        for finding in result.findings { byFile[finding.file ?? "", default: []].append(finding) }
        var reports: [FileReport] = []
        var covered = Set<String>()
        for entry in result.files {
            covered.insert(entry.path)
            let findings = byFile[entry.path] ?? []
            if let skipped = entry.skipped, !findings.contains(where: { $0.severity == .error }) {
                // Left out under --force (a duplicate, an unreadable file): a warning, not a skip.
                let status: FileReport.Status = findings.contains { $0.severity == .warning } ? .warning : .skipped
                reports.append(FileReport(path: entry.path, status: status, diagnostics: findings.map(DiagnosticReport.init), error: skipped))
                continue
            }
            let written = result.dicomdir != nil
            reports.append(fileReport(entry.path, findings, output: written ? entry.destination : nil, actions: written ? entry.actions : []))
        }
        for (path, findings) in byFile.sorted(by: { $0.key < $1.key }) where !covered.contains(path) && path != result.dicomdir {
            reports.append(fileReport(path, findings))
        }
        if let dicomdir = result.dicomdir {
            reports.append(fileReport(dicomdir, byFile[dicomdir] ?? [], actions: ["wrote DICOMDIR: \(result.recordCount) records"]))
        } else if result.hasErrors {
            reports.append(FileReport(path: "DICOMDIR", status: .failed, error: "not written: fix the errors above, or --force where they allow it"))
        }
        return Report(command: command, files: reports)
    }

    static func fileReport(_ path: String, _ findings: [MediaFinding], output: String? = nil, actions: [String] = []) -> FileReport {
        let worst = findings.map(\.severity).max()
        return FileReport(
            path: path, status: worst == .error ? .failed : worst == .warning ? .warning : .ok, output: output == path ? nil : output,
            diagnostics: findings.map(DiagnosticReport.init), actions: actions)
    }
}

extension DiagnosticReport {
    init(_ finding: MediaFinding) {
        self.init(Diagnostic(finding.severity, finding.code, finding.message, offset: finding.offset))
        reference = finding.reference
        relatedFiles = finding.relatedFiles.isEmpty ? nil : finding.relatedFiles
    }
}
