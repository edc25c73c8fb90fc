import ArgumentParser
import DICOMMedia
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// Options every batch command shares: report format, and the exit status that follows.
struct ReportingOptions: ParsableArguments {
    @Option(help: "Report format: text or json.")
    var format: OutputFormat = .text

    /// Prints the report on stdout and ends with the documented exit status; archive members
    /// among `inputs` are named `archive!/member`.
    func emit(_ report: Report, failOnWarnings: Bool = false, inputs: InputCollector.Result? = nil) throws {
        let report = inputs.map { report.displayingPaths(of: $0) } ?? report
        print(format == .json ? report.json() : report.text())
        if report.files.isEmpty {
            FileHandle.standardError.write(Data("dicomfix: no input files found\n".utf8))
            throw ExitStatus.fatal
        }
        if report.hasFailures || (failOnWarnings && report.summary.warnings > 0) { throw ExitStatus.problemsFound }
    }
}
