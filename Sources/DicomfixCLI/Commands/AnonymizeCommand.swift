import ArgumentParser
import DICOMDeidentify

/// `dicomfix anonymize`: de-identify files by the PS3.15 Annex E profile (being built).
struct AnonymizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "De-identify DICOM files by the PS3.15 Annex E profile.")

    @Argument(help: "Files or folders (searched recursively).")
    var inputs: [String]

    func run() throws {
        printError("anonymize is not available yet")
        throw ExitStatus.fatal
    }
}
