import ArgumentParser
import DICOM
import DICOMMedia
import DICOMValidation
import Foundation

extension Severity: ExpressibleByArgument {}

/// `dicomfix validate`: everything wrong with files and the studies they make up.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Find everything wrong with DICOM files and the studies they form.",
        discussion: """
            Checks in layers, each finding with a severity, a stable code, the tag path and byte \
            offset, what was found against what was expected, and the part of the standard: \
            the Part-10 container and File Meta Information (PS3.10); the encoding of every \
            element (VR, value length, characters, dates, times, UIDs, VM, padding, private \
            creators, group lengths; PS3.5); the IOD of the SOP class (mandatory modules, type 1 \
            and type 2 attributes, inside sequence items too; PS3.3); and, across all the files \
            given, patient and study consistency (one study with two patients, series that \
            disagree, duplicate SOP Instance UIDs).

            Exit status 0 when no error was found (warnings do not fail unless --strict), 1 when \
            errors were found or a file could not be read.

            Examples:
              dicomfix validate study/
              dicomfix validate --min-severity error --format json CD/ > report.json
              dicomfix validate --ignore attribute.retired --ignore vr.dictionary-mismatch scan.dcm
            """)

    @Argument(help: "Files or folders (searched recursively).")
    var paths: [String]

    @Option(help: "Least severe finding to report: info, warning or error.")
    var minSeverity: Severity = .info

    @Option(name: .customLong("ignore"), help: "Leave out findings with this code, or codes starting with it followed by a dot (e.g. vr). Repeatable.")
    var ignoredCodes: [String] = []

    @Flag(help: "Warnings fail too (exit status 1).")
    var strict: Bool = false

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        let collected = try collectInputs(paths)
        let named = Set(paths)
        let progress = ProgressBar(total: collected.files.count, label: "validate")
        let results = parallelMap(collected.files, progress: progress.update) { input in
            (input, Validator.validate(path: input.path))
        }
        progress.finish()
        let across = StudyConsistency.check(results.compactMap { $0.1.summary })
        var reports: [FileReport] = []
        for (input, result) in results {
            let notDICOM = result.findings.count == 1 && result.findings[0].code == "part10.not-dicom"
            if notDICOM && !named.contains(input.path) {
                reports.append(FileReport(path: input.path, status: .skipped, error: "not a DICOM file"))
                continue
            }
            let findings = (result.findings + across.filter { $0.file == input.path || ($0.relatedFiles ?? []).contains(input.path) }).filter(isReported)
            reports.append(report(for: input.path, findings))
        }
        reports += collected.problemReports
        try reporting.emit(Report(command: "validate", files: reports), failOnWarnings: strict, inputs: collected)
    }

    func isReported(_ finding: Finding) -> Bool {
        guard finding.severity >= minSeverity else { return false }
        return !ignoredCodes.contains { finding.code == $0 || finding.code.hasPrefix($0 + ".") }
    }

    func report(for path: String, _ findings: [Finding]) -> FileReport {
        let worst = findings.map(\.severity).max()
        return FileReport(
            path: path, status: worst == .error ? .failed : worst == .warning ? .warning : .ok,
            diagnostics: findings.map(DiagnosticReport.init))
    }
}
