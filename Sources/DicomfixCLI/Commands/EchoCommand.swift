import ArgumentParser
import DICOMNetwork
import Foundation

/// `dicomfix echo`: C-ECHO, to check that a peer answers at the DICOM level.
struct EchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo",
        abstract: "Check a DICOM peer with C-ECHO (Verification).",
        discussion: """
            Opens an association proposing the Verification SOP Class, sends C-ECHO-RQ and \
            releases. Exit status 0 when the peer answered with status 0000, 1 when it could \
            not be reached or refused (the reason is printed: connection, TLS, A-ASSOCIATE-RJ \
            result, source and reason, A-ABORT, timeout, or the status).

            Examples:
              dicomfix echo --host pacs.example.org --port 104 --called-ae PACS
              dicomfix echo --host pacs.example.org --port 2762 --called-ae PACS --tls --ca hospital-ca.pem
            """)

    @OptionGroup var network: NetworkOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let peer = network.peer
        let result = Result { try Verification.echo(peer) }
        let report = EchoReport(peer: peer.peerName, result: result)
        print(format == .json ? report.json() : report.text())
        if !report.ok { throw ExitStatus.problemsFound }
    }
}

/// What `echo` prints.
struct EchoReport: Encodable {
    var command = "echo"
    var version: String = Dicomfix.configuration.version
    var peer: String
    var ok: Bool
    var status: String?
    var meaning: String?
    var error: String?
    var errorCode: String?
    var peerImplementationClassUID: String?
    var peerImplementationVersionName: String?
    var peerMaxPDU: UInt32?
    var seconds: Double?

    init(peer: String, result: Result<Verification.Outcome, any Error>) {
        self.peer = peer
        switch result {
        case .success(let outcome):
            ok = outcome.status.kind == .success
            status = outcome.status.hexCode
            meaning = outcome.status.meaning
            peerImplementationClassUID = outcome.peerImplementationClassUID
            peerImplementationVersionName = outcome.peerImplementationVersionName
            peerMaxPDU = outcome.peerMaximumPDULength
            seconds = (outcome.elapsed * 1000).rounded() / 1000
        case .failure(let error):
            ok = false
            self.error = "\(error)"
            errorCode = (error as? NetworkError)?.code.rawValue
        }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    func text() -> String {
        if let error { return "echo \(peer): failed: \(error)" }
        var line = "echo \(peer): status \(status ?? "-") (\(meaning ?? "-"))"
        if let seconds { line += " in \(seconds) s" }
        if let peerImplementationClassUID {
            line += "; peer implementation \(peerImplementationClassUID)" + (peerImplementationVersionName.map { " \($0)" } ?? "")
        }
        return line
    }
}
