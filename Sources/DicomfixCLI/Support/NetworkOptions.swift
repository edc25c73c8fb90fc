import ArgumentParser
import DICOMNetwork
import Foundation

/// The peer, this side's identity, timeouts and TLS: options `echo` and `send` share.
struct NetworkOptions: ParsableArguments {
    @Option(help: "Host name or IP address of the peer.")
    var host: String

    @Option(help: "TCP port of the peer.")
    var port: Int

    @Option(name: .customLong("called-ae"), help: "AE title of the peer (Called AE Title).")
    var calledAE: String

    @Option(name: .customLong("calling-ae"), help: "AE title of dicomfix (Calling AE Title).")
    var callingAE: String = "DICOMFIX"

    @Option(help: "Seconds to wait for the TCP connection.")
    var connectTimeout: Double = 10

    @Option(help: "Seconds to wait for the answer to an association or release request (and the TLS handshake before it).")
    var associationTimeout: Double = 30

    @Option(help: "Seconds to wait for a DIMSE response, or for the peer to take data.")
    var dimseTimeout: Double = 60

    @Option(name: .customLong("max-pdu"), help: "Largest PDU dicomfix accepts, in bytes (4096 to 4194304).")
    var maxPDU: UInt32 = 65536

    @Option(help: "User name for user identity negotiation.")
    var username: String?

    @Option(help: "Password for user identity negotiation (with --username).")
    var password: String?

    @Flag(help: "Use TLS (PS3.15 Annex B secure transport).")
    var tls: Bool = false

    @Option(help: "PEM file of the CA certificates to trust (default: the system's).")
    var ca: String?

    @Option(help: "PEM certificate presented to the peer, for peers that require one.")
    var cert: String?

    @Option(help: "PEM private key of --cert.")
    var key: String?

    @Flag(help: "Do not verify the peer's certificate and host name (testing only).")
    var noVerifyPeer: Bool = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535, not \(port)") }
        for (name, title) in [("--called-ae", calledAE), ("--calling-ae", callingAE)] {
            let trimmed = title.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.utf8.count <= 16, title.allSatisfy({ $0.isASCII && $0 != "\\" && !$0.isNewline }) else {
                throw ValidationError("\(name) must be 1 to 16 ASCII characters without backslash, not '\(title)'")
            }
        }
        for (name, value) in [("--connect-timeout", connectTimeout), ("--association-timeout", associationTimeout), ("--dimse-timeout", dimseTimeout)] {
            guard value > 0, value <= 86400 else { throw ValidationError("\(name) must be more than 0 and at most 86400 seconds") }
        }
        guard (4096...4_194_304).contains(maxPDU) else { throw ValidationError("--max-pdu must be 4096 to 4194304") }
        if password != nil && username == nil { throw ValidationError("--password needs --username") }
        if !tls && (ca != nil || cert != nil || key != nil || noVerifyPeer) {
            throw ValidationError("--ca, --cert, --key and --no-verify-peer need --tls")
        }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
    }

    var peer: PeerConfiguration {
        PeerConfiguration(
            host: host, port: port, calledAETitle: calledAE, callingAETitle: callingAE,
            timeouts: Timeouts(connect: connectTimeout, association: associationTimeout, dimse: dimseTimeout),
            maximumPDULength: maxPDU, userIdentity: username.map { UserIdentity.username($0, password: password) },
            tls: tls ? TLSOptions(caFile: ca, certificateFile: cert, keyFile: key, verifyPeer: !noVerifyPeer) : nil)
    }
}
