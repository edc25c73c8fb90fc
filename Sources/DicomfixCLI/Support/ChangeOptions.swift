import ArgumentParser
import DICOM
import DICOMMedia
import DICOMRepair
import Foundation

extension CharacterSetPolicy: ExpressibleByArgument {}

/// Options that every command changing files shares (correct, edit, split, merge): the inputs,
/// where the results go, the audit log, and the safety switches.
struct ChangeOptions: ParsableArguments {
    @OptionGroup var target: ChangeTargetOptions

    @Option(help: "Why the files are changed (recorded in the audit log).")
    var reason: String

    @Option(name: .customLong("operator"), help: "Who changes them (default: the login name).")
    var operatorName: String?

    @Option(help: "The audit log (JSON Lines, appended to; created when missing).")
    var auditLog: String

    @Flag(help: "Print the changes each file would get and write nothing.")
    var dryRun: Bool = false

    @Flag(help: "Change files even when a study would be left with two patients.")
    var force: Bool = false

    @Flag(help: "Do not add an Original Attributes Sequence item with the old values to changed files.")
    var noOriginalAttributes: Bool = false

    @Option(help: "When a new text value cannot be written in the file's character set: utf8 (re-encode the data set as ISO_IR 192) or refuse.")
    var onUnrepresentable: CharacterSetPolicy = .convertToUTF8

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        try target.check()
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why the files are changed") }
    }

}

/// The files a change command reads and where its results go: an output folder, or the inputs
/// themselves with backups (correct, edit, split, merge, repair).
struct ChangeTargetOptions: ParsableArguments {
    @Argument(help: "Files or folders (searched recursively).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Folder for the results (mirrors the input tree; files not changed are copied).")
    var output: String?

    @Flag(help: "Replace the input files (each kept in the backup folder first, unless --no-backup).")
    var inPlace: Bool = false

    @Option(help: "Backup folder for --in-place (default: dicomfix-backups next to the audit log).")
    var backupDir: String?

    @Flag(help: "With --in-place, keep no backup copies.")
    var noBackup: Bool = false

    func check() throws {
        if (output == nil) == !inPlace { throw ValidationError("give exactly one of --output DIR and --in-place") }
        if noBackup && !inPlace { throw ValidationError("--no-backup only applies to --in-place") }
    }
}

/// Which of the given files correct and edit change.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("study"), help: "Change only files of this Study Instance UID (repeatable).")
    var studies: [String] = []

    @Option(name: .customLong("series"), help: "Change only files of this Series Instance UID (repeatable).")
    var series: [String] = []

    @Option(name: .customLong("accession"), help: "Change only files with this Accession Number (repeatable).")
    var accessions: [String] = []

    @Option(name: .customLong("where"), help: "Change only files where Keyword=value (tags and sequence paths as in dump; repeatable, all must hold).")
    var conditions: [String] = []

    /// The selection the options describe.
    func selection() throws -> FileSelection {
        var selection = FileSelection()
        selection.studyInstanceUIDs = studies
        selection.seriesInstanceUIDs = series
        selection.accessionNumbers = accessions
        for condition in conditions {
            do {
                try selection.addCondition(condition)
            } catch {
                throw ValidationError("--where \(condition): \(error)")
            }
        }
        return selection
    }
}
