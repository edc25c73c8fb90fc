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
            self.init(.tls, "TLS failed", cause: text)
        } else {
            self.init(.connectionClosed, "the connection failed", cause: text)
        }
    }
}
