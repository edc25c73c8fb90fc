import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMRepair

final class AuditLogTests: XCTestCase {
    static func record(_ n: Int) -> AuditRecord {
        AuditRecord(
            entry: "E\(n)", time: AuditLog.timestamp(), operator: "op", reason: "r", version: "0", commandLine: ["dicomfix"],
            action: "correct", input: "/in/\(n)", inputSHA256: String(repeating: "a", count: 64), output: "/out/\(n)",
            outputSHA256: String(repeating: "b", count: 64), sopInstanceUID: "1.2.\(n)", changes: [])
    }

    func temporaryLog() throws -> AuditLog {
        AuditLog(path: try temporaryDirectory(self).appendingPathComponent("audit.jsonl").path)
    }

    func test_appends_chainEachRecordToTheLineBefore() throws {
        let log = try temporaryLog()
        try log.append([Self.record(1), Self.record(2)])
        try log.append([Self.record(3)])
        let records = try log.records()
        XCTAssertEqual(records.map(\.entry), ["E1", "E2", "E3"])
        XCTAssertEqual(records[0].previous, AuditLog.chainStart)
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(records[2].previous, FileDigest.sha256(Array(lines[1].utf8)))
        let (problems, head, _) = try log.verify()
        XCTAssertTrue(problems.isEmpty, "\(problems)")
        XCTAssertEqual(head, FileDigest.sha256(Array(lines[2].utf8)))
    }

    func test_concurrentAppends_keepTheChainIntact() throws {
        let log = try temporaryLog()
        DispatchQueue.concurrentPerform(iterations: 40) { n in
            _ = try? log.append([Self.record(n)])
        }
        XCTAssertEqual(try log.records().count, 40)
        XCTAssertTrue(try log.verify().problems.isEmpty)
    }

    func test_editedLine_breaksTheChainAtTheNextRecord() throws {
        let log = try temporaryLog()
        try log.append([Self.record(1), Self.record(2), Self.record(3)])
        var text = try String(contentsOfFile: log.path, encoding: .utf8)
        text = text.replacingOccurrences(of: "/in/2", with: "/in/9")
        try text.write(toFile: log.path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try log.verify().problems.map(\.line), [3])
    }

    func test_notJSONLine_isReported() throws {
        let log = try temporaryLog()
        try log.append([Self.record(1)])
        try ("garbage\n").appendLine(to: log.path)
        XCTAssertEqual(try log.verify().problems.map(\.line), [2])
        XCTAssertThrowsError(try log.records())
    }

    func test_expectedHead_findsATruncatedLog_andAcceptsLaterAppends() throws {
        let log = try temporaryLog()
        try log.append([Self.record(1), Self.record(2)])
        let head = try log.verify().head
        try log.append([Self.record(3)])
        XCTAssertTrue(try log.verify(expectedHead: head).problems.isEmpty, "an append after the head is fine")
        let lateHead = try log.verify().head
        XCTAssertEqual(try log.verify().lines, 3)

        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(2).joined(separator: "\n") + "\n").write(toFile: log.path, atomically: true, encoding: .utf8)
        XCTAssertTrue(try log.verify().problems.isEmpty, "the chain alone does not see the cut")
        let problems = try log.verify(expectedHead: lateHead).problems
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems.first?.message.contains("truncated") ?? false, "\(problems)")
        XCTAssertTrue(try log.verify(expectedHead: head.uppercased()).problems.isEmpty, "hex digits in either case")
    }

    func test_loginName_prefersLOGNAME_thenUSER_thenTheAccount() {
        XCTAssertEqual(AuditContext.loginName(environment: ["LOGNAME": "alice", "USER": "bob"]), "alice")
        XCTAssertEqual(AuditContext.loginName(environment: ["LOGNAME": " ", "USER": "bob"]), "bob")
        let account = AuditContext.loginName(environment: [:])
        XCTAssertFalse(account.isEmpty)
        XCTAssertNotEqual(account, "unknown", "getlogin or the passwd entry names the user")
        XCTAssertEqual(AuditContext(operator: nil, reason: "r", version: "0", commandLine: [], action: "edit").operator, AuditContext.loginName())
        XCTAssertEqual(AuditContext(operator: "carol", reason: "r", version: "0", commandLine: [], action: "edit").operator, "carol")
    }

    func test_entryIDs_sortByTime_andDiffer() {
        let a = AuditContext.newEntryID(date: Date(timeIntervalSince1970: 0))
        XCTAssertTrue(a.hasPrefix("19700101T000000Z-"), a)
        XCTAssertNotEqual(AuditContext.newEntryID(), AuditContext.newEntryID())
    }
}

final class CSVRulesTests: XCTestCase {
    func test_quotedCells_holdCommasQuotesAndNewlines() throws {
        let rows = try CSV.rows("a,b\r\n\"x,1\",\"say \"\"hi\"\"\nthere\"\n")
        XCTAssertEqual(rows, [["a", "b"], ["x,1", "say \"hi\"\nthere"]])
    }

    func test_rows_becomeRulesSelectingByTheFirstColumn() throws {
        let rules = try CSVRules.parse("PatientID,PatientID,PatientName\nOLD-1,NEW-1,\nOLD-2,,DOE^JOHN\n", characterSetPolicy: .refuse)
        XCTAssertEqual(rules.count, 2)
        var dataSet = DataSet()
        _ = dataSet.setString(.patientID, .LO, "OLD-1")
        XCTAssertTrue(rules[0].selection.matches(dataSet))
        XCTAssertFalse(rules[1].selection.matches(dataSet))
        let changes = try rules[0].editor.apply(to: &dataSet)
        XCTAssertEqual(changes.map(\.keyword), ["PatientID"])
        XCTAssertEqual(dataSet.string(.patientID), "NEW-1")
    }

    func test_unknownColumn_andOpenQuote_areErrors() {
        XCTAssertThrowsError(try CSVRules.parse("PatientID,NoSuchKeyword\n1,2\n", characterSetPolicy: .refuse))
        XCTAssertThrowsError(try CSV.rows("a,\"b\n"))
    }
}

extension String {
    func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        handle.write(Data(utf8))
        try handle.close()
    }
}
