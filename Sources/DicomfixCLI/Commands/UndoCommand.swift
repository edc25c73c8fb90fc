import ArgumentParser
import DICOM
import DICOMRepair
import Foundation

/// `dicomfix undo`: restore the files an audit log entry changed.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Restore the files an audit log entry changed.",
        discussion: """
            First checks that every file is still exactly as the entry left it (its SHA-256 \
            equals the one logged) and refuses, naming the files, if any changed since. Then \
            reverts each change from the previous values in the log, checks the result against \
            the SHA-256 the file had before (falling back to the backup or the untouched input \
            when the bytes differ) and logs the undo as an entry of its own.

            Examples:
              dicomfix undo --audit-log audit.jsonl                  (the latest entry not undone)
              dicomfix undo --audit-log audit.jsonl --entry 20261122T101500Z-1a2b3c4d
            """)

    @Option(help: "The audit log the entry is in.")
    var auditLog: String

    @Option(help: "The entry to undo (default: the latest entry that is not an undo and was not undone).")
    var entry: String?

    @Option(help: "Why (recorded in the audit log; default: undo of ENTRY).")
    var reason: String?

    @Option(name: .customLong("operator"), help: "Who (default: the login name).")
    var operatorName: String?

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        let log = AuditLog(path: auditLog)
        let records: [AuditRecord]
        do {
            records = try log.records()
        } catch {
            printError("dicomfix: \(error)")
            throw ExitStatus.fatal
        }
        let selected: (entry: String, records: [AuditRecord])
        do {
            selected = try Undo.select(entry: entry, in: records)
            try Undo.checkUnchanged(selected.records)
        } catch let refusal as Undo.Refusal {
            printError("dicomfix: \(refusal)")
            throw ExitStatus.problemsFound
        }
        let context = AuditContext(
            operator: operatorName, reason: reason ?? "undo of \(selected.entry)", version: Dicomfix.configuration.version,
            commandLine: CommandLine.arguments, action: "undo")
        let targets = Undo.latestPerFile(selected.records)
        let progress = ProgressBar(total: targets.count, label: "undo")
        let outcomes = parallelMap(targets, progress: progress.update) { Undo.undo($0, log: log, context: context) }
        progress.finish()
        let reports = outcomes.map { outcome -> FileReport in
            switch outcome.status {
            case .restored:
                return FileReport(path: outcome.path, status: .ok, actions: ["restored (\(outcome.method))"])
            case .restoredValuesOnly:
                return FileReport(path: outcome.path, status: .warning, actions: ["values restored; the bytes differ from the original's (no copy of it left)"])
            case .failed(let message):
                return FileReport(path: outcome.path, status: .failed, error: message)
            }
        }
        printError("dicomfix: undid entry \(selected.entry) as entry \(context.entry)")
        try reporting.emit(Report(command: "undo", files: reports))
    }
}
