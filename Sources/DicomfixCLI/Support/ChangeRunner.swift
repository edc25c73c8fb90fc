import ArgumentParser
import DICOM
import DICOMMedia
import DICOMRepair
import Foundation

/// What a change command was asked to do: the inputs, where results go, the record kept.
protocol ChangeSettings {
    var target: ChangeTargetOptions { get }
    var reason: String { get }
    var operatorName: String? { get }
    /// The audit log; nil keeps none.
    var auditLogPath: String? { get }
    var dryRun: Bool { get }
    var force: Bool { get }
    var recordsOriginalAttributes: Bool { get }
    var reporting: ReportingOptions { get }
}

extension ChangeSettings {
    var inputs: [String] { target.inputs }
    var output: String? { target.output }
    var inPlace: Bool { target.inPlace }
    var backupDir: String? { target.backupDir }
    var noBackup: Bool { target.noBackup }
}

extension ChangeOptions: ChangeSettings {
    var auditLogPath: String? { auditLog }
    var recordsOriginalAttributes: Bool { !noOriginalAttributes }
}

/// Runs a `ChangeJob` for correct, edit, split, merge and repair: plans every file in parallel,
/// refuses when any file cannot be changed or a study would be left with two patients, then
/// prints the diff (dry run) or commits the files in parallel and reports them.
struct ChangeRunner {
    let command: String
    let options: any ChangeSettings
    /// What to do about a study left with two patients, said when the job is refused for it.
    var conflictHint = "select every file of the study, or --force"
    /// Each file stands alone (repair): one that cannot be changed is reported as failed and
    /// the others are written. Otherwise nothing is written when any file cannot be changed.
    var independentFiles = false
    /// Looks at the reports once the job is done (repair adds what validation still finds).
    var review: ((_ reports: inout [FileReport], _ dryRun: Bool) -> Void)?

    /// The place in the study hierarchy of each of `files` (headers read in parallel).
    func index(_ files: [JobFile]) -> StudyIndex {
        let progress = ProgressBar(total: files.count, label: "\(command) (indexing)")
        let entries = parallelMap(files, progress: progress.update) { StudyIndex.Entry(path: $0.input) }
        progress.finish()
        return StudyIndex(entries: entries.compactMap { $0 })
    }

    /// Runs the job with the transform `makeTransform` gives for the files found.
    func run(_ makeTransform: ([JobFile]) throws -> any FileTransform) throws {
        let collected = try collectInputs(options.inputs)
        guard !collected.files.isEmpty || !collected.missing.isEmpty else {
            printError("dicomfix: no input files found")
            throw ExitStatus.fatal
        }
        if options.inPlace, let member = collected.archiveMembers.first, let archive = member.archive {
            printError("dicomfix: nothing was written: \(archive) is an archive, whose members cannot be changed in place; use --output DIR")
            throw ExitStatus.fatal
        }
        let files = jobFiles(collected)
        let named = Set(options.inputs)
        let transform: any FileTransform
        do {
            transform = try makeTransform(files)
        } catch let error as EditError {
            printError("dicomfix: nothing was written: \(error)")
            throw ExitStatus.fatal
        }
        let job = ChangeJob(
            transform: transform, recordOriginalAttributes: options.recordsOriginalAttributes,
            note: ModificationNote(reason: "CORRECT", system: "dicomfix \(Dicomfix.configuration.version)"),
            inPlace: options.inPlace, backupFolder: backupFolder)

        let progress = ProgressBar(total: files.count, label: "\(command) (reading)")
        let plans = parallelMap(files, progress: progress.update) { job.plan($0) }
        progress.finish()

        var reports: [FileReport] = collected.problemReports
        let failed = plans.filter { if case .failed = $0.status { return true } else { return false } }
        if (!failed.isEmpty || !collected.missing.isEmpty) && !independentFiles {
            reports += plans.map { report(for: $0, named: named) }
            printError("dicomfix: nothing was written: \(failed.count + collected.missing.count) file(s) cannot be changed")
            try emit(reports, collected)
            return
        }
        let conflicts = ChangeJob.conflicts(plans)
        if !conflicts.isEmpty {
            for conflict in conflicts { printError("dicomfix: \(conflict)") }
            if !options.force {
                printError("dicomfix: nothing was written: the change would leave \(conflicts.count) study(ies) with two patients (\(conflictHint))")
                throw ExitStatus.problemsFound
            }
        }
        if options.dryRun {
            reports += plans.map { report(for: $0, named: named) }
            review?(&reports, true)
            try emit(reports, collected)
            printError("dicomfix: dry run: nothing was written")
            return
        }
        let context = AuditContext(
            operator: options.operatorName, reason: options.reason, version: Dicomfix.configuration.version,
            commandLine: CommandLine.arguments, action: command)
        let log = options.auditLogPath.map { AuditLog(path: $0) }
        reports += failed.map { report(for: $0, named: named) }
        let toCommit = plans.filter { plan in
            if case .failed = plan.status { return false }
            return plan.status != .notDICOM && plan.status != .directory
        }.map(\.file)
        job.removeLeftovers(near: toCommit)
        let commitProgress = ProgressBar(total: toCommit.count, label: command)
        let outcomes = parallelRunsMap(toCommit, runLength: 32, progress: commitProgress.update) { job.commit($0, log: log, context: context) }
        commitProgress.finish()
        reports += plans.filter { $0.status == .notDICOM || $0.status == .directory }.map { report(for: $0, named: named) }
        reports += outcomes.map(report(for:))
        let written = outcomes.filter { $0.status == .written }.count
        if written > 0, let log {
            printError("dicomfix: \(written) file(s) changed; audit log entry \(context.entry) (undo: dicomfix undo --audit-log \(log.path) --entry \(context.entry))")
        } else if written > 0 {
            printError("dicomfix: \(written) file(s) changed (no audit log kept)")
        }
        review?(&reports, false)
        try emit(reports, collected)
    }

    private var backupFolder: String? {
        guard options.inPlace && !options.noBackup else { return nil }
        if let dir = options.backupDir { return dir }
        let logFolder = ((options.auditLogPath ?? "") as NSString).deletingLastPathComponent
        return ((logFolder.isEmpty ? "." : logFolder) as NSString).appendingPathComponent("dicomfix-backups")
    }

    private func jobFiles(_ collected: InputCollector.Result) -> [JobFile] {
        guard let output = options.output else {
            return collected.files.map { JobFile(input: $0.path, output: $0.path, relativePath: $0.relativePath) }
        }
        let plan = OutputPlan(inputs: options.inputs, files: collected.files, output: output)
        return collected.files.map { JobFile(input: $0.path, output: plan.destination(for: $0), relativePath: $0.relativePath) }
    }

    private func report(for plan: FilePlan, named: Set<String>) -> FileReport {
        let output = options.dryRun ? nil : plan.file.output
        switch plan.status {
        case .change:
            return FileReport(path: plan.file.input, status: .ok, output: output, actions: plan.changes.map(\.diffLine))
        case .unchanged:
            return FileReport(path: plan.file.input, status: .ok, output: output, actions: ["already as asked: no change"])
        case .unselected:
            return FileReport(path: plan.file.input, status: .ok, output: output, actions: ["not selected: no change"])
        case .notDICOM:
            if named.contains(plan.file.input) { return FileReport(path: plan.file.input, status: .failed, error: "not a DICOM file") }
            return FileReport(path: plan.file.input, status: .skipped, error: "not a DICOM file")
        case .directory:
            let rebuild = options.output.map { "dicomfix dicomdir build \($0)" } ?? "dicomfix dicomdir build"
            return FileReport(
                path: plan.file.input, status: .skipped,
                error: "a DICOMDIR: not changed or copied (its records would keep the old values, an edit would break its offsets); build it again with `\(rebuild)`")
        case .failed(let message):
            return FileReport(path: plan.file.input, status: .failed, error: message)
        }
    }

    private func report(for outcome: FileOutcome) -> FileReport {
        let path = outcome.file.input
        switch outcome.status {
        case .written:
            return FileReport(path: path, status: .ok, output: outcome.file.output, actions: outcome.changes.map(\.diffLine))
        case .copied:
            return FileReport(path: path, status: .ok, output: outcome.file.output, actions: ["no change: copied"])
        case .unchanged:
            return FileReport(path: path, status: .ok, actions: ["no change"])
        case .failed(let message):
            return FileReport(path: path, status: .failed, output: outcome.file.output, error: message)
        }
    }

    private func emit(_ reports: [FileReport], _ collected: InputCollector.Result) throws {
        try options.reporting.emit(Report(command: command, files: reports), inputs: collected)
    }
}
