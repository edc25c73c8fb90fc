import ArgumentParser
import DICOM
import DICOMRepair

/// `dicomfix merge`: the instances of other studies join a target study, references intact.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge studies into one, references intact, on the record.",
        discussion: """
            Every file given that is not of the target study takes the target's Study Instance \
            UID and its study-level attributes (Study Date, Study Time, Accession Number, Study \
            Description, Referring Physician's Name, Study ID). Series keep their UIDs unless \
            one collides with a series of the target, which then gets a new derived UID. Every \
            reference to the merged studies and renamed series is rewritten, in all the files.

            Patient-level attributes must already agree; otherwise the merge is refused with the \
            conflicting files named, unless --patient-from names the study whose patient every \
            file takes (only differing values change; none the study lacks is added). A changed \
            birth date recomputes Patient's Age. The audit log, dry run, Original Attributes and undo work as for correct.

            Examples:
              dicomfix merge CT/ PET/ --into 1.2.3.4 --output merged/ --reason "one exam, two UIDs" --audit-log audit.jsonl
            """)

    @Option(help: "The Study Instance UID the other studies merge into.")
    var into: String

    @Option(help: "The Study Instance UID whose patient-level attributes every file takes.")
    var patientFrom: String?

    @OptionGroup var change: ChangeOptions

    func run() throws {
        let runner = ChangeRunner(
            command: "merge", options: change,
            conflictHint: "the studies belong to different patients: name the right one with --patient-from, or --force")
        try runner.run { files in
            try StudyMerge(index: runner.index(files), into: into, patientFrom: patientFrom, characterSetPolicy: change.onUnrepresentable)
        }
    }
}
