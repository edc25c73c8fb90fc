import NIOSSL

/// Where and how to reach a peer application entity, and how long to wait for it.
public struct PeerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The peer's AE title (Called AE Title).
    public var calledAETitle: String
    /// This side's AE title (Calling AE Title).
    public var callingAETitle: String
    public var timeouts: Timeouts
    /// Largest P-DATA-TF variable field this side accepts (PS3.8 D.1), offered in A-ASSOCIATE-RQ.
    public var maximumPDULength: UInt32
    public var userIdentity: UserIdentity?
    /// TLS (PS3.15 Annex B), or nil for plain TCP.
    public var tls: TLSOptions?

    public init(
        host: String, port: Int, calledAETitle: String, callingAETitle: String = "DICOMFIX", timeouts: Timeouts = Timeouts(),
        maximumPDULength: UInt32 = 65536, userIdentity: UserIdentity? = nil, tls: TLSOptions? = nil
    ) {
        self.host = host
        self.port = port
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.timeouts = timeouts
        self.maximumPDULength = maximumPDULength
        self.userIdentity = userIdentity
        self.tls = tls
    }

    /// `AE@host:port`, for messages.
    public var peerName: String { "\(calledAETitle)@\(host):\(port)" }
}

/// How long to wait, in seconds, for each step.
public struct Timeouts: Sendable {
    /// Opening the TCP connection.
    public var connect: Double
    /// The answer to A-ASSOCIATE-RQ (the TLS handshake before it included) and A-RELEASE-RQ.
    public var association: Double
    /// A DIMSE response, and each write of a message to the peer.
    public var dimse: Double

    public init(connect: Double = 10, association: Double = 30, dimse: Double = 60) {
        self.connect = connect
        self.association = association
        self.dimse = dimse
    }
}

/// TLS settings: trusted CAs, this side's certificate, and whether to verify the peer.
public struct TLSOptions: Sendable {
    /// PEM file of the CA certificates to trust; nil trusts the system's.
    public var caFile: String?
    /// PEM certificate (chain) presented to the peer, for peers that require one.
    public var certificateFile: String?
    /// PEM private key of `certificateFile`.
    public var keyFile: String?
    /// Verify the peer's certificate and that it names the host (on by default).
    public var verifyPeer: Bool

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, verifyPeer: Bool = true) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.verifyPeer = verifyPeer
    }

    /// The swift-nio-ssl context for these options.
    /// - Throws: `NetworkError.tls` when a file cannot be read or does not hold what it should.
    func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = verifyPeer ? .fullVerification : .none
        do {
            if let caFile { configuration.trustRoots = .file(caFile) }
            if let certificateFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            }
            if let keyFile { configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)) }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw NetworkError(.tls, "cannot set up TLS from the given certificate, key and CA files", cause: "\(error)")
        }
    }
}
