import DICOM
import Foundation
import XCTest

@testable import DICOMNetwork

/// What the association negotiates, checked on the peer's side: user identity (PS3.7 D.3.3.7),
/// the peer's maximum PDU length (PS3.8 D.1), client certificates (PS3.15 B.1), and the
/// connect timeout.
final class NegotiationInteropTests: XCTestCase {
    private let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    func test_userIdentity_usernameAndPassword_reachThePeer_andAreRequiredByIt() throws {
        let folder = try temporaryDirectory(self)
        let record = folder.appendingPathComponent("peer.jsonl")
        let received = folder.appendingPathComponent("in")
        let peer = try startPynetdicomSCP(
            self, output: received, extra: ["--record", record.path, "--require-user", "alice", "--require-password", "s3cret"])
        let sources = Array(sampleInstances().prefix(3))
        var configuration = peerConfiguration(peer, calledAE: "PYSCP")
        configuration.userIdentity = .username("alice", password: "s3cret")
        assertAllStored(StoreSCU.send(paths: sources.map(\.path), to: configuration))
        try assertEveryDataSetArrived(sources, in: received)
        let identities = try PeerRecord(contentsOf: record).events("user-identity")
        XCTAssertEqual(identities.count, 1, "one association, one User Identity sub-item")
        XCTAssertEqual(identities.first?.numbers["type"], 2, "type 2: username and passcode")
        XCTAssertEqual(identities.first?.fields["username"], "alice")
        XCTAssertEqual(identities.first?.fields["password"], "s3cret")

        // A wrong password: the peer rejects the association, and the reason is decoded.
        configuration.userIdentity = .username("alice", password: "wrong")
        XCTAssertThrowsError(try Verification.echo(configuration)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .associationRejected, "\(error)")
        }
        // No identity at all: the peer refuses to store (0124, not authorised).
        configuration.userIdentity = nil
        let anonymous = StoreSCU.send(paths: [sources[0].path], to: configuration)
        XCTAssertEqual(anonymous.first?.state, .failed)
        XCTAssertEqual(anonymous.first?.status?.hexCode, "0124")
        let after = try PeerRecord(contentsOf: record).events("user-identity")
        XCTAssertEqual(after.map { $0.fields["password"] ?? "-" }, ["s3cret", "wrong"], "nothing was sent without an identity")
    }

    func test_userIdentity_usernameOnly_isType1WithoutPassword() throws {
        let folder = try temporaryDirectory(self)
        let record = folder.appendingPathComponent("peer.jsonl")
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--record", record.path, "--require-user", "bob"])
        var configuration = peerConfiguration(peer, calledAE: "PYSCP")
        configuration.userIdentity = .username("bob")
        XCTAssertEqual(try Verification.echo(configuration).status.kind, .success)
        let identity = try PeerRecord(contentsOf: record).events("user-identity").first
        XCTAssertEqual(identity?.numbers["type"], 1)
        XCTAssertEqual(identity?.fields["username"], "bob")
        XCTAssertEqual(identity?.fields["password"], "", "type 1 carries an empty secondary field")
    }

    func test_peerMaximumPDU_everyPDataPDUFitsIt_andALargeFileArrivesIntact() throws {
        for maximum in [4_096, 16_384] {
            let folder = try temporaryDirectory(self).appendingPathComponent("max-\(maximum)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let record = folder.appendingPathComponent("peer.jsonl")
            let received = folder.appendingPathComponent("in")
            let big = try GeneratedInstances.write(
                to: folder.appendingPathComponent("big.dcm"), sopClass: ctImage, instance: "2.25.4400\(maximum)", pixelBytes: 2 << 20)
            let sources = [big] + sampleInstances().prefix(2)
            let peer = try startPynetdicomSCP(self, output: received, extra: ["--record", record.path, "--max-pdu", String(maximum)])
            let configuration = peerConfiguration(peer, calledAE: "PYSCP")
            XCTAssertEqual(try Verification.echo(configuration).peerMaximumPDULength, UInt32(maximum), "the peer announces its maximum")
            assertAllStored(StoreSCU.send(paths: sources.map(\.path), to: configuration))
            try assertEveryDataSetArrived(sources, in: received)

            let peerSaw = try PeerRecord(contentsOf: record)
            let lengths = peerSaw.pDataLengths
            XCTAssertEqual(peerSaw.events("pdata-mismatch").count, 0, "PDU Length fields match the bytes received")
            XCTAssertGreaterThan(lengths.count, (2 << 20) / maximum, "the 2 MiB data set went in fragments of at most \(maximum) bytes")
            XCTAssertLessThanOrEqual(lengths.max() ?? 0, maximum, "a P-DATA-TF PDU over the peer's maximum of \(maximum)")
            XCTAssertEqual(lengths.max(), maximum, "fragments fill the PDU up to the maximum")
        }
    }

    func test_connectTimeout_listenerThatNeverCompletesTheHandshake_timesOutAsConfigured() throws {
        let listener = try FullBacklogListener()
        defer { listener.close() }
        let configuration = PeerConfiguration(
            host: "127.0.0.1", port: listener.port, calledAETitle: "FULL", timeouts: Timeouts(connect: 1, association: 10, dimse: 10))
        let start = Date()
        XCTAssertThrowsError(try Verification.echo(configuration)) { error in
            let network = error as? NetworkError
            XCTAssertEqual(network?.code, .timeout, "\(error)")
            XCTAssertEqual(network?.message, "cannot connect within 1 s (no answer to the TCP connection request)")
            XCTAssertEqual(network?.peer, "FULL@127.0.0.1:\(listener.port)")
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThanOrEqual(elapsed, 0.9, "waited for the connect timeout")
        XCTAssertLessThan(elapsed, 4, "and not for the association timeout")

        let outcomes = StoreSCU.send(paths: [sampleInstances()[0].path], to: configuration, options: .init(retries: 1, retryDelay: 0))
        XCTAssertEqual(outcomes.first?.code, "send.timeout")
        XCTAssertEqual(outcomes.first?.attempts, 2, "a connect timeout is a passing failure: retried")
    }

    func test_tls_clientCertificate_requiredByStorescp() throws {
        let folder = try temporaryDirectory(self)
        let (peer, certificates, received) = try startTLSStorescpRequiringClientCertificate(self, in: folder)
        let withCertificate = TLSOptions(
            caFile: certificates.caCertificate, certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey)
        XCTAssertEqual(try Verification.echo(peerConfiguration(peer, calledAE: "STORESCP", tls: withCertificate)).status.kind, .success)
        let sources = Array(sampleInstances().prefix(3))
        assertAllStored(StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "STORESCP", tls: withCertificate)))
        try assertEveryDataSetArrived(sources, in: received)

        // Without a certificate, or with one the peer's CA did not sign: the peer refuses.
        let refusals: [(String, TLSOptions)] = [
            ("no client certificate", TLSOptions(caFile: certificates.caCertificate)),
            (
                "a certificate of another CA",
                TLSOptions(caFile: certificates.caCertificate, certificateFile: certificates.otherClientCertificate, keyFile: certificates.otherClientKey)
            ),
        ]
        for (label, tls) in refusals {
            XCTAssertThrowsError(try Verification.echo(peerConfiguration(peer, calledAE: "STORESCP", tls: tls)), label) { error in
                XCTAssertEqual((error as? NetworkError)?.code, .tls, "\(label): \(error)")
                XCTAssertTrue("\(error)".contains("the peer refused"), "\(label): \(error)")
            }
        }
    }
}
