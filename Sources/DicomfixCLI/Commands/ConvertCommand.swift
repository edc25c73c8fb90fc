import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix convert`: rewrite files through the codec, keeping or changing the transfer syntax.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite DICOM files, keeping or changing their transfer syntax.",
        discussion: """
            With --transfer-syntax keep (the default) an undamaged file comes out byte-identical; \
            the other choices transcode between the uncompressed transfer syntaxes. Compressed \
            pixel data is never decoded: such files can only be kept in their own syntax.

            Examples:
              dicomfix convert scan.dcm --output out.dcm --transfer-syntax explicit-le
              dicomfix convert CD/ --output normalised/ --transfer-syntax deflated
            """)

    enum SyntaxChoice: String, ExpressibleByArgument, CaseIterable {
        case keep, implicitLE = "implicit-le", explicitLE = "explicit-le", explicitBE = "explicit-be", deflated

        var syntax: TransferSyntax? {
            switch self {
            case .keep: nil
            case .implicitLE: .implicitVRLittleEndian
            case .explicitLE: .explicitVRLittleEndian
            case .explicitBE: .explicitVRBigEndian
            case .deflated: .deflatedExplicitVRLittleEndian
            }
        }
    }

    @Argument(help: "Files or folders (searched recursively).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output file (for one input file) or folder (mirrors the input tree).")
    var output: String

    @Option(help: "Transfer syntax to write: keep, implicit-le, explicit-le, explicit-be or deflated.")
    var transferSyntax: SyntaxChoice = .keep

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        let collected = try collectInputs(inputs)
        let plan = OutputPlan(inputs: inputs, files: collected.files, output: output)
        let syntax = transferSyntax.syntax
        let progress = ProgressBar(total: collected.files.count, label: "convert")
        var reports = parallelMap(collected.files, progress: progress.update) { input -> FileReport in
            let destination = plan.destination(for: input)
            do {
                try plan.prepare(destination)
                let outcome = try Conversion.convert(input: input.path, output: destination, transferSyntax: syntax)
                return FileReport(input: input.path, output: destination, diagnostics: outcome.diagnostics, actions: outcome.actions)
            } catch let error as DICOMError where error.code == .notDICOM && plan.isInFolder(input) {
                return FileReport(path: input.path, status: .skipped, error: "not a DICOM file")
            } catch {
                return FileReport(path: input.path, status: .failed, error: "\(error)")
            }
        }
        progress.finish()
        reports += collected.problemReports
        try reporting.emit(Report(command: "convert", files: reports), inputs: collected)
    }
}

extension FileReport {
    /// The report of a file processed without a thrown error: failed if the reader found errors,
    /// warning if only warnings.
    init(input: String, output: String?, diagnostics: [Diagnostic], actions: [String]) {
        let worst = diagnostics.map(\.severity).max()
        self.init(
            path: input, status: worst == .error ? .failed : worst == .warning ? .warning : .ok, output: output,
            diagnostics: diagnostics.map(DiagnosticReport.init), actions: actions)
    }
}
