import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// The options of `send` and `echo` that shape the association, checked against real peers on
/// 127.0.0.1: TLS (`--tls --ca --cert --key`), user identity, `--retries` with backoff,
/// `--parallel` and `--connect-timeout`.
final class SendPeerOptionsTests: XCTestCase {
    func test_tls_caAndClientCertificate_storeEverything_wrongCAOrNoCertificate_exitOne() throws {
        let folder = try temporaryDirectory(self)
        let (peer, certificates, received) = try startTLSStorescpRequiringClientCertificate(self, in: folder)
        let target = ["--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "STORESCP", "--tls"]
        let client = ["--cert", certificates.clientCertificate, "--key", certificates.clientKey]
        let study = try makeStudy(in: folder, name: "study", count: 4)

        let sent = try dicomfix(["send"] + target + ["--ca", certificates.caCertificate] + client + ["--format", "json", study.path])
        XCTAssertEqual(sent.status, 0, sent.stdout + sent.stderr)
        XCTAssertEqual((try report(sent)["summary"] as? [String: Int])?["ok"], 4)
        XCTAssertEqual(try storedUIDs(in: received), Set((1...4).map { "2.25.5101\($0)" }))

        let echo = try dicomfix(["echo"] + target + ["--ca", certificates.caCertificate] + client)
        XCTAssertEqual(echo.status, 0, echo.stdout + echo.stderr)

        // A CA that did not sign the peer's certificate: refused by dicomfix, and said so.
        let wrongCA = try dicomfix(["echo"] + target + ["--ca", certificates.otherCA] + client)
        XCTAssertEqual(wrongCA.status, 1, wrongCA.stdout)
        XCTAssertTrue(wrongCA.stdout.contains("the peer's certificate is not trusted"), wrongCA.stdout)
        let wrongCASend = try dicomfix(["send"] + target + ["--ca", certificates.otherCA] + client + [study.path])
        XCTAssertEqual(wrongCASend.status, 1, wrongCASend.stdout)
        XCTAssertTrue(wrongCASend.stdout.contains("[send.tls]"), wrongCASend.stdout)
        XCTAssertTrue(wrongCASend.stdout.contains("the peer's certificate is not trusted"), wrongCASend.stdout)

        // No client certificate: the peer refuses the handshake.
        let anonymous = try dicomfix(["echo"] + target + ["--ca", certificates.caCertificate])
        XCTAssertEqual(anonymous.status, 1, anonymous.stdout)
        XCTAssertTrue(anonymous.stdout.contains("the peer refused"), anonymous.stdout)
    }

    func test_userIdentity_options_reachThePeer() throws {
        let folder = try temporaryDirectory(self)
        let record = folder.appendingPathComponent("peer.jsonl")
        let received = folder.appendingPathComponent("in")
        let peer = try startPynetdicomSCP(
            self, output: received, extra: ["--record", record.path, "--require-user", "alice", "--require-password", "s3cret"])
        let study = try makeStudy(in: folder, name: "study", count: 2)
        let target = ["--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "PYSCP"]
        let sent = try dicomfix(["send"] + target + ["--username", "alice", "--password", "s3cret", study.path])
        XCTAssertEqual(sent.status, 0, sent.stdout + sent.stderr)
        XCTAssertEqual(try storedUIDs(in: received).count, 2)
        let identity = try PeerRecord(contentsOf: record).events("user-identity")
        XCTAssertEqual(identity.map { $0.fields["username"] ?? "" }, ["alice"])
        XCTAssertEqual(identity.map { $0.fields["password"] ?? "" }, ["s3cret"])

        let wrong = try dicomfix(["echo"] + target + ["--username", "alice", "--password", "nope"])
        XCTAssertEqual(wrong.status, 1, wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("association rejected"), wrong.stdout)
    }

    func test_retries_outOfResourcesFirst_storedOnARetry_afterDoublingDelays() throws {
        let folder = try temporaryDirectory(self)
        let record = folder.appendingPathComponent("peer.jsonl")
        let received = folder.appendingPathComponent("in")
        // Each instance is answered A700 (out of resources) twice, then stored.
        let peer = try startPynetdicomSCP(self, output: received, extra: ["--record", record.path, "--fail-first", "2", "--fail-status", "A700"])
        let target = ["--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "PYSCP"]
        let study = try makeStudy(in: folder, name: "study", count: 2)
        let sent = try dicomfix(["send"] + target + ["--retries", "2", "--retry-delay", "1", "--format", "json", study.path])
        XCTAssertEqual(sent.status, 0, sent.stdout + sent.stderr)
        let files = try report(sent)["files"] as? [[String: Any]] ?? []
        let actions = files.flatMap { $0["actions"] as? [String] ?? [] }
        XCTAssertEqual(actions.filter { $0.hasSuffix("(attempt 3)") }.count, 2, "\(actions)")
        XCTAssertEqual(try storedUIDs(in: received).count, 2)

        let peerSaw = try PeerRecord(contentsOf: record)
        for uid in ["2.25.51011", "2.25.51012"] {
            let times = peerSaw.storeTimes(of: uid)
            XCTAssertEqual(times.count, 3, "\(uid): two refusals and the store")
            guard times.count == 3 else { continue }
            let first = times[1] - times[0], second = times[2] - times[1]
            XCTAssertGreaterThanOrEqual(first, 0.95, "\(uid): the first retry waits --retry-delay")
            XCTAssertGreaterThanOrEqual(second, 1.95, "\(uid): the second waits twice as long")
            XCTAssertGreaterThan(second - first, 0.6, "\(uid): the wait doubled (\(first) s, then \(second) s)")
        }

        // One retry is not enough for the peer: the instance is reported with the status.
        let other = try makeStudy(in: folder, name: "other", count: 1, firstUID: 7)
        let short = try dicomfix(["send"] + target + ["--retries", "1", "--retry-delay", "0.2", "--format", "json", other.path])
        XCTAssertEqual(short.status, 1, short.stdout)
        let failed = (try report(short)["files"] as? [[String: Any]])?.first
        XCTAssertEqual(failed?["status"] as? String, "failed")
        XCTAssertTrue((failed?["error"] as? String ?? "").contains("A700"), "\(failed ?? [:])")
        XCTAssertTrue((failed?["error"] as? String ?? "").contains("after 2 attempts"), "\(failed ?? [:])")
    }

    func test_parallel_storesEverything_overConcurrentAssociations() throws {
        let folder = try temporaryDirectory(self)
        let record = folder.appendingPathComponent("peer.jsonl")
        let received = folder.appendingPathComponent("in")
        // A slow peer, so that associations overlap when they run at the same time.
        let peer = try startPynetdicomSCP(self, output: received, extra: ["--record", record.path, "--delay", "0.3"])
        let study = try makeStudy(in: folder, name: "study", count: 9)
        let sent = try dicomfix([
            "send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "PYSCP", "--parallel", "3", "--format", "json", study.path,
        ])
        XCTAssertEqual(sent.status, 0, sent.stdout + sent.stderr)
        XCTAssertEqual((try report(sent)["summary"] as? [String: Int])?["ok"], 9)
        XCTAssertEqual(try storedUIDs(in: received), Set((1...9).map { "2.25.5101\($0)" }))
        for index in 1...9 {
            let source = try DicomReader.read(path: study.appendingPathComponent("i\(index).dcm").path)
            let stored = try DicomReader.read(path: received.appendingPathComponent("2.25.5101\(index).dcm").path)
            XCTAssertEqual(stored.transferSyntax.uid, source.transferSyntax.uid, "i\(index): sent in its own syntax")
            XCTAssertTrue(try dataSetBytes(stored) == dataSetBytes(source), "i\(index): the data set arrived changed")
        }
        let peerSaw = try PeerRecord(contentsOf: record)
        XCTAssertEqual(peerSaw.events("accepted").count, 3, "one association per share")
        XCTAssertEqual(peerSaw.maximumConcurrentAssociations, 3, "the three associations were open at the same time")
    }

    func test_connectTimeout_option_endsTheWaitForAConnection() throws {
        let listener = try FullBacklogListener()
        defer { listener.close() }
        let target = ["--host", "127.0.0.1", "--port", String(listener.port), "--called-ae", "FULL", "--connect-timeout", "1"]
        let start = Date()
        let echo = try dicomfix(["echo"] + target + ["--association-timeout", "20"])
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(echo.status, 1, echo.stdout)
        XCTAssertTrue(echo.stdout.contains("cannot connect within 1 s"), echo.stdout)
        XCTAssertGreaterThanOrEqual(elapsed, 0.9)
        XCTAssertLessThan(elapsed, 5, "the connect timeout, not the association timeout, ended the wait")

        let folder = try temporaryDirectory(self)
        let study = try makeStudy(in: folder, name: "study", count: 1)
        let sent = try dicomfix(["send"] + target + [study.path])
        XCTAssertEqual(sent.status, 1, sent.stdout)
        XCTAssertTrue(sent.stdout.contains("[send.timeout]"), sent.stdout)
        XCTAssertEqual(sent.stdout.components(separatedBy: "[send.timeout]").count, 2, "the reason is reported once: \(sent.stdout)")

        for bad in ["0", "-1", "86401", "soon"] {
            let refused = try dicomfix(["echo", "--host", "127.0.0.1", "--port", "104", "--called-ae", "X", "--connect-timeout", bad])
            XCTAssertEqual(refused.status, 64, "--connect-timeout \(bad): \(refused.stderr)")
        }
    }

    // MARK: Helpers

    /// `count` small CT instances (SOP Instance UIDs 2.25.510<firstUID>...) in `folder`/`name`.
    private func makeStudy(in folder: URL, name: String, count: Int, firstUID: Int = 1) throws -> URL {
        let study = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
        for index in 1...count {
            var dataSet = DataSet()
            dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
            dataSet.setString(.sopInstanceUID, .UI, "2.25.510\(firstUID)\(index)")
            dataSet.setString(.patientName, .PN, "OPTIONS^TEST")
            dataSet.set(Element(.pixelData, .OW, bytes: (0..<60_000).map { UInt8(truncatingIfNeeded: $0 &+ index) }))
            try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: study.appendingPathComponent("i\(index).dcm").path, options: WriteOptions(meta: .regenerate))
        }
        return study
    }

    /// The SOP Instance UIDs of the files a peer stored in `folder`.
    private func storedUIDs(in folder: URL) throws -> Set<String> {
        var uids: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
            let file = try DicomReader.read(path: folder.appendingPathComponent(name).path, options: .headerOnly)
            if let uid = file.dataSet.string(.sopInstanceUID) { uids.insert(uid.trimmingCharacters(in: .init(charactersIn: " \0"))) }
        }
        return uids
    }

    private func dataSetBytes(_ file: DicomFile) throws -> [UInt8] {
        try file.dataSource.bytes(at: file.dataSetOffset, count: Int(file.dataSource.count - file.dataSetOffset))
    }

    private func report(_ result: CommandResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }
}
