import ArgumentParser
import DICOM
import DICOMDeidentify
import DICOMRepair
import DICOMValidation

/// `dicomfix split`: move series or instances into a new study, references intact.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Move series or instances into a new study, references intact, on the record.",
        discussion: """
            Give every file of the study: the named series (or instances) move into a new study \
            and every reference that follows them is rewritten, in the moved files and in the \
            ones that stay (Referenced Study/Series/Instance sequences, SR and Key Object \
            Selection evidence, presentation states, RT references). Instances that leave a \
            series that keeps others form a new series in the new study.

            The new Study Instance UID is derived from the old one and the UIDs that move, so \
            running the same split again gives the same UID, and a rerun after an interruption \
            finishes the split (files already in the new study count as moved). With --key-file \
            (a key as for anonymize, made with anonymize --new-key) the derivation is keyed \
            (HMAC-SHA-256), so only the key's holder gets the same UID; --random-study-uid \
            gives a fresh random one (a rerun then cannot continue), --study-uid chooses it. With --patient-name, --patient-id ... the moved \
            files go to their true patient (the wrong-patient case). The audit log, dry run, \
            Original Attributes and undo work as for correct.

            Examples:
              dicomfix split study/ --series 1.2.3.4.5 --patient-name "POE^EDGAR" --patient-id DCMFIX-0003 \\
                  --output fixed/ --reason "wrong patient" --audit-log audit.jsonl --dry-run
            """)

    @Option(name: .customLong("series"), help: "Series Instance UID whose instances all move (repeatable).")
    var series: [String] = []

    @Option(name: .customLong("instances"), help: "SOP Instance UID that moves (repeatable).")
    var instances: [String] = []

    @Option(help: "The new Study Instance UID (default: derived from the old one and what moves).")
    var studyUID: String?

    @Flag(help: "Give the new study a random 2.25 UID instead of a derived one.")
    var randomStudyUID: Bool = false

    @Option(help: "Key file (as made by anonymize --new-key) that keys the derived new study and series UIDs.")
    var keyFile: String?

    @Option(help: "Study ID of the new study.")
    var studyID: String?

    @Option(help: "Accession Number of the new study.")
    var accessionNumber: String?

    @Option(help: "Patient's Name of the moved files (PN).")
    var patientName: String?

    @Option(help: "Patient ID of the moved files.")
    var patientID: String?

    @Option(help: "Issuer of Patient ID of the moved files.")
    var issuerOfPatientID: String?

    @Option(help: "Patient's Birth Date of the moved files (YYYYMMDD).")
    var birthDate: String?

    @Option(help: "Patient's Sex of the moved files (M, F or O).")
    var sex: String?

    @OptionGroup var change: ChangeOptions

    func validate() throws {
        if series.isEmpty && instances.isEmpty { throw ValidationError("nothing to split: give --series or --instances") }
        if [studyUID != nil, randomStudyUID, keyFile != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --study-uid, --random-study-uid and --key-file")
        }
    }

    func run() throws {
        var assignments: [String] = []
        if let studyID { assignments.append("StudyID=\(studyID)") }
        if let accessionNumber { assignments.append("AccessionNumber=\(accessionNumber)") }
        if let patientName { assignments.append("PatientName=\(patientName)") }
        if let patientID { assignments.append("PatientID=\(patientID)") }
        if let issuerOfPatientID { assignments.append("IssuerOfPatientID=\(issuerOfPatientID)") }
        if let birthDate { assignments.append("PatientBirthDate=\(birthDate)") }
        if let sex { assignments.append("PatientSex=\(sex)") }
        let edits: [AttributeEdit]
        do {
            edits = try assignments.map { try AttributeEdit(parsingSet: $0) }
        } catch {
            throw ValidationError("\(error)")
        }
        if let studyUID, let problem = ValueCheck.problem(studyUID, vr: .UI) {
            throw ValidationError("--study-uid \(studyUID): \(problem)")
        }
        let newStudy = randomStudyUID ? DerivedUID.random() : studyUID
        let key = try keyFile.map { path in
            do {
                return try DeidentificationKey(contentsOf: path)
            } catch {
                printError("dicomfix: nothing was written: \(error)")
                throw ExitStatus.fatal
            }
        }
        let runner = ChangeRunner(command: "split", options: change)
        try runner.run { files in
            try StudySplit(
                index: runner.index(files), series: Set(series), instances: Set(instances), newStudyInstanceUID: newStudy, key: key,
                edits: edits, characterSetPolicy: change.onUnrepresentable)
        }
    }
}
