import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 where a TCP connection cannot be made: a listening socket with a backlog
/// of 0 that never accepts, its accept queue filled by a connection of its own. Linux then drops
/// every further SYN (the listener's queue is full), so a client's connect stays in SYN-SENT
/// until its own timeout: a true connect timeout without leaving the loopback interface.
public final class FullBacklogListener {
    public let port: Int
    private let listener: Int32
    private var fillers: [Int32] = []

    /// - Throws: a skip when the socket cannot be opened, or when connections still complete
    ///   after the queue should be full (a kernel that does not drop SYNs then).
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw XCTSkip("cannot open a socket") }
        listener = fd
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 0) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard ok else {
            _ = Glibc.close(fd)
            throw XCTSkip("cannot open a listening socket")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        // Connect until one connection does not complete: the queue is full from then on.
        for _ in 0..<8 {
            let (filler, connected) = connectNonBlocking(port: port, waitMilliseconds: 300)
            guard filler >= 0 else { break }
            fillers.append(filler)
            if !connected { return }
        }
        close()
        throw XCTSkip("every connection to a listener with a full backlog completed: this kernel does not drop SYNs")
    }

    /// Closes the listener and its own connections.
    public func close() {
        for filler in fillers { _ = Glibc.close(filler) }
        fillers = []
        _ = Glibc.close(listener)
    }
}

private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
    return address
}

/// Starts a connection to 127.0.0.1:`port` and waits up to `waitMilliseconds` for it to
/// complete; returns the socket and whether it connected.
private func connectNonBlocking(port: Int, waitMilliseconds: Int32) -> (Int32, Bool) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return (-1, false) }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var address = loopbackAddress(port: port)
    let started = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if started == 0 { return (fd, true) }
    guard errno == EINPROGRESS else { return (fd, false) }
    var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    guard poll(&poller, 1, waitMilliseconds) == 1 else { return (fd, false) }
    var error: Int32 = 0
    var size = socklen_t(MemoryLayout<Int32>.size)
    guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 else { return (fd, false) }
    return (fd, error == 0)
}
