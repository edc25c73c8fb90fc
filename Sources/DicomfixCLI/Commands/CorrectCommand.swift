import ArgumentParser
import DICOM
import DICOMRepair

/// `dicomfix correct`: fix patient and study demographics in every instance, with a dry-run
/// diff, an audit log and undo.
struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct patient and study demographics across files, on the record.",
        discussion: """
            Every new value is checked against its VR and value syntax before anything is \
            written; if any file cannot take it, nothing is written. Text is encoded in each \
            file's Specific Character Set; when a value does not fit there the data set is \
            re-encoded as ISO_IR 192 (UTF-8), or the command refuses (--on-unrepresentable refuse). \
            A correction that would leave a study with two patients is refused (files named) \
            unless --force. Each changed file gets an Original Attributes Sequence item with the \
            old values (PS3.3 C.12.1.1.9) and one audit log record; undo with dicomfix undo.

            --from-csv FILE applies one row per study or patient: the header names attributes, \
            the first column selects files by their current value, the others are set (an empty \
            cell leaves the attribute alone; repeat the first column's attribute to change it).

            Examples:
              dicomfix correct study/ --series 1.2.3.4 --patient-name "ROE^RICHARD" \\
                  --patient-id DCMFIX-0002 --output fixed/ --reason "ticket 4711" --audit-log audit.jsonl --dry-run
              dicomfix correct CD/ --from-csv fixes.csv --in-place --reason "merge of MRN" --audit-log audit.jsonl
            """)

    @Option(help: "New Patient's Name (PN: Family^Given^Middle^Prefix^Suffix).")
    var patientName: String?

    @Option(help: "New Patient ID.")
    var patientID: String?

    @Option(help: "New Issuer of Patient ID.")
    var issuerOfPatientID: String?

    @Option(help: "New Patient's Birth Date (YYYYMMDD).")
    var birthDate: String?

    @Option(help: "New Patient's Sex (M, F or O).")
    var sex: String?

    @Option(help: "New Accession Number.")
    var accessionNumber: String?

    @Option(name: .customLong("other-patient-ids"), help: "Other Patient IDs: replaces Other Patient IDs Sequence with one item per ID (repeatable).")
    var otherPatientIDs: [String] = []

    @Option(name: .customLong("set"), help: "Keyword=value, (gggg,eeee)[:VR]=value or Sequence[0].Keyword=value (repeatable).")
    var assignments: [String] = []

    @Flag(help: "With --birth-date, leave Patient's Age as it is (by default it is recomputed for the Study Date).")
    var keepPatientAge: Bool = false

    @Option(help: "CSV of corrections, one row per study or patient (see above).")
    var fromCSV: String?

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var change: ChangeOptions

    func validate() throws {
        let changesGiven = !edits().isEmpty || !otherPatientIDs.isEmpty
        if !changesGiven && fromCSV == nil {
            throw ValidationError("nothing to change: give --patient-name, --patient-id, ..., --set or --from-csv")
        }
        if fromCSV != nil && changesGiven {
            throw ValidationError("--from-csv cannot be combined with other changes")
        }
    }

    private func edits() -> [String] {
        var list: [String] = []
        if let patientName { list.append("PatientName=\(patientName)") }
        if let patientID { list.append("PatientID=\(patientID)") }
        if let issuerOfPatientID { list.append("IssuerOfPatientID=\(issuerOfPatientID)") }
        if let birthDate { list.append("PatientBirthDate=\(birthDate)") }
        if let sex { list.append("PatientSex=\(sex)") }
        if let accessionNumber { list.append("AccessionNumber=\(accessionNumber)") }
        return list + assignments
    }

    func run() throws {
        let rules: [EditRule]
        if let fromCSV {
            do {
                rules = try CSVRules.parse(String(contentsOfFile: fromCSV, encoding: .utf8), characterSetPolicy: change.onUnrepresentable).map {
                    var rule = $0
                    rule.editor.derivesPatientAge = !keepPatientAge
                    return rule
                }
            } catch {
                throw ValidationError("--from-csv \(fromCSV): \(error)")
            }
        } else {
            var parsed: [AttributeEdit] = []
            do {
                parsed = try edits().map { try AttributeEdit(parsingSet: $0) }
                if !otherPatientIDs.isEmpty {
                    parsed.append(try AttributeEdit(parsingDelete: "OtherPatientIDsSequence"))
                    parsed += try otherPatientIDs.map { try AttributeEdit(parsingSet: "OtherPatientIDsSequence[+].PatientID=\($0)") }
                }
            } catch {
                throw ValidationError("\(error)")
            }
            rules = [
                EditRule(
                    selection: try selection.selection(),
                    editor: Editor(edits: parsed, characterSetPolicy: change.onUnrepresentable, derivesPatientAge: !keepPatientAge))
            ]
        }
        try ChangeRunner(command: "correct", options: change).run { _ in EditRules(rules) }
    }
}
