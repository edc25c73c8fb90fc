import DICOM
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// An association with a peer, as the requestor (SCU) (PS3.8 section 7, PS3.7 section 7).
///
/// The connection runs on SwiftNIO's event loop (TLS through swift-nio-ssl, PDUs framed by
/// `PDUFrameDecoder`); the calling thread drives the protocol and blocks, with the configured
/// timeouts, while it waits for answers. One association is used by one thread at a time.
public final class Association {
    public let configuration: PeerConfiguration
    /// What the peer answered to A-ASSOCIATE-RQ.
    public let accept: AssociateAccept
    /// The contexts proposed, by ID.
    public let proposed: [UInt8: ProposedContext]
    private let channel: any Channel
    private let inbox: Inbox
    private var nextMessageID: UInt16 = 1
    private var isOpen = true
    private var pendingWrite: EventLoopFuture<Void>?

    /// Largest data payload of one PDV that the peer accepts.
    let fragmentLimit: Int

    private init(configuration: PeerConfiguration, accept: AssociateAccept, proposed: [ProposedContext], channel: any Channel, inbox: Inbox) {
        self.configuration = configuration
        self.accept = accept
        self.proposed = Dictionary(proposed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.channel = channel
        self.inbox = inbox
        let peerMaximum = Int(accept.userInformation.maximumLength)
        // No limit (0) or a very large one: stay at 1 MiB fragments; never below 512 bytes.
        self.fragmentLimit = max(512, min(peerMaximum == 0 ? 1 << 20 : peerMaximum, 1 << 20) - 6)
    }

    /// Connects and negotiates an association proposing `contexts` (at most 128).
    /// - Throws: `NetworkError` with code `connectFailed`, `tls`, `associationRejected` (the
    ///   A-ASSOCIATE-RJ decoded in the message), `aborted`, `timeout` or `malformedPDU`.
    public static func open(_ configuration: PeerConfiguration, contexts: [ProposedContext]) throws -> Association {
        guard !contexts.isEmpty, contexts.count <= 128 else {
            throw NetworkError(.notSendable, "an association carries 1 to 128 presentation contexts, not \(contexts.count)")
        }
        let peer = configuration.peerName
        let inbox = Inbox()
        let sslContext = try configuration.tls?.makeContext()
        let isIPAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
        let serverHostname = isIPAddress ? nil : configuration.host
        let decoderLimit = Int(max(configuration.maximumPDULength, 1 << 16)) + 16
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(configuration.timeouts.connect * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(PDUFrameDecoder(maximumLength: decoderLimit)))
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox))
                }
            }
        let channel: any Channel
        do {
            channel = try wait(
                bootstrap.connect(host: configuration.host, port: configuration.port), timeout: configuration.timeouts.connect + 1,
                what: "the TCP connection")
        } catch let error where isConnectTimeout(error) {
            // SwiftNIO's own connect timeout (ChannelError.connectTimeout), or the wait's.
            throw NetworkError(
                .timeout, "cannot connect within \(formatSeconds(configuration.timeouts.connect)) s (no answer to the TCP connection request)",
                peer: peer)
        } catch {
            throw NetworkError(.connectFailed, "cannot connect", peer: peer, cause: "\(error)")
        }

        let request = AssociateRequest(
            calledAETitle: configuration.calledAETitle, callingAETitle: configuration.callingAETitle, contexts: contexts,
            userInformation: UserInformation(
                maximumLength: configuration.maximumPDULength, implementationClassUID: Implementation.classUID,
                implementationVersionName: Implementation.versionName, userIdentity: configuration.userIdentity))
        do {
            try wait(channel.writeAndFlush(PDU.associateRequest(request).encoded), timeout: configuration.timeouts.association, what: "sending A-ASSOCIATE-RQ")
            let answer = try inbox.next(timeout: configuration.timeouts.association, awaiting: "answer to A-ASSOCIATE-RQ")
            switch answer {
            case .associateAccept(let accept):
                return Association(configuration: configuration, accept: accept, proposed: contexts, channel: channel, inbox: inbox)
            case .associateReject(let reject):
                throw NetworkError(.associationRejected, "association \(reject)", peer: peer)
            case .abort(let abort):
                throw NetworkError(.aborted, "association \(abort)", peer: peer)
            default:
                throw NetworkError(.unexpectedPDU, "the peer answered A-ASSOCIATE-RQ with \(answer.name)", peer: peer)
            }
        } catch {
            channel.close(promise: nil)
            // A failed TLS handshake closes the channel: its cause, not the failed write, is the news.
            let recorded = inbox.endingError.flatMap { $0.code == .connectionClosed ? nil : $0 }
            var failure = recorded ?? NetworkError(wrapping: error)
            if failure.peer == nil { failure.peer = peer }
            throw failure
        }
    }

    /// The accepted presentation context for `abstractSyntax` in `transferSyntax`, if any.
    public func acceptedContext(abstractSyntax: String, transferSyntax: String) -> UInt8? {
        accept.contexts.first { result in
            result.isAccepted && result.transferSyntax == transferSyntax && proposed[result.id]?.abstractSyntax == abstractSyntax
        }?.id
    }

    /// The answers for the contexts proposed for `abstractSyntax`.
    public func results(for abstractSyntax: String) -> [ContextResult] {
        accept.contexts.filter { proposed[$0.id]?.abstractSyntax == abstractSyntax }
    }

    /// Sends C-ECHO-RQ and returns the status of C-ECHO-RSP (PS3.7 9.1.5).
    public func echo() throws -> DIMSEStatus {
        guard let context = accept.contexts.first(where: { $0.isAccepted && proposed[$0.id]?.abstractSyntax == verificationSOPClass }) else {
            throw NetworkError(.notSendable, "the peer did not accept the Verification SOP Class", peer: configuration.peerName)
        }
        let messageID = takeMessageID()
        try sendMessage(CommandSet.echoRequest(messageID: messageID), contextID: context.id, dataSet: nil)
        return try awaitResponse(to: messageID, command: .cEchoResponse).status
    }

    /// Sends C-STORE-RQ on `contextID` with the data set `writeDataSet` produces, streamed in
    /// P-DATA-TF PDUs as it is written, and returns the status and error comment of C-STORE-RSP
    /// (PS3.7 9.1.1).
    public func store(
        sopClass: String, sopInstance: String, contextID: UInt8, writeDataSet: @escaping (any ByteSink) throws -> Void
    ) throws -> (status: DIMSEStatus, comment: String?) {
        let messageID = takeMessageID()
        let command = CommandSet.storeRequest(messageID: messageID, sopClass: sopClass, sopInstance: sopInstance)
        try sendMessage(command, contextID: contextID, dataSet: writeDataSet)
        let response = try awaitResponse(to: messageID, command: .cStoreResponse)
        return (response.status, response.command.string(.errorComment).flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Releases the association (A-RELEASE-RQ, A-RELEASE-RP) and closes the connection.
    public func release() throws {
        guard isOpen else { return }
        isOpen = false
        defer { channel.close(promise: nil) }
        try write(PDU.releaseRequest.encoded, timeout: configuration.timeouts.association)
        try drainWrites(timeout: configuration.timeouts.association)
        while true {
            let pdu = try inbox.next(timeout: configuration.timeouts.association, awaiting: "A-RELEASE-RP")
            switch pdu {
            case .releaseResponse: return
            case .abort(let abort): throw NetworkError(.aborted, "release \(abort)", peer: configuration.peerName)
            case .data: continue  // late fragments
            default: throw NetworkError(.unexpectedPDU, "the peer answered A-RELEASE-RQ with \(pdu.name)", peer: configuration.peerName)
            }
        }
    }

    /// Aborts the association (A-ABORT, service user) and closes the connection.
    public func abort() {
        guard isOpen else { return }
        isOpen = false
        channel.writeAndFlush(PDU.abort(Abort(source: 0, reason: 0)).encoded).whenComplete { [channel] _ in
            channel.close(promise: nil)
        }
    }

    deinit {
        if isOpen { channel.close(promise: nil) }
    }

    // MARK: Messages

    private func takeMessageID() -> UInt16 {
        defer { nextMessageID = nextMessageID == UInt16.max ? 1 : nextMessageID + 1 }
        return nextMessageID
    }

    private func sendMessage(_ command: CommandSet, contextID: UInt8, dataSet: ((any ByteSink) throws -> Void)?) throws {
        try failIfEnded()
        let sink = PDataSink(contextID: contextID, fragmentLimit: fragmentLimit) { [self] bytes in
            try write(bytes, timeout: configuration.timeouts.dimse)
        }
        sink.isCommand = true
        try sink.write(command.encoded())
        try sink.finishMessage()
        if let dataSet {
            sink.isCommand = false
            try dataSet(sink)
            try sink.finishMessage()
        }
        try sink.flush()
        // The last write is not waited for: the response cannot come before it is on its way,
        // and a failed write closes the channel, which ends the wait for the response.
    }

    private struct Response {
        var command: CommandSet
        var status: DIMSEStatus
    }

    private func awaitResponse(to messageID: UInt16, command expected: CommandSet.Command) throws -> Response {
        var commandBytes: [UInt8] = []
        var response: CommandSet?
        var awaitingDataSet = false
        while true {
            let pdu = try inbox.next(timeout: configuration.timeouts.dimse, awaiting: "DIMSE response to message \(messageID)")
            switch pdu {
            case .data(let values):
                for value in values {
                    if value.isCommand {
                        commandBytes += value.data
                        if value.isLast {
                            let decoded = try CommandSet.decode(commandBytes)
                            commandBytes = []
                            awaitingDataSet = decoded.hasDataSet
                            response = decoded
                        }
                    } else if value.isLast {
                        awaitingDataSet = false
                    }
                }
                if let response, !awaitingDataSet {
                    guard response.uint16(.commandField) == expected.rawValue else {
                        throw NetworkError(
                            .malformedCommand, "expected command 0x\(hex(expected.rawValue)), got 0x\(hex(response.uint16(.commandField) ?? 0))",
                            peer: configuration.peerName)
                    }
                    guard response.uint16(.messageIDBeingRespondedTo) == messageID else {
                        throw NetworkError(.malformedCommand, "response to message \(response.uint16(.messageIDBeingRespondedTo) ?? 0), expected \(messageID)", peer: configuration.peerName)
                    }
                    guard let status = response.uint16(.status) else {
                        throw NetworkError(.malformedCommand, "response without a Status (0000,0900)", peer: configuration.peerName)
                    }
                    return Response(command: response, status: DIMSEStatus(status))
                }
            case .abort(let abort):
                isOpen = false
                throw NetworkError(.aborted, "association \(abort)", peer: configuration.peerName)
            case .releaseRequest:
                throw NetworkError(.unexpectedPDU, "the peer asked to release the association while a response was due", peer: configuration.peerName)
            default:
                throw NetworkError(.unexpectedPDU, "unexpected \(pdu.name) while waiting for a response", peer: configuration.peerName)
            }
        }
    }

    /// Throws the reason the association ended, if the peer aborted or the connection closed.
    private func failIfEnded() throws {
        if case .abort(let abort) = inbox.poll() {
            isOpen = false
            throw NetworkError(.aborted, "association \(abort)", peer: configuration.peerName)
        }
        if var error = inbox.endingError {
            isOpen = false
            if error.peer == nil { error.peer = configuration.peerName }
            throw error
        }
    }

    /// Writes `bytes`, waiting at most `timeout` for the write to complete (back-pressure: the
    /// next chunk is produced only once this one is on its way).
    /// One write is kept in flight while the next batch is produced.
    private func write(_ bytes: ByteBuffer, timeout: Double) throws {
        let previous = pendingWrite
        pendingWrite = channel.writeAndFlush(bytes)
        if let previous { try awaitWrite(previous, timeout: timeout) }
    }

    /// Waits until every write is done.
    private func drainWrites(timeout: Double) throws {
        guard let pending = pendingWrite else { return }
        pendingWrite = nil
        try awaitWrite(pending, timeout: timeout)
    }

    private func awaitWrite(_ future: EventLoopFuture<Void>, timeout: Double) throws {
        do {
            try wait(future, timeout: timeout, what: "sending to the peer")
        } catch {
            pendingWrite = nil
            try failIfEnded()
            throw NetworkError(wrapping: error).withPeer(configuration.peerName)
        }
    }
}

/// Whether `error` says that the TCP connection was not made in time.
private func isConnectTimeout(_ error: any Error) -> Bool {
    if let network = error as? NetworkError { return network.code == .timeout }
    if let channel = error as? ChannelError, case .connectTimeout = channel { return true }
    return false
}

extension NetworkError {
    func withPeer(_ peer: String) -> NetworkError {
        var copy = self
        if copy.peer == nil { copy.peer = peer }
        return copy
    }
}

/// Waits for `future` from a thread outside the event loop, at most `timeout` seconds.
@discardableResult
func wait<T: Sendable>(_ future: EventLoopFuture<T>, timeout: Double, what: String) throws -> T {
    let box = ResultBox<T>()
    future.whenComplete { box.set($0) }
    guard let result = box.get(timeout: timeout) else {
        throw NetworkError(.timeout, "\(what) did not complete within \(formatSeconds(timeout)) s")
    }
    return try result.get()
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        condition.lock()
        result = value
        condition.signal()
        condition.unlock()
    }

    func get(timeout: Double) -> Result<T, any Error>? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while result == nil {
            if !condition.wait(until: deadline) { break }
        }
        return result
    }
}
