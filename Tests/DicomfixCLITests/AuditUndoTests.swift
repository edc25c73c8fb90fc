import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// What the audit log and the files record about a change, `undo --entry`, and `audit verify`
/// with `--check-files` and `--expect-head`, run as the real binary on copies of the Samples.
final class AuditUndoTests: XCTestCase {
    typealias F = ChangeFixtures

    /// Moves series 2 of the wrong-patient sample to the patient of series 1 (ROE^RICHARD,
    /// DCMFIX-0002, born 19650704, M), into `out`.
    func correctWrongPatient(_ study: String, out: String, log: String, extra: [String] = [], environment: [String: String] = [:]) throws
        -> CommandResult
    {
        let series2 = try XCTUnwrap(try F.dataSet("\(study)/series-2/image-1.dcm").string(.seriesInstanceUID))
        return try dicomfix(
            ["correct", study, "--output", out, "--reason", "ticket 4711", "--audit-log", log, "--series", series2, "--patient-name", "ROE^RICHARD",
             "--patient-id", "DCMFIX-0002", "--birth-date", "19650704", "--sex", "M"] + extra, environment: environment)
    }

    func head(_ verify: CommandResult) throws -> String {
        let line = try XCTUnwrap(verify.stdout.split(separator: "\n").first { $0.hasPrefix("head: ") }, verify.stdout)
        return String(line.dropFirst("head: ".count))
    }

    /// `YYYYMMDDHHMMSS+0000` as a date, or nil.
    func dicomDateTime(_ text: String) -> Date? {
        guard text.count == 19, text.hasSuffix("+0000") else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.date(from: String(text.prefix(14)))
    }

    func test_originalAttributesItem_andLogRecord_holdSystemTimeHashesUIDAndEveryChange() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = F.sample("wrong-patient")
        let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let result = try correctWrongPatient(study, out: out, log: log, extra: ["--operator", "tester"])
        let end = Date()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let version = Dicomfix.configuration.version
        let records = try F.records(log)
        XCTAssertEqual(records.count, 2)

        for name in ["series-2/image-1.dcm", "series-2/image-2.dcm"] {
            let output = "\(out)/\(name)", input = "\(study)/\(name)"
            let written = try F.dataSet(output)
            let item = try XCTUnwrap(written[.originalAttributesSequence]?.items.last?.dataSet)
            XCTAssertEqual(item.string(.modifyingSystem), "dicomfix \(version)")
            XCTAssertEqual(item.string(.reasonForTheAttributeModification), "CORRECT")
            let stamp = try XCTUnwrap(item.string(.attributeModificationDateTime))
            let when = try XCTUnwrap(dicomDateTime(stamp), "not a UTC DT: \(stamp)")
            XCTAssertTrue(when >= start && when <= end, "\(stamp) is not the time of the run")
            let old = try XCTUnwrap(item[.modifiedAttributesSequence]?.items.first?.dataSet)
            XCTAssertEqual(old.string(.patientName), "POE^EDGAR")
            XCTAssertEqual(old.string(.patientID), "DCMFIX-0003")

            let record = try XCTUnwrap(records.first { $0["output"] as? String == output }, "no record for \(output)")
            XCTAssertEqual(record["input"] as? String, input)
            XCTAssertEqual(record["inputSHA256"] as? String, try F.sha256(input))
            XCTAssertEqual(record["outputSHA256"] as? String, try F.sha256(output))
            XCTAssertEqual(record["sopInstanceUID"] as? String, written.string(.sopInstanceUID))
            XCTAssertNotNil(written.string(.sopInstanceUID))
            XCTAssertEqual(record["version"] as? String, version)
            XCTAssertEqual(record["operator"] as? String, "tester")
            XCTAssertEqual((record["commandLine"] as? [String])?.dropFirst().first, "correct")
            let time = try XCTUnwrap(record["time"] as? String)
            XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression), time)
            let changes = try XCTUnwrap(record["changes"] as? [[String: Any]])
            func change(_ path: String) -> [String: Any]? { changes.first { $0["path"] as? String == path } }
            let name = try XCTUnwrap(change("(0010,0010)"), "\(changes)")
            XCTAssertEqual(name["keyword"] as? String, "PatientName")
            XCTAssertEqual(name["vr"] as? String, "PN")
            XCTAssertEqual(name["old"] as? String, "POE^EDGAR")
            XCTAssertEqual(name["new"] as? String, "ROE^RICHARD")
            let id = try XCTUnwrap(change("(0010,0020)"))
            XCTAssertEqual(id["keyword"] as? String, "PatientID")
            XCTAssertEqual(id["vr"] as? String, "LO")
            XCTAssertEqual(id["old"] as? String, "DCMFIX-0003")
            XCTAssertEqual(id["new"] as? String, "DCMFIX-0002")
            let history = try XCTUnwrap(change("(0400,0561)"), "the added Original Attributes item is a change too")
            XCTAssertEqual(history["vr"] as? String, "SQ")
            XCTAssertNil(history["old"], "absent before")
            let birth = try XCTUnwrap(change("(0010,0030)"))
            XCTAssertEqual(birth["keyword"] as? String, "PatientBirthDate")
            XCTAssertEqual(birth["vr"] as? String, "DA")
            XCTAssertEqual(birth["old"] as? String, "19520119")
            XCTAssertEqual(birth["new"] as? String, "19650704")
            let age = try XCTUnwrap(change("(0010,1010)"), "Patient's Age follows the birth date")
            XCTAssertEqual(age["vr"] as? String, "AS")
            XCTAssertEqual(age["old"] as? String, "072Y")
            XCTAssertNil(change("(0010,0040)"), "the sex was already M: no change logged")
            XCTAssertEqual(changes.count, 5, "\(changes)")
        }
    }

    func test_undoEntry_undoesThatEntryOnly_andRefusesUnknownOrUndoneEntries() throws {
        let folder = try temporaryDirectory(self)
        let study = try F.copies(of: ["ct-study"], in: folder).appendingPathComponent("ct-study").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let originals = try F.snapshot(study)
        let series1 = try XCTUnwrap(try F.dataSet("\(study)/series-1/image-1.dcm").string(.seriesInstanceUID))
        let series2 = try XCTUnwrap(try F.dataSet("\(study)/series-2/image-1.dcm").string(.seriesInstanceUID))
        for (series, text) in [(series1, "FIRST"), (series2, "SECOND")] {
            let run = try dicomfix(["correct", study, "--in-place", "--reason", "r", "--audit-log", log, "--series", series, "--set", "SeriesDescription=\(text)"])
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        }
        let entries = try F.records(log).compactMap { $0["entry"] as? String }
        XCTAssertEqual(entries.count, 5)
        let first = try XCTUnwrap(entries.first), second = try XCTUnwrap(entries.last)
        XCTAssertNotEqual(first, second)

        let undo = try dicomfix(["undo", "--audit-log", log, "--entry", first])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        for (path, original) in originals where path.contains("/series-1/") {
            XCTAssertEqual(try F.bytes(path), original, "\(path): the entry undone is restored")
        }
        for path in originals.keys where path.contains("/series-2/") {
            XCTAssertEqual(try F.dataSet(path).string(.seriesDescription), "SECOND", "\(path): the later entry stays")
        }
        let undoRecords = try F.records(log).filter { $0["action"] as? String == "undo" }
        XCTAssertEqual(undoRecords.count, 3)
        XCTAssertTrue(undoRecords.allSatisfy { $0["undoes"] as? String == first })

        let again = try dicomfix(["undo", "--audit-log", log, "--entry", first])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("entry \(first) was already undone"), again.stderr)
        let unknown = try dicomfix(["undo", "--audit-log", log, "--entry", "19700101T000000Z-00000000"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("has no entry 19700101T000000Z-00000000"), unknown.stderr)
        let list = try dicomfix(["audit", "list", log])
        XCTAssertTrue(list.stdout.contains("\(first)") && list.stdout.contains("(undone by"), list.stdout)
        XCTAssertEqual(try dicomfix(["audit", "verify", log, "--check-files"]).status, 0)
    }

    func test_verifyCheckFiles_fails_whenALoggedFileWasModifiedOrIsMissing() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        XCTAssertEqual(try correctWrongPatient(F.sample("wrong-patient"), out: out, log: log).status, 0)
        let intact = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(intact.status, 0, intact.stdout)
        XCTAssertTrue(intact.stdout.contains("every file is as logged"), intact.stdout)

        let modified = "\(out)/series-2/image-1.dcm", missing = "\(out)/series-2/image-2.dcm"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: modified))
        try handle.seekToEnd()
        handle.write(Data([0, 0]))
        try handle.close()
        let afterModify = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(afterModify.status, 1, afterModify.stdout)
        XCTAssertTrue(afterModify.stdout.contains("changed: \(modified) (SHA-256 differs from entry"), afterModify.stdout)
        XCTAssertFalse(afterModify.stdout.contains(missing), "the untouched file is not reported")

        try FileManager.default.removeItem(atPath: missing)
        let afterRemove = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(afterRemove.status, 1, afterRemove.stdout)
        XCTAssertTrue(afterRemove.stdout.contains("changed: \(missing) (missing)"), afterRemove.stdout)
        XCTAssertEqual(try dicomfix(["audit", "verify", log]).status, 0, "without --check-files only the chain is checked")
    }

    func test_truncatedLog_isDetected_withTheHeadKeptEarlier() throws {
        let folder = try temporaryDirectory(self)
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = F.sample("wrong-patient")
        XCTAssertEqual(try correctWrongPatient(study, out: folder.appendingPathComponent("a").path, log: log).status, 0)
        let firstVerify = try dicomfix(["audit", "verify", log])
        XCTAssertEqual(firstVerify.status, 0, firstVerify.stdout)
        XCTAssertTrue(firstVerify.stdout.contains("records: 2"), firstVerify.stdout)
        let earlyHead = try head(firstVerify)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(earlyHead, try F.sha256Text(lines[1]), "the head is the SHA-256 of the last line")

        XCTAssertEqual(try correctWrongPatient(study, out: folder.appendingPathComponent("b").path, log: log).status, 0)
        let grown = try dicomfix(["audit", "verify", log, "--expect-head", earlyHead])
        XCTAssertEqual(grown.status, 0, "records appended after the head are fine: \(grown.stdout)")
        let lateHead = try head(grown)
        XCTAssertNotEqual(lateHead, earlyHead)

        let all = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(all.count, 4)
        try (all.prefix(3).joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        XCTAssertEqual(try dicomfix(["audit", "verify", log]).status, 0, "the chain alone cannot see a cut-off tail")
        let cut = try dicomfix(["audit", "verify", log, "--expect-head", lateHead])
        XCTAssertEqual(cut.status, 1, cut.stdout)
        XCTAssertTrue(cut.stdout.contains("the log was truncated"), cut.stdout)
        XCTAssertEqual(try dicomfix(["audit", "verify", log, "--expect-head", earlyHead]).status, 0, "the early head is still there")

        let malformed = try dicomfix(["audit", "verify", log, "--expect-head", "abc"])
        XCTAssertEqual(malformed.status, 64, malformed.stderr)
    }

    func test_operator_defaultsToTheLoginName() throws {
        let folder = try temporaryDirectory(self)
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = F.sample("wrong-patient")
        let run = try correctWrongPatient(
            study, out: folder.appendingPathComponent("a").path, log: log, environment: ["LOGNAME": "login-i6", "USER": "user-i6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try F.records(log).map { $0["operator"] as? String }, ["login-i6", "login-i6"])

        let userOnly = try correctWrongPatient(
            study, out: folder.appendingPathComponent("b").path, log: log, environment: ["LOGNAME": "", "USER": "user-i6"])
        XCTAssertEqual(userOnly.status, 0, userOnly.stderr)
        XCTAssertEqual(try F.records(log).suffix(2).map { $0["operator"] as? String }, ["user-i6", "user-i6"])

        let undo = try dicomfix(["undo", "--audit-log", log], environment: ["LOGNAME": "undoer-i6"])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try F.records(log).suffix(2).map { $0["operator"] as? String }, ["undoer-i6", "undoer-i6"])
    }

    func test_noBackup_keepsNoBackup() throws {
        let folder = try temporaryDirectory(self)
        let study = try F.copies(of: ["wrong-patient"], in: folder).appendingPathComponent("wrong-patient").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let backupDir = folder.appendingPathComponent("my-backups").path
        let series2 = try XCTUnwrap(try F.dataSet("\(study)/series-2/image-1.dcm").string(.seriesInstanceUID))
        let arguments = ["correct", study, "--in-place", "--reason", "r", "--audit-log", log, "--series", series2]

        let kept = try dicomfix(arguments + ["--patient-name", "ROE^RICHARD", "--patient-id", "DCMFIX-0002", "--birth-date", "19650704", "--backup-dir", backupDir])
        XCTAssertEqual(kept.status, 0, kept.stdout + kept.stderr)
        XCTAssertEqual(F.files(in: backupDir).count, 2, "the control: a backup per changed file without --no-backup")
        XCTAssertTrue(try F.records(log).allSatisfy { ($0["backup"] as? String)?.hasPrefix(backupDir) == true })

        let none = try dicomfix(arguments + ["--set", "SeriesDescription=NO BACKUP", "--no-backup"])
        XCTAssertEqual(none.status, 0, none.stdout + none.stderr)
        let records = try F.records(log).suffix(2)
        XCTAssertEqual(records.count, 2)
        XCTAssertTrue(records.allSatisfy { $0["backup"] == nil }, "no backup is recorded: \(records)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("dicomfix-backups").path), "no default backup folder")
        XCTAssertEqual(F.files(in: backupDir).count, 2, "nothing added to the backup folder")
        XCTAssertEqual(F.files(in: folder.path).filter { !$0.hasPrefix(backupDir) }.map { ($0 as NSString).lastPathComponent }.sorted(), [
            "audit.jsonl", "image-1.dcm", "image-1.dcm", "image-2.dcm", "image-2.dcm",
        ], "no copy anywhere else")
    }

    func test_undo_ofAFileLoggedButNeverReplaced_recordsItAsAlreadyRestored() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("fixed").path
        let log = folder.appendingPathComponent("audit.jsonl").path
        let study = F.sample("wrong-patient")
        XCTAssertEqual(try correctWrongPatient(study, out: out, log: log).status, 0)
        // As a run killed between logging a file and renaming it over the old one leaves it.
        let name = "series-2/image-1.dcm"
        try FileManager.default.removeItem(atPath: "\(out)/\(name)")
        try FileManager.default.copyItem(atPath: "\(study)/\(name)", toPath: "\(out)/\(name)")
        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertTrue(undo.stdout.contains("already as before the entry"), undo.stdout)
        for image in ["series-2/image-1.dcm", "series-2/image-2.dcm"] {
            XCTAssertEqual(try F.bytes("\(out)/\(image)"), try F.bytes("\(study)/\(image)"), image)
        }
        let verify = try dicomfix(["audit", "verify", log, "--check-files"])
        XCTAssertEqual(verify.status, 0, verify.stdout)
    }
}
