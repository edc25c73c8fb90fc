import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix send` and `dicomfix echo` as a user runs them, against real peers on 127.0.0.1.
final class SendCommandTests: XCTestCase {
    func test_help_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: SendCommand.self, columns: 100), named: "send-help.txt")
        try assertSnapshot(Dicomfix.helpMessage(for: EchoCommand.self, columns: 100), named: "echo-help.txt")
    }

    func test_echo_exitStatus_followsTheAnswer() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startStorescp(self, output: folder.appendingPathComponent("in"))
        let ok = try dicomfix(["echo", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "STORESCP"])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertTrue(ok.stdout.contains("status 0000 (Success)"), ok.stdout)

        let nobody = try dicomfix(["echo", "--host", "127.0.0.1", "--port", String(freePort()), "--called-ae", "NOBODY", "--format", "json"])
        XCTAssertEqual(nobody.status, 1)
        let json = try JSONSerialization.jsonObject(with: Data(nobody.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["ok"] as? Bool, false)
        XCTAssertEqual(json?["errorCode"] as? String, "connectFailed")
    }

    func test_send_folder_storesEverything_andReportsStatusPerFile() throws {
        let folder = try temporaryDirectory(self)
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received)
        let study = Repository.samples.appendingPathComponent("ct-study").path
        let result = try dicomfix(["send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "STORESCP", "--format", "json", study])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["command"] as? String, "send")
        let summary = report?["summary"] as? [String: Int]
        XCTAssertEqual(summary?["files"], 5)
        XCTAssertEqual(summary?["ok"], 5)
        let files = report?["files"] as? [[String: Any]] ?? []
        let codes = files.compactMap { ($0["diagnostics"] as? [[String: Any]])?.first?["code"] as? String }
        XCTAssertEqual(codes, Array(repeating: "send.status.0000", count: 5))
        XCTAssertEqual(files.first?["output"] as? String, "STORESCP@127.0.0.1:\(peer.port)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: received.path).count, 5)
    }

    func test_send_DICOMDIR_andOneOfItsFiles_sendsEveryListedFileOnce() throws {
        let dicomdir = try PydicomData.requireRoot().appendingPathComponent("test_files/dicomdirtests/DICOMDIR")
        guard FileManager.default.fileExists(atPath: dicomdir.path) else {
            print("SKIP: pydicom's dicomdirtests/DICOMDIR is missing")
            throw XCTSkip("no DICOMDIR test file")
        }
        let folder = try temporaryDirectory(self)
        let received = folder.appendingPathComponent("in")
        let peer = try startStorescp(self, output: received, extra: ["+xa"])
        let listedFile = dicomdir.deletingLastPathComponent().appendingPathComponent("98892001/CT2N/6293")
        XCTAssertTrue(FileManager.default.fileExists(atPath: listedFile.path))
        let result = try dicomfix([
            "send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "STORESCP", "--format", "json", dicomdir.path,
            listedFile.path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let files = (report?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        XCTAssertGreaterThan(files.count, 10)
        XCTAssertEqual(Set(files).count, files.count, "a file was sent twice")
        XCTAssertFalse(files.contains(dicomdir.path), "the DICOMDIR itself is not an instance")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: received.path).count, files.count)
    }

    func test_send_rejectedAssociation_exitsOneWithTheReason() throws {
        let folder = try temporaryDirectory(self)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--require-called-ae"])
        let file = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path
        let result = try dicomfix(["send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "WRONG", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("called AE title not recognised"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[send.association.rejected]"), result.stdout)
    }

    func test_send_peerKilledMidTransfer_withoutRetries_reportsTheFilesNotStored() throws {
        let folder = try temporaryDirectory(self)
        let sources = try makeStudy(in: folder, count: 5)
        let peer = try startPynetdicomSCP(self, output: folder.appendingPathComponent("in"), extra: ["--die-after", "2"])
        let result = try dicomfix(["send", "--host", "127.0.0.1", "--port", String(peer.port), "--called-ae", "PYSCP", "--format", "json", sources.path])
        XCTAssertEqual(result.status, 1)
        let summary = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Int]
        XCTAssertEqual(summary?["ok"], 2)
        XCTAssertEqual(summary?["failed"], 3)
    }

    func test_send_peerKilledMidTransfer_retriesStoreTheRestAfterRestart() throws {
        let folder = try temporaryDirectory(self)
        let sources = try makeStudy(in: folder, count: 6)
        let received = folder.appendingPathComponent("in")
        let first = try startPynetdicomSCP(self, output: received, extra: ["--die-after", "2"])

        let process = Process()
        process.executableURL = try dicomfixBinary()
        process.arguments = [
            "send", "--host", "127.0.0.1", "--port", String(first.port), "--called-ae", "PYSCP", "--retries", "5", "--retry-delay", "1",
            "--format", "json", sources.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = PipeReader(output)

        // The peer dies on its third instance; start it again on the same port.
        let deadline = Date(timeIntervalSinceNow: 60)
        while first.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertFalse(first.process.isRunning, "the peer should have died on its third instance")
        _ = try startPynetdicomSCP(self, output: received, port: first.port)

        process.waitUntilExit()
        let report = try JSONSerialization.jsonObject(with: reader.data()) as? [String: Any]
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual((report?["summary"] as? [String: Int])?["ok"], 6)
        let actions = (report?["files"] as? [[String: Any]] ?? []).flatMap { $0["actions"] as? [String] ?? [] }
        XCTAssertTrue(actions.contains { $0.contains("(attempt ") }, "some files were stored by a retry: \(actions)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: received.path).filter { $0.hasSuffix(".dcm") }.count, 6)
    }

    func test_send_noInput_exitsTwo_badOptions_exit64() throws {
        let folder = try temporaryDirectory(self)
        let empty = try dicomfix(["send", "--host", "127.0.0.1", "--port", "104", "--called-ae", "X", folder.path])
        XCTAssertEqual(empty.status, 2)
        let bad = try dicomfix(["send", "--host", "127.0.0.1", "--port", "104", "--called-ae", "X", "--parallel", "0", folder.path])
        XCTAssertEqual(bad.status, 64)
        let longAE = try dicomfix(["echo", "--host", "127.0.0.1", "--port", "104", "--called-ae", "SEVENTEEN_CHARS_X"])
        XCTAssertEqual(longAE.status, 64)
    }

    /// `count` small CT instances in a folder of their own.
    private func makeStudy(in folder: URL, count: Int) throws -> URL {
        let study = folder.appendingPathComponent("study")
        try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
        for index in 1...count {
            var dataSet = DataSet()
            dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
            dataSet.setString(.sopInstanceUID, .UI, "2.25.660\(index)")
            dataSet.setString(.patientName, .PN, "RETRY^TEST")
            dataSet.set(Element(.pixelData, .OW, bytes: [UInt8](repeating: UInt8(index), count: 200_000)))
            try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: study.appendingPathComponent("i\(index).dcm").path, options: WriteOptions(meta: .regenerate))
        }
        return study
    }
}

/// Reads a pipe to its end on another thread, so the writer never blocks on a full pipe.
private final class PipeReader: @unchecked Sendable {
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        DispatchQueue.global().async {
            self.collected = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func data() -> Data {
        done.wait()
        return collected
    }
}
