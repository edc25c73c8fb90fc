import ArgumentParser

public struct Dicomfix: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dicomfix",
        abstract: "Inspect, validate, de-identify and repair DICOM files offline.",
        version: "0.1.0",
        subcommands: [ConvertCommand.self])

    public init() {}
}
