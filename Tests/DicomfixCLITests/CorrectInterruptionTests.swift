import DICOM
import Foundation
import XCTest

/// `correct --in-place` killed (SIGKILL) at random moments on a study of 150 files: every
/// file is left old or new, the audit log stays intact and names every file that changed, and
/// rerunning the command completes the job exactly as an uninterrupted run, leaving no
/// temporary file behind.
final class CorrectInterruptionTests: XCTestCase {
    typealias F = ChangeFixtures
    static let fileCount = 150

    /// A study of `fileCount` slices made from one sample file (distinct SOP Instance UIDs).
    func makeStudy(in folder: URL) throws -> String {
        let study = folder.appendingPathComponent("pristine").path
        try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
        let base = try DicomReader.read(path: F.sample("ct-study/series-1/image-1.dcm"))
        let uid = try XCTUnwrap(base.dataSet.string(.sopInstanceUID))
        for index in 1...Self.fileCount {
            var file = base
            XCTAssertTrue(file.dataSet.setString(.sopInstanceUID, .UI, "\(uid).\(index)"))
            XCTAssertTrue(file.dataSet.setString(.instanceNumber, .IS, "\(index)"))
            try DicomWriter.write(file, toPath: String(format: "%@/slice-%03d.dcm", study, index))
        }
        return study
    }

    func arguments(_ study: String, log: String, originalAttributes: Bool) -> [String] {
        ["correct", study, "--in-place", "--reason", "ticket 4711", "--operator", "tester", "--audit-log", log, "--patient-name", "ROE^RICHARD",
         "--patient-id", "DCMFIX-0002"] + (originalAttributes ? [] : ["--no-original-attributes"])
    }

    /// A fresh copy of `study` under `folder`, with the log path next to it.
    func trialCopy(of study: String, in folder: URL, _ name: String) throws -> (study: String, log: String) {
        let trial = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: trial, withIntermediateDirectories: true)
        let copy = trial.appendingPathComponent("study").path
        try FileManager.default.copyItem(atPath: study, toPath: copy)
        return (copy, trial.appendingPathComponent("audit.jsonl").path)
    }

    /// The temporary files (`.dicomfix-tmp-*`) under `folder`.
    func leftovers(_ folder: String) -> [String] {
        F.files(in: folder).filter { ($0 as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix) }
    }

    /// Runs dicomfix and kills it with SIGKILL after `delay` seconds (if still running).
    /// - Returns: whether it was killed before it finished.
    func runAndKill(_ arguments: [String], after delay: TimeInterval) throws -> Bool {
        let process = Process()
        process.executableURL = try dicomfixBinary()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
        process.waitUntilExit()
        return killed && process.terminationReason == .uncaughtSignal
    }

    /// Whether the corrected file at `path` is as a complete run leaves it: the new patient and
    /// one Original Attributes item holding the old one (its date-time differs from run to run).
    func isCorrected(_ path: String, pristine: Data) throws -> Bool {
        let d = try F.dataSet(path)
        guard d.string(.patientName) == "ROE^RICHARD", d.string(.patientID) == "DCMFIX-0002" else { return false }
        let items = d[.originalAttributesSequence]?.items ?? []
        XCTAssertEqual(items.count, 1, "\(path): one history item, not one per run")
        XCTAssertEqual(items.first?.dataSet[.modifiedAttributesSequence]?.items.first?.dataSet.string(.patientName), "DOE^JANE")
        return try F.bytes(path).suffix(8192) == pristine.suffix(8192)
    }

    func test_killedInPlaceRuns_leaveFilesOldOrNew_andRerunCompletesTheJob() throws {
        let folder = try temporaryDirectory(self)
        let pristine = try makeStudy(in: folder)
        let pristineBytes = try F.bytes("\(pristine)/slice-001.dcm")
        let original = try Dictionary(uniqueKeysWithValues: F.files(in: pristine).map { (($0 as NSString).lastPathComponent, try F.bytes($0)) })
        XCTAssertEqual(original.count, Self.fileCount)

        // The uninterrupted run: the expected result (without the date-stamped history item,
        // so that it is byte for byte) and how long a run takes.
        let reference = try trialCopy(of: pristine, in: folder, "reference")
        let started = Date()
        let complete = try dicomfix(arguments(reference.study, log: reference.log, originalAttributes: false))
        let duration = Date().timeIntervalSince(started)
        XCTAssertEqual(complete.status, 0, complete.stdout + complete.stderr)
        let expected = try Dictionary(uniqueKeysWithValues: F.files(in: reference.study).map { (($0 as NSString).lastPathComponent, try F.bytes($0)) })
        XCTAssertEqual(expected.count, Self.fileCount)
        XCTAssertTrue(expected.allSatisfy { original[$0.key] != $0.value }, "the reference run changed every file")

        var interruptedMidway = 0, leftoversSeen = 0, trials = 0
        while trials < 6 || (interruptedMidway < 3 && trials < 12) {
            let withHistory = trials % 2 == 1
            let trial = try trialCopy(of: pristine, in: folder, "trial-\(trials)")
            // Moments spread over the run: trial k is killed in the k-th sixth of its duration.
            let delay = duration * (Double(trials % 6) + Double.random(in: 0..<1)) / 6
            trials += 1
            let killed = try runAndKill(arguments(trial.study, log: trial.log, originalAttributes: withHistory), after: delay)
            guard killed else { continue }

            var old = 0, new = 0
            let records = FileManager.default.fileExists(atPath: trial.log) ? try F.records(trial.log) : []
            for path in F.files(in: trial.study) where !(path as NSString).lastPathComponent.hasPrefix(".") {
                let name = (path as NSString).lastPathComponent
                let bytes = try F.bytes(path)
                XCTAssertNoThrow(try F.dataSet(path), "\(path) does not parse after the kill")
                if bytes == original[name] {
                    old += 1
                } else if withHistory ? try isCorrected(path, pristine: pristineBytes) : bytes == expected[name] {
                    new += 1
                    let digest = try F.sha256(path)
                    XCTAssertTrue(
                        records.contains { $0["output"] as? String == path && $0["outputSHA256"] as? String == digest },
                        "\(path) was changed without its audit record")
                } else {
                    XCTFail("\(path) is neither the old nor the new file after a kill at \(delay) s")
                }
            }
            XCTAssertEqual(old + new, Self.fileCount, "a file went missing")
            if old > 0 && new > 0 { interruptedMidway += 1 }
            if !leftovers(trial.study).isEmpty { leftoversSeen += 1 }
            if FileManager.default.fileExists(atPath: trial.log) {
                let verify = try dicomfix(["audit", "verify", trial.log])
                XCTAssertEqual(verify.status, 0, "the log is intact after the kill: \(verify.stdout)")
            }

            let rerun = try dicomfix(arguments(trial.study, log: trial.log, originalAttributes: withHistory))
            XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
            for path in F.files(in: trial.study) {
                let name = (path as NSString).lastPathComponent
                if withHistory {
                    XCTAssertTrue(try isCorrected(path, pristine: pristineBytes), "\(path) is not corrected after the rerun")
                } else {
                    XCTAssertEqual(try F.bytes(path), expected[name], "\(path) differs from the uninterrupted run's result")
                }
            }
            XCTAssertEqual(leftovers((trial.study as NSString).deletingLastPathComponent), [], "temporary files left after the rerun")
            let verify = try dicomfix(["audit", "verify", trial.log, "--check-files"])
            XCTAssertEqual(verify.status, 0, verify.stdout)
        }
        print("interruption: \(trials) trials over a \(String(format: "%.2f", duration)) s run, \(interruptedMidway) killed with files both old and new, \(leftoversSeen) left temporary files that the rerun removed")
        XCTAssertGreaterThanOrEqual(interruptedMidway, 1, "no kill landed while files were being written")
    }
}
