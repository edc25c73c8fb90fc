import ArgumentParser
import DICOM
import DICOMRepair

/// `dicomfix edit`: set, insert and delete any attributes, with VR checks, the audit log and undo.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Set, insert or delete attributes, with VR checks, an audit log and undo.",
        discussion: """
            The engine of correct for any attribute. Paths are those of dump --tag: a keyword, a \
            tag ((0009,1010) or 0009,1010, with :VR for private or unknown tags), or a sequence \
            path: Sequence[0].Keyword for one item, Sequence[*].Keyword for every item, \
            Sequence[+].Keyword for a new item. Values are checked against the VR before anything \
            is written; a value with several parts separates them with a backslash.

            Examples:
              dicomfix edit scan.dcm --output out.dcm --set StudyDescription="CT HEAD" --reason typo --audit-log audit.jsonl
              dicomfix edit study/ --in-place --delete "(0009,1010)" --set "ReferencedStudySequence[*].ReferencedSOPInstanceUID=1.2.3" \\
                  --reason "PACS reject" --audit-log audit.jsonl
            """)

    @Option(name: .customLong("set"), help: "Path[:VR]=value: set (or create) an attribute (repeatable, applied in order).")
    var assignments: [String] = []

    @Option(name: .customLong("delete"), help: "Path: delete an attribute (repeatable).")
    var deletions: [String] = []

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var change: ChangeOptions

    func validate() throws {
        if assignments.isEmpty && deletions.isEmpty { throw ValidationError("nothing to change: give --set or --delete") }
    }

    func run() throws {
        let edits: [AttributeEdit]
        do {
            edits = try deletions.map { try AttributeEdit(parsingDelete: $0) } + assignments.map { try AttributeEdit(parsingSet: $0) }
        } catch {
            throw ValidationError("\(error)")
        }
        let rule = EditRule(selection: try selection.selection(), editor: Editor(edits: edits, characterSetPolicy: change.onUnrepresentable))
        try ChangeRunner(command: "edit", options: change).run { _ in EditRules([rule]) }
    }
}
