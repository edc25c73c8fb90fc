import Foundation
import NIOCore

/// What the event loop hands to the thread that runs an association: PDUs as they are framed,
/// then the end of the connection (with its cause). The association's thread waits on it with a
/// deadline, which is how the association and DIMSE timeouts are kept.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [PDU] = []
    private var ending: NetworkError?
    private var isClosed = false

    func push(_ pdu: PDU) {
        condition.lock()
        queue.append(pdu)
        condition.signal()
        condition.unlock()
    }

    /// Records why the connection is ending (the first cause wins).
    func fail(_ error: NetworkError) {
        condition.lock()
        if ending == nil { ending = error }
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    /// A PDU received and not yet taken, without waiting.
    func poll() -> PDU? {
        condition.lock()
        defer { condition.unlock() }
        return queue.isEmpty ? nil : queue.removeFirst()
    }

    /// The next PDU, waiting at most `timeout` seconds.
    /// - Throws: `NetworkError.timeout` naming `awaiting`, or the reason the connection closed.
    func next(timeout: Double, awaiting: String) throws -> PDU {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            if let ending { throw ending }
            if isClosed {
                throw NetworkError(.connectionClosed, "the peer closed the connection while dicomfix was waiting for \(awaiting)")
            }
            if !condition.wait(until: deadline) && queue.isEmpty {
                throw NetworkError(.timeout, "no \(awaiting) within \(formatSeconds(timeout)) s")
            }
        }
        return queue.removeFirst()
    }

    /// Why the connection ended, if it did.
    var endingError: NetworkError? {
        condition.lock()
        defer { condition.unlock() }
        return ending ?? (isClosed ? NetworkError(.connectionClosed, "the peer closed the connection") : nil)
    }
}

/// Feeds framed PDUs and the end of the connection into an `Inbox`.
final class InboxHandler: ChannelInboundHandler {
    typealias InboundIn = PDU

    private let inbox: Inbox

    init(inbox: Inbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.push(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.fail(NetworkError(wrapping: error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}
