import ArgumentParser
import DICOM
import DICOMMedia
import DICOMNetwork
import Foundation

/// `dicomfix send`: C-STORE the files given to a peer.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send DICOM files to a peer with C-STORE.",
        discussion: """
            Proposes one presentation context per SOP class and transfer syntax (the file's own, \
            explicit and implicit VR little endian), over as many associations as needed (at \
            most 128 contexts each). Data sets are streamed from disk in P-DATA fragments within \
            the peer's maximum PDU length; when the peer accepts only another uncompressed \
            transfer syntax, the data set is transcoded on the way. Compressed pixel data is \
            never decoded: such an instance fails if the peer does not accept its syntax.

            Every file gets its result: the C-STORE status and its meaning (0000 success, \
            B000/B006/B007 warnings, A7xx/A9xx/Cxxx failures), or why it was not sent. \
            Exit status 0 when every instance was stored (warnings included), 1 when any was \
            not, 2 when no input was found.

            Examples:
              dicomfix send --host pacs.example.org --port 104 --called-ae PACS fixed/
              dicomfix send --host pacs --port 2762 --called-ae PACS --tls --ca ca.pem --parallel 4 --retries 3 study/
            """)

    @Argument(help: "Files or folders (searched recursively).")
    var paths: [String]

    @OptionGroup var network: NetworkOptions

    @Option(help: "Send again, up to this many times, instances that failed for a passing reason (connection lost, abort, peer busy).")
    var retries: Int = 0

    @Option(help: "Seconds before the first retry; each next one waits twice as long.")
    var retryDelay: Double = 1

    @Option(help: "Associations open at the same time.")
    var parallel: Int = 1

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        guard (0...100).contains(retries) else { throw ValidationError("--retries must be 0 to 100") }
        guard retryDelay >= 0, retryDelay <= 3600 else { throw ValidationError("--retry-delay must be 0 to 3600 seconds") }
        guard (1...64).contains(parallel) else { throw ValidationError("--parallel must be 1 to 64") }
    }

    func run() throws {
        let collected = try collectInputs(paths)
        let peer = network.peer
        let progress = ProgressBar(total: collected.files.count, label: "send")
        let outcomes = StoreSCU.send(
            paths: collected.files.map(\.path), to: peer,
            options: StoreSCU.Options(retries: retries, retryDelay: retryDelay, parallel: parallel), progress: progress.update)
        progress.finish()
        let named = Set(paths)
        var reports = outcomes.map { FileReport(outcome: $0, peer: peer.peerName, namedDirectly: named.contains($0.path)) }
        reports += collected.problemReports
        try reporting.emit(Report(command: "send", files: reports), inputs: collected)
    }
}

extension FileReport {
    /// The report of one file sent (or not): status code and meaning as a diagnostic, the
    /// syntax it went in as an action.
    init(outcome: StoreSCU.Outcome, peer: String, namedDirectly: Bool) {
        var diagnostics: [Diagnostic] = []
        var actions: [String] = []
        // A reason without a status (not sent, skipped): once, with its code.
        if outcome.status == nil, let code = outcome.code {
            diagnostics.append(Diagnostic(.error, code, outcome.reason ?? "not stored"))
        }
        if let status = outcome.status {
            let severity: Severity =
                switch status.kind {
                case .success: .info
                case .warning: .warning
                default: .error
                }
            diagnostics.append(Diagnostic(severity, "send.status.\(status.hexCode)", "C-STORE status \(status)" + (outcome.errorComment.map { ": \($0)" } ?? "")))
        }
        if let sent = outcome.sentTransferSyntax, outcome.isStored {
            let name = TransferSyntax(uid: sent).name
            if let from = outcome.transcodedFrom {
                actions.append("transcoded \(TransferSyntax(uid: from).name) -> \(name)")
            }
            actions.append("stored as \(name)" + (outcome.attempts > 1 ? " (attempt \(outcome.attempts))" : ""))
        }
        let status: FileReport.Status =
            switch outcome.state {
            case .stored: .ok
            case .storedWithWarning: .warning
            case .failed: .failed
            // A file named on the command line that cannot be sent is a failure, not a skip.
            case .skipped: namedDirectly && outcome.code == "send.input.not-dicom" ? .failed : .skipped
            }
        var error = outcome.reason
        if outcome.state == .failed, outcome.attempts > 1, let reason = outcome.reason {
            error = reason + " (after \(outcome.attempts) attempts)"
        }
        if outcome.state != .failed && outcome.state != .skipped { error = nil }
        self.init(
            path: outcome.path, status: status, output: outcome.isStored ? peer : nil,
            diagnostics: diagnostics.map(DiagnosticReport.init),
            actions: actions, error: error)
    }
}
