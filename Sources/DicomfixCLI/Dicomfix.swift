import ArgumentParser

public struct Dicomfix: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dicomfix",
        abstract: "Inspect, validate, de-identify and repair DICOM files offline.",
        discussion: """
            Every command takes files and folders (searched recursively), DICOMDIRs (the files \
            they list) and zip, tar and ISO archives (read like folders, members named \
            cd.iso!/DICOM/...), and never modifies an input unless asked to work in place; \
            outputs are written atomically.

            Exit status (every command):
              0   everything succeeded and nothing was found wrong
              1   the command ran, but some inputs failed or problems were found
              2   the command could not run at all (no input found, output not writable)
              64  wrong options or arguments

            Examples:
              dicomfix dump --tag PatientName --tag StudyInstanceUID CD/
              dicomfix validate study/
              dicomfix convert CD/ --output normalised/ --transfer-syntax explicit-le
              dicomfix help convert
            """,
        version: "0.1.0",
        subcommands: [
            DumpCommand.self, ValidateCommand.self, AnonymizeCommand.self, CorrectCommand.self, EditCommand.self, UndoCommand.self,
            SplitCommand.self, MergeCommand.self, AuditCommand.self, ConvertCommand.self, RepairCommand.self, DicomdirCommand.self, PackageCommand.self, InspectCommand.self, EchoCommand.self, SendCommand.self,
        ])

    public init() {}
}
