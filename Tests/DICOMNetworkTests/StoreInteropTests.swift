import DICOM
import Foundation
import XCTest

@testable import DICOMNetwork

/// C-ECHO and C-STORE against real peers (dcmtk storescp, pynetdicom) on 127.0.0.1.
final class StoreInteropTests: XCTestCase {
    private let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    func test_echo_dcmtkStorescp_succeeds() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startStorescp(self, output: folder.appendingPathComponent("in"))
        let outcome = try Verification.echo(peerConfiguration(peer, calledAE: "STORESCP"))
        XCTAssertEqual(outcome.status, DIMSEStatus(0))
        XCTAssertTrue(outcome.peerImplementationVersionName?.contains("DCMTK") ?? false, outcome.peerImplementationVersionName ?? "")
    }

    func test_echo_pynetdicom_succeeds() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"))
        let outcome = try Verification.echo(peerConfiguration(peer, calledAE: "PYSCP"))
        XCTAssertEqual(outcome.status.kind, .success)
        XCTAssertEqual(outcome.peerMaximumPDULength, 16382)
    }

    func test_send_toStorescp_everyDataSetArrivesUnchanged() throws {
        let folder = try temporaryDirectory(self)
        let big = try GeneratedInstances.write(to: folder.appendingPathComponent("big.dcm"), sopClass: ctImage, instance: "2.25.99001", pixelBytes: 3 << 20)
        let sources = sampleInstances() + [big]
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received)
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "STORESCP"))
        assertAllStored(outcomes)
        XCTAssertEqual(outcomes.compactMap(\.status).map(\.code), Array(repeating: 0, count: sources.count))
        try assertEveryDataSetArrived(sources, in: received)
    }

    func test_send_toPynetdicom_everyDataSetArrivesUnchanged() throws {
        let folder = try temporaryDirectory(self)
        let big = try GeneratedInstances.write(to: folder.appendingPathComponent("big.dcm"), sopClass: ctImage, instance: "2.25.99002", pixelBytes: 1 << 20)
        let sources = sampleInstances() + [big]
        let received = folder.appendingPathComponent("in")
        let peer = try startPynetdicomSCP(self, output: received)
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "PYSCP"))
        assertAllStored(outcomes)
        try assertEveryDataSetArrived(sources, in: received)
    }

    func test_send_toImplicitOnlyPeer_transcodesAndStores() throws {
        let folder = try temporaryDirectory(self)
        let explicit = try GeneratedInstances.write(to: folder.appendingPathComponent("explicit.dcm"), sopClass: ctImage, instance: "2.25.99003", pixelBytes: 200_000)
        let samples = Repository.samples
        let sources = [
            explicit, samples.appendingPathComponent("ct-study/series-1/image-1.dcm"),
            samples.appendingPathComponent("transfer-syntax/explicit-vr-big-endian.dcm"),
            samples.appendingPathComponent("transfer-syntax/deflated-explicit-vr-little-endian.dcm"),
        ]
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received, extra: ["+xi"])
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "STORESCP"))
        assertAllStored(outcomes)
        XCTAssertEqual(Set(outcomes.compactMap(\.sentTransferSyntax)), [TransferSyntax.implicitVRLittleEndian.uid])
        XCTAssertEqual(outcomes.compactMap(\.transcodedFrom).count, sources.count, "every file was transcoded")
        try assertEveryDataSetArrived(sources, in: received, expectedSyntax: .implicitVRLittleEndian)
    }

    func test_send_wrongCalledAE_isRejectedWithDecodedReason() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--require-called-ae"])
        let configuration = peerConfiguration(peer, calledAE: "WRONG")
        XCTAssertThrowsError(try Verification.echo(configuration)) { error in
            let network = error as? NetworkError
            XCTAssertEqual(network?.code, .associationRejected)
            XCTAssertEqual(network?.message, "association rejected permanently by the called application (service user): called AE title not recognised")
            XCTAssertEqual(network?.peer, "WRONG@127.0.0.1:\(peer.port)")
        }
        let outcomes = StoreSCU.send(paths: sampleInstances().prefix(2).map(\.path), to: configuration, options: .init(retries: 2, retryDelay: 0))
        XCTAssertEqual(outcomes.map(\.state), [.failed, .failed])
        XCTAssertEqual(outcomes.map(\.code), ["send.association.rejected", "send.association.rejected"])
        XCTAssertEqual(outcomes.map(\.attempts), [1, 1], "a permanent rejection is not retried")
        XCTAssertTrue(outcomes[0].reason?.contains("called AE title not recognised") ?? false, outcomes[0].reason ?? "")
    }

    func test_send_peerAborts_reportsAbortForEveryInstanceNotStored() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--abort-on-store"])
        let outcomes = StoreSCU.send(paths: sampleInstances().prefix(3).map(\.path), to: peerConfiguration(peer, calledAE: "PYSCP"))
        XCTAssertEqual(outcomes.map(\.state), [.failed, .failed, .failed])
        XCTAssertEqual(outcomes.first?.code, "send.association.aborted")
        XCTAssertTrue(outcomes.first?.reason?.contains("aborted by the peer application") ?? false, outcomes.first?.reason ?? "")
        XCTAssertTrue(outcomes.last?.reason?.hasPrefix("not sent: ") ?? false, outcomes.last?.reason ?? "")
    }

    func test_send_failureStatus_isReportedWithMeaning() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--status", "A900"])
        let outcomes = StoreSCU.send(paths: sampleInstances().prefix(2).map(\.path), to: peerConfiguration(peer, calledAE: "PYSCP"))
        XCTAssertEqual(outcomes.map(\.state), [.failed, .failed])
        XCTAssertEqual(outcomes.first?.status?.description, "A900 (Error: data set does not match SOP class)")
        XCTAssertEqual(outcomes.first?.code, "send.status")
    }

    func test_send_warningStatus_countsAsStored() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--status", "B000"])
        let outcomes = StoreSCU.send(paths: sampleInstances().prefix(2).map(\.path), to: peerConfiguration(peer, calledAE: "PYSCP"))
        XCTAssertEqual(outcomes.map(\.state), [.storedWithWarning, .storedWithWarning])
        XCTAssertEqual(outcomes.first?.status?.meaning, "Warning: coercion of data elements")
    }

    func test_send_moreThan128Contexts_usesSeveralAssociationsAndStoresAll() throws {
        let folder = try temporaryDirectory(self)
        let source = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        // 70 SOP classes, each offered in explicit and implicit VR little endian: 140 contexts.
        let sources = try (1...70).map { index in
            try GeneratedInstances.write(
                to: source.appendingPathComponent("i\(index).dcm"), sopClass: "1.2.826.0.1.3680043.10.1043.\(index)", instance: "2.25.7700\(index)")
        }
        let units = StoreSCU.plan(sources.enumerated().compactMap { index, url -> StoreSCU.Instance? in
            if case .instance(let instance) = StoreSCU.inspect(path: url.path, index: index) { return instance }
            return nil
        }, options: .init())
        XCTAssertEqual(units.count, 2)
        XCTAssertTrue(units.allSatisfy { $0.contexts.count <= 128 })
        XCTAssertEqual(units.map(\.instances.count).reduce(0, +), 70)

        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received, extra: ["-pm"])
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "STORESCP"))
        assertAllStored(outcomes)
        try assertEveryDataSetArrived(sources, in: received)
    }

    func test_send_parallelAssociations_storeEverything() throws {
        let folder = try temporaryDirectory(self)
        let sources = try (1...12).map { index in
            try GeneratedInstances.write(to: folder.appendingPathComponent("p\(index).dcm"), sopClass: ctImage, instance: "2.25.8800\(index)", pixelBytes: 50_000)
        }
        let units = StoreSCU.plan(sources.enumerated().compactMap { index, url -> StoreSCU.Instance? in
            if case .instance(let instance) = StoreSCU.inspect(path: url.path, index: index) { return instance }
            return nil
        }, options: .init(parallel: 3))
        XCTAssertEqual(units.map(\.instances.count).sorted(), [3, 3, 6], "the largest share halved until there are three")
        let received = folder.appendingPathComponent("in")
        let peer = try startPynetdicomSCP(self, output: received)
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "PYSCP"), options: .init(parallel: 3))
        assertAllStored(outcomes)
        try assertEveryDataSetArrived(sources, in: received)
    }

    func test_send_compressedToUncompressedOnlyPeer_failsThatInstanceWithReason() throws {
        let folder = try temporaryDirectory(self)
        let jpeg = folder.appendingPathComponent("jpeg.dcm")
        try writeEncapsulatedInstance(to: jpeg)
        let plain = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm")
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received, extra: ["+xi"])
        let outcomes = StoreSCU.send(paths: [jpeg.path, plain.path], to: peerConfiguration(peer, calledAE: "STORESCP"))
        XCTAssertEqual(outcomes.map(\.state), [.failed, .stored])
        XCTAssertEqual(outcomes.first?.code, "send.context.refused")
        XCTAssertTrue(outcomes.first?.reason?.contains("JPEG Baseline") ?? false, outcomes.first?.reason ?? "")
    }

    func test_tls_storescp_echoAndStore_withVerifiedCertificate() throws {
        let folder = try temporaryDirectory(self)
        let certificates = try TestCertificates.make(in: folder)
        let received = folder.appendingPathComponent("in")
        let storescp = try dcmtkStorescp()
        guard runTool([storescp, "--help"]).output.contains("+tls") else {
            print("SKIP: this storescp was built without OpenSSL (no +tls)")
            throw XCTSkip("storescp without TLS")
        }
        let peer = try startStorescp(self, output: received, extra: ["+tls", certificates.serverKey, certificates.serverCertificate, "-ic"])
        let tls = TLSOptions(caFile: certificates.caCertificate)
        let echo = try Verification.echo(peerConfiguration(peer, calledAE: "STORESCP", tls: tls))
        XCTAssertEqual(echo.status.kind, .success)
        let sources = Array(sampleInstances().prefix(3))
        let outcomes = StoreSCU.send(paths: sources.map(\.path), to: peerConfiguration(peer, calledAE: "STORESCP", tls: tls))
        assertAllStored(outcomes)
        try assertEveryDataSetArrived(sources, in: received)

        // A CA that did not sign the peer's certificate: refused, and said so.
        XCTAssertThrowsError(try Verification.echo(peerConfiguration(peer, calledAE: "STORESCP", tls: TLSOptions(caFile: certificates.otherCA)))) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .tls, "\(error)")
        }
    }

    func test_connectionRefused_failsFast() {
        let port = freePort()
        let configuration = PeerConfiguration(host: "127.0.0.1", port: port, calledAETitle: "NOBODY", timeouts: Timeouts(connect: 3, association: 3, dimse: 3))
        let start = Date()
        XCTAssertThrowsError(try Verification.echo(configuration)) { error in
            XCTAssertEqual((error as? NetworkError)?.code, .connectFailed, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    func test_slowPeer_dimseTimeout_failsTheInstance() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--delay", "4"])
        let configuration = peerConfiguration(peer, calledAE: "PYSCP", timeouts: Timeouts(connect: 5, association: 10, dimse: 1))
        let outcomes = StoreSCU.send(paths: sampleInstances().prefix(2).map(\.path), to: configuration)
        XCTAssertEqual(outcomes.map(\.state), [.failed, .failed])
        XCTAssertEqual(outcomes.first?.code, "send.timeout")
        XCTAssertTrue(outcomes.first?.reason?.contains("no DIMSE response to message 1 within 1 s") ?? false, outcomes.first?.reason ?? "")
    }

    func test_silentPeer_associationTimesOut() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let configuration = PeerConfiguration(
            host: "127.0.0.1", port: listener.port, calledAETitle: "SILENT", timeouts: Timeouts(connect: 2, association: 1, dimse: 1))
        let start = Date()
        XCTAssertThrowsError(try Verification.echo(configuration)) { error in
            let network = error as? NetworkError
            XCTAssertEqual(network?.code, .timeout)
            XCTAssertEqual(network?.message, "no answer to A-ASSOCIATE-RQ within 1 s")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }
}
