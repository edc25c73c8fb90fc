import ArgumentParser
import DICOM
import DICOMRepair
import DICOMValidation
import Foundation

/// `dicomfix repair`: the safe fixes for encoding defects validate finds, on the record.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Fix, safely and on the record, the encoding defects validate finds.",
        discussion: """
            Each file is validated; every finding that has a safe, meaning-preserving fix gets \
            it, and the change names the validate code it answers: a Part-10 container and File \
            Meta Information made again from the data set (missing preamble or meta, implicit VR \
            meta, group length, Media Storage UIDs that differ from the data set's, a Transfer \
            Syntax UID that says explicit VR for an implicit VR data set, which is relabelled: the \
            data set bytes are kept, not re-encoded; missing or empty meta elements); wrong group \
            lengths (right ones are kept: retired, but legal); odd-length values padded; UIDs without spaces or \
            leading zeros; dates, times and date-times written with separators (2024-03-12, \
            14:30:05; validate reports them as vr.invalid-date, vr.invalid-time and \
            vr.invalid-datetime) in DICOM form; lower-case code strings upper-cased. Pixel data and every \
            value without a finding keep their bytes. Dates in day-month order and other \
            ambiguous values are left alone.

            Findings without a safe fix (a missing type 1 value, a study with two patients) are \
            listed, not guessed. A file the reader found damaged (a truncated value or sequence) \
            is not written. Each file is validated again after it is written.

            Exit status 0 when no error remains in any file, 1 when errors remain or a file \
            could not be repaired, 2 when no input was found, 64 for wrong options.

            Codes fixed: \(Repairer.fixes.map(\.code).joined(separator: ", ")).

            Examples:
              dicomfix repair import/ --output fixed/ --dry-run
              dicomfix repair import/ --output fixed/ --audit-log repair.jsonl
              dicomfix repair scan.dcm --in-place --only vr.invalid-date --audit-log repair.jsonl
            """)

    @OptionGroup var options: RepairOptions

    @Option(name: .customLong("only"), help: "Fix only findings with this validate code (repeatable).")
    var onlyCodes: [String] = []

    func validate() throws {
        try options.check()
        let unknown = onlyCodes.filter { !Repairer.fixableCodes.contains($0) }
        if !unknown.isEmpty {
            throw ValidationError("--only \(unknown.joined(separator: ", ")): no such fix; codes fixed: \(Repairer.fixes.map(\.code).joined(separator: ", "))")
        }
    }

    func run() throws {
        let repairer = Repairer(only: onlyCodes.isEmpty ? nil : Set(onlyCodes))
        var runner = ChangeRunner(command: "repair", options: options)
        runner.independentFiles = true
        runner.review = { reports, dryRun in RemainingFindings.add(to: &reports, dryRun: dryRun) }
        try runner.run { _ in repairer }
    }
}

/// The options of repair: those of correct, without the parts that concern new values.
struct RepairOptions: ParsableArguments, ChangeSettings {
    @OptionGroup var target: ChangeTargetOptions

    @Option(help: "Why the files are repaired (recorded in the audit log).")
    var reason: String = "repair encoding defects"

    @Option(name: .customLong("operator"), help: "Who repairs them (default: the login name).")
    var operatorName: String?

    @Option(name: .customLong("audit-log"), help: "The audit log (JSON Lines, appended to; created when missing). Without it no log is kept; --in-place needs it.")
    var auditLogPath: String?

    @Flag(help: "Print the fixes each file would get and write nothing.")
    var dryRun: Bool = false

    @OptionGroup var reporting: ReportingOptions

    var force: Bool { false }
    /// Repairs fix encodings, not values: an Original Attributes item would carry the defects
    /// (a date with dashes) into the file again.
    var recordsOriginalAttributes: Bool { false }

    func check() throws {
        try target.check()
        if inPlace && auditLogPath == nil { throw ValidationError("--in-place needs --audit-log (undo reads it)") }
    }
}

/// What validation still finds once repair has run: the written file's findings (warnings and
/// errors), or for a dry run the input's findings that no planned fix answers.
enum RemainingFindings {
    static func add(to reports: inout [FileReport], dryRun: Bool) {
        let work = reports.indices.filter { reports[$0].status == .ok }.map { index in
            let report = reports[index]
            let answered = dryRun ? Set(report.actions.compactMap(codesAnswered).joined()) : []
            return (index, dryRun ? report.path : (report.output ?? report.path), answered)
        }
        let results = parallelMap(work) { index, path, answered -> (Int, [Finding], InstanceSummary?) in
            let result = Validator.validate(path: path)
            let findings = result.findings.filter { $0.severity >= .warning && !answered.contains($0.code) }
            return (index, findings, result.summary)
        }
        let across = StudyConsistency.check(results.compactMap { $0.2 }).filter { $0.severity >= .warning }
        for (index, findings, summary) in results {
            let path = summary?.path
            let related = across.filter { $0.file == path || ($0.relatedFiles ?? []).contains(path ?? "") }
            let remaining = findings + related
            reports[index].diagnostics += remaining.map(DiagnosticReport.init)
            if remaining.contains(where: { $0.severity == .error }) {
                reports[index].status = .failed
                reports[index].error = reports[index].error ?? "errors without a safe fix remain"
            } else if !remaining.isEmpty {
                reports[index].status = .warning
            }
        }
    }

    /// The codes of a diff line `[vr.invalid-date] (0008,0020) ...`.
    private static func codesAnswered(_ action: String) -> [String]? {
        guard action.hasPrefix("["), let end = action.firstIndex(of: "]") else { return nil }
        return action[action.index(after: action.startIndex)..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
