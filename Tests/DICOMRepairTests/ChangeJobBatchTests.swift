import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMRepair

/// `ChangeJob.commit` over many files: one write batch, its audit records appended before any
/// file is replaced, and nothing replaced when the records cannot be written.
final class ChangeJobBatchTests: XCTestCase {
    private func study(_ count: Int, in folder: URL) throws -> [JobFile] {
        try (0..<count).map { index in
            var dataSet = DataSet()
            _ = dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
            _ = dataSet.setString(.sopInstanceUID, .UI, "1.2.3.4.\(index + 1)")
            _ = dataSet.setString(.studyInstanceUID, .UI, "1.2.3.9")
            _ = dataSet.setString(.patientName, .PN, "POE^EDGAR")
            _ = dataSet.setString(.patientID, .LO, "P1")
            let input = folder.appendingPathComponent("in/\(index).dcm").path
            try FileManager.default.createDirectory(atPath: (input as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: input, options: WriteOptions(meta: .regenerate))
            return JobFile(input: input, output: folder.appendingPathComponent("out/\(index).dcm").path, relativePath: "\(index).dcm")
        }
    }

    private func job(selectingInstance instance: String? = nil) throws -> ChangeJob {
        var selection = FileSelection()
        if let instance { try selection.addCondition("SOPInstanceUID=\(instance)") }
        let editor = Editor(edits: [try AttributeEdit(keyword: "PatientName", value: "ROE^RICHARD")])
        return ChangeJob(
            transform: EditRules([EditRule(selection: selection, editor: editor)]), recordOriginalAttributes: false,
            note: ModificationNote(reason: "CORRECT", system: "test"))
    }

    private let context = AuditContext(operator: "op", reason: "test", version: "0", commandLine: ["dicomfix"], action: "correct")

    func test_manyFiles_areWrittenAndLoggedInOrder_withTheDigestsOfTheOutputs() throws {
        let folder = try temporaryDirectory(self)
        let files = try study(40, in: folder)
        let log = AuditLog(path: folder.appendingPathComponent("audit.jsonl").path)
        let outcomes = try job().commit(files, log: log, context: context)
        XCTAssertEqual(outcomes.map(\.status), Array(repeating: .written, count: 40))
        let records = try log.records()
        XCTAssertEqual(records.map(\.output), files.map(\.output))
        XCTAssertTrue(try log.verify().problems.isEmpty)
        for (file, record) in zip(files, records) {
            XCTAssertEqual(try FileDigest.sha256(path: file.output), record.outputSHA256)
            XCTAssertEqual(try DicomReader.read(path: file.output).dataSet.string(.patientName), "ROE^RICHARD")
        }
        XCTAssertEqual(outcomes.compactMap(\.record?.previous).count, 40, "each outcome carries its chained record")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        XCTAssertFalse(left.contains { $0.hasPrefix(AtomicFile.temporaryPrefix) }, "\(left)")
    }

    func test_unwritableAuditLog_leavesEveryOutputUnwritten() throws {
        let folder = try temporaryDirectory(self)
        let files = try study(3, in: folder)
        // A folder where the log should be: it cannot be opened for appending.
        let logPath = folder.appendingPathComponent("audit.jsonl")
        try FileManager.default.createDirectory(at: logPath, withIntermediateDirectories: false)
        let outcomes = try job().commit(files, log: AuditLog(path: logPath.path), context: context)
        for outcome in outcomes {
            guard case .failed(let message) = outcome.status else { return XCTFail("\(outcome.status)") }
            XCTAssertTrue(message.contains("audit log"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path), [])
    }

    func test_oneUnreadableFile_failsAlone_andUnselectedFilesAreCopied() throws {
        let folder = try temporaryDirectory(self)
        var files = try study(3, in: folder)
        files.insert(JobFile(input: folder.appendingPathComponent("in/missing.dcm").path, output: folder.appendingPathComponent("out/missing.dcm").path, relativePath: "missing.dcm"), at: 1)
        let log = AuditLog(path: folder.appendingPathComponent("audit.jsonl").path)
        let outcomes = try job(selectingInstance: "1.2.3.4.1").commit(files, log: log, context: context)
        XCTAssertEqual(outcomes.first?.status, .written)
        if case .failed = outcomes[1].status {} else { XCTFail("\(outcomes[1].status)") }
        XCTAssertEqual(outcomes.dropFirst(2).map(\.status), [.copied, .copied])
        XCTAssertEqual(try log.records().count, 1)
        for file in [files[2], files[3]] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file.output)), try Data(contentsOf: URL(fileURLWithPath: file.input)))
        }
    }
}

/// Leftovers of interrupted runs: removed next to the outputs and anywhere in the backup folder
/// when their owner process is gone; temporaries of live runs stay.
final class ChangeJobLeftoversTests: XCTestCase {
    func test_removeLeftovers_removesDeadOwnersTemporaries_inOutputAndBackupFolders_only() throws {
        let folder = try temporaryDirectory(self)
        let host = machineHostName()
        let dead = try deadProcessID()
        let backups = folder.appendingPathComponent("backups/20261201T000000Z-00000000/sub")
        let output = folder.appendingPathComponent("out")
        for directory in [backups, output] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let deadInBackup = backups.appendingPathComponent(".dicomfix-tmp-\(dead)@\(host)~a.dcm.Ab12Cd")
        let deadInOutput = output.appendingPathComponent(".dicomfix-tmp-\(dead)@\(host)~b.dcm.Ab12Cd")
        let live = output.appendingPathComponent(".dicomfix-tmp-\(getppid())@\(host)~c.dcm.Ab12Cd")
        for file in [deadInBackup, deadInOutput, live] { try Data([0]).write(to: file) }

        let job = ChangeJob(
            transform: EditRules([]), note: ModificationNote(reason: "CORRECT", system: "test"), inPlace: true,
            backupFolder: folder.appendingPathComponent("backups").path)
        job.removeLeftovers(near: [JobFile(input: "x", output: output.appendingPathComponent("x.dcm").path, relativePath: "x.dcm")])
        XCTAssertFalse(FileManager.default.fileExists(atPath: deadInBackup.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: deadInOutput.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a running process's temporary stays")
    }
}
