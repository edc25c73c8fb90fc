import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

// Real DICOM peers for the network tests: dcmtk's storescp and a pynetdicom SCP
// (Tests/DICOMNetworkTests/Peers/pynetdicom_scp.py), started on 127.0.0.1 on a free port and
// stopped when the test ends. Tests skip, printing why, when a peer is missing.

/// A peer process listening on 127.0.0.1.
public final class PeerProcess: @unchecked Sendable {
    public let port: Int
    public let process: Process
    public let log: URL

    init(port: Int, process: Process, log: URL) {
        self.port = port
        self.process = process
        self.log = log
    }

    /// Stops the peer (SIGTERM, then waits).
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// What the peer printed.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}

/// A TCP port on 127.0.0.1 that nothing listens on now.
public func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : 0
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
public func isListening(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// Starts `executable` with `arguments` (which should make it listen on `port`), waits until the
/// port accepts connections, and stops it when `test` ends.
public func startPeer(_ executable: String, _ arguments: [String], port: Int, test: XCTestCase, logDirectory: URL) throws -> PeerProcess {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let log = logDirectory.appendingPathComponent("peer-\(port)-\(UUID().uuidString.prefix(8)).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let peer = PeerProcess(port: port, process: process, log: log)
    test.addTeardownBlock { peer.stop() }
    let deadline = Date(timeIntervalSinceNow: 20)
    while !isListening(port) {
        guard process.isRunning, Date() < deadline else {
            peer.stop()
            XCTFail("peer \(executable) did not start listening on \(port): \(peer.output)")
            throw XCTSkip("peer did not start")
        }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return peer
}

/// dcmtk's storescp (the first `storescp` on PATH may be another tool's shim), or a skip.
public func dcmtkStorescp() throws -> String {
    var candidates = ["/usr/bin/storescp", "/usr/local/bin/storescp"]
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        candidates.append("\(directory)/storescp")
    }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
        if runTool([candidate, "--version"]).output.lowercased().contains("dcmtk") { return candidate }
    }
    print("SKIP: dcmtk's storescp is not installed (apt-get install dcmtk)")
    throw XCTSkip("dcmtk storescp not installed")
}

/// A python3 with pynetdicom, or a skip.
public func pynetdicomPython() throws -> String {
    for candidate in ["python3", "/usr/bin/python3"] {
        let result = runTool([candidate, "-c", "import pynetdicom, sys; print(sys.executable)"])
        if result.status == 0 {
            let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if !path.isEmpty { return path }
        }
    }
    print("SKIP: pynetdicom is not installed for python3 (pip install pynetdicom)")
    throw XCTSkip("pynetdicom not installed")
}

/// The pynetdicom SCP script of the network tests.
public let pynetdicomSCPScript = Repository.root.appendingPathComponent("Tests/DICOMNetworkTests/Peers/pynetdicom_scp.py").path

/// Starts dcmtk's storescp writing received data sets bit-preserved into `output`.
public func startStorescp(_ test: XCTestCase, output: URL, aeTitle: String = "STORESCP", extra: [String] = []) throws -> PeerProcess {
    let storescp = try dcmtkStorescp()
    let port = freePort()
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    return try startPeer(
        storescp, ["-od", output.path, "+B", "-aet", aeTitle] + extra + [String(port)], port: port, test: test,
        logDirectory: output.deletingLastPathComponent())
}

/// Starts the pynetdicom SCP writing received data sets into `output`.
public func startPynetdicomSCP(_ test: XCTestCase, output: URL, port: Int? = nil, extra: [String] = []) throws -> PeerProcess {
    let python = try pynetdicomPython()
    let port = port ?? freePort()
    return try startPeer(
        python, [pynetdicomSCPScript, "--port", String(port), "--out", output.path] + extra, port: port, test: test,
        logDirectory: output.deletingLastPathComponent())
}

/// A throwaway CA with a server certificate for 127.0.0.1 and a client certificate signed by it,
/// and a second CA with a client certificate of its own, made with openssl.
public struct TestCertificates: Sendable {
    public var caCertificate: String
    public var serverCertificate: String
    public var serverKey: String
    /// A client certificate (extended key usage clientAuth) signed by `caCertificate`.
    public var clientCertificate: String
    public var clientKey: String
    /// A second CA that signed neither server certificate: trusting it alone must fail
    /// verification.
    public var otherCA: String
    /// A client certificate signed by `otherCA`: a peer trusting only `caCertificate` refuses it.
    public var otherClientCertificate: String
    public var otherClientKey: String

    /// Makes the files in `directory`, or skips when openssl is missing.
    public static func make(in directory: URL) throws -> TestCertificates {
        try requireTool("openssl")
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let extensions = path("server.ext"), clientExtensions = path("client.ext")
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        try "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n".write(toFile: clientExtensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=dicomfix test CA"],
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("other.key"), "-out", path("other.pem"), "-days", "2", "-subj", "/CN=another CA"],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"],
            ["openssl", "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", extensions],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("client.key"), "-out", path("client.csr"), "-subj", "/CN=dicomfix client"],
            ["openssl", "x509", "-req", "-in", path("client.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("client.pem"), "-days", "2", "-extfile", clientExtensions],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("other-client.key"), "-out", path("other-client.csr"), "-subj", "/CN=stranger"],
            ["openssl", "x509", "-req", "-in", path("other-client.csr"), "-CA", path("other.pem"), "-CAkey", path("other.key"), "-CAcreateserial", "-out", path("other-client.pem"), "-days", "2", "-extfile", clientExtensions],
        ]
        for step in steps {
            let result = runTool(step)
            guard result.status == 0 else {
                XCTFail("\(step.joined(separator: " ")) failed: \(result.output)")
                throw XCTSkip("openssl failed")
            }
        }
        return TestCertificates(
            caCertificate: path("ca.pem"), serverCertificate: path("server.pem"), serverKey: path("server.key"), clientCertificate: path("client.pem"),
            clientKey: path("client.key"), otherCA: path("other.pem"), otherClientCertificate: path("other-client.pem"), otherClientKey: path("other-client.key"))
    }
}

/// dcmtk's storescp over TLS with certificates made by openssl in `folder`, requiring a client
/// certificate from the same CA; received files go to `folder/in`. Skips when storescp was
/// built without OpenSSL.
public func startTLSStorescpRequiringClientCertificate(_ test: XCTestCase, in folder: URL) throws -> (peer: PeerProcess, certificates: TestCertificates, received: URL) {
    let certificates = try TestCertificates.make(in: folder)
    let storescp = try dcmtkStorescp()
    guard runTool([storescp, "--help"]).output.contains("+tls") else {
        print("SKIP: this storescp was built without OpenSSL (no +tls)")
        throw XCTSkip("storescp without TLS")
    }
    let received = folder.appendingPathComponent("in")
    let peer = try startStorescp(
        test, output: received,
        extra: ["+tls", certificates.serverKey, certificates.serverCertificate, "+cf", certificates.caCertificate, "--require-peer-cert"])
    return (peer, certificates, received)
}
