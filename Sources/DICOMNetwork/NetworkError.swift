/// An error of the network layer: what went wrong, in words a PACS analyst can act on, with the
/// peer and the underlying cause.
public struct NetworkError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Bytes that are not a well-formed PDU (PS3.8 9.3).
        case malformedPDU
        /// A PDU larger than this side accepts.
        case pduTooLarge
        /// A PDU or DIMSE message that the protocol state does not allow here.
        case unexpectedPDU
        /// The TCP (or TLS) connection could not be opened.
        case connectFailed
        /// The peer answered A-ASSOCIATE-RQ with A-ASSOCIATE-RJ.
        case associationRejected
        /// The peer (or this side) aborted the association (A-ABORT).
        case aborted
        /// The connection closed while an answer was awaited.
        case connectionClosed
        /// No answer within the configured time.
        case timeout
        /// A DIMSE command set that cannot be decoded or does not answer the request.
        case malformedCommand
        /// TLS set-up: certificates, keys, verification.
        case tls
        /// The instance cannot be sent as the peer accepted (no context, needs decoding).
        case notSendable
    }

    public var code: Code
    public var message: String
    /// The peer, `AE@host:port`, when known.
    public var peer: String?
    /// The underlying error, in words.
    public var cause: String?

    public init(_ code: Code, _ message: String, peer: String? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.peer = peer
        self.cause = cause
    }

    public var description: String {
        var text = peer.map { "\($0): " } ?? ""
        text += message
        if let cause { text += " (\(cause))" }
        return text
    }
}

extension NetworkError {
    /// Wraps any error met on a connection: network errors as they are, TLS and socket errors
    /// with their description as the cause.
    init(wrapping error: any Error) {
        if let network = error as? NetworkError {
            self = network
            return
        }
        let text = String(describing: error)
        let typeName = String(describing: type(of: error))
        if typeName.contains("SSL") || typeName.contains("TLS") || text.contains("handshake") || text.contains("certificate") {
            self.init(.tls, Self.tlsMeaning(of: text), cause: text)
        } else {
            self.init(.connectionClosed, "the connection failed", cause: text)
        }
    }

    /// Alerts by which a TLS server says it refused the client's certificate, or its absence
    /// (RFC 8446 6.2, RFC 5246 7.2.2), as BoringSSL names them.
    private static let refusedCertificateAlerts = [
        "ALERT_CERTIFICATE_REQUIRED", "ALERT_HANDSHAKE_FAILURE", "ALERT_BAD_CERTIFICATE", "ALERT_UNKNOWN_CA",
        "ALERT_CERTIFICATE_UNKNOWN", "ALERT_ACCESS_DENIED", "ALERT_UNSUPPORTED_CERTIFICATE", "ALERT_CERTIFICATE_EXPIRED",
    ]

    /// What a swift-nio-ssl failure means for the person sending, from its description.
    static func tlsMeaning(of text: String) -> String {
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS handshake failed: the peer's certificate is not trusted (not signed by the CAs given to trust, or expired)"
        }
        if text.contains("failedToValidateHostname") || text.contains("HOSTNAME_MISMATCH") {
            return "TLS handshake failed: the peer's certificate does not name the host connected to"
        }
        if refusedCertificateAlerts.contains(where: { text.contains($0) }) {
            return "TLS handshake failed: the peer refused this side's certificate, or requires one signed by a CA it trusts"
        }
        return "TLS failed"
    }
}
