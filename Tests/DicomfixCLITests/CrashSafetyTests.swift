import DICOM
import DICOMTestSupport
import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `dicomfix anonymize` and `dicomfix correct` killed with SIGKILL at random moments while
/// writing a 600-file study: the output folder holds only complete files (each byte-identical
/// to the uninterrupted run's and readable without error), the inputs are untouched, and
/// running the same command again removes any leftover temporary file and gives exactly the
/// uninterrupted run's output.
final class CrashSafetyTests: XCTestCase {
    struct Job {
        var name: String
        var arguments: (_ output: String) -> [String]
    }

    func test_killedRuns_leaveOnlyCompleteFiles_andARerunFinishesTheJob() throws {
        let root = try temporaryDirectory(self)
        let input = root.appendingPathComponent("study")
        let inputs = try makeStudy(in: input, count: 600)
        let key = root.appendingPathComponent("study.key").path
        XCTAssertEqual(try dicomfix(["anonymize", "--new-key", key]).status, 0)
        let log = root.appendingPathComponent("audit.jsonl").path
        let jobs = [
            Job(name: "anonymize") { ["anonymize", input.path, "--output", $0, "--key-file", key] },
            Job(name: "correct") {
                ["correct", input.path, "--patient-name", "ROE^RICHARD", "--patient-id", "CRASH-2", "--output", $0,
                 "--reason", "crash test", "--audit-log", log, "--no-original-attributes"]
            },
        ]
        var random = SplitMix(seed: 11_2026)
        var interrupted = 0, leftovers = 0, trials = 0
        for job in jobs {
            // The uninterrupted run, to compare with, and how long it takes.
            let reference = root.appendingPathComponent("\(job.name)-reference")
            let started = Date()
            let referenceStatus = try run(job.arguments(reference.path))
            let duration = Date().timeIntervalSince(started)
            let expected = try tree(reference)
            XCTAssertEqual(expected.count, 600, "\(job.name): the reference run wrote every file")
            for trial in 0..<6 {
                trials += 1
                let output = root.appendingPathComponent("\(job.name)-\(trial)")
                let delay = duration * (0.05 + 0.9 * random.unit())
                let killed = try runAndKill(job.arguments(output.path), after: delay)
                if killed { interrupted += 1 }
                let what = "\(job.name) trial \(trial) (killed after \(String(format: "%.2f", delay)) s)"

                // Only complete files: every one is exactly the reference's, and reads cleanly.
                let partial = try tree(output)
                let temporaries = partial.keys.filter { isTemporary($0) }
                if !temporaries.isEmpty { leftovers += 1 }
                for (path, bytes) in partial where !isTemporary(path) {
                    XCTAssertEqual(bytes, expected[path], "\(what): \(path) is not the complete file")
                    let file = try DicomReader.read(bytes: [UInt8](bytes), name: path)
                    XCTAssertTrue(file.errors.isEmpty, "\(what): \(path): \(file.errors)")
                }
                try assertUntouched(inputs, what)

                // A stale temporary of a dead process, as a kill between write and rename leaves,
                // in a folder the command writes to.
                let folder = output.appendingPathComponent("series-1")
                let stale = folder.appendingPathComponent(".dicomfix-tmp-\(try deadProcessID())@\(machineHostName())~image-0001.dcm.AbC123")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data([1, 2, 3]).write(to: stale)

                // The same command again finishes the job: the uninterrupted run's tree exactly.
                XCTAssertEqual(try run(job.arguments(output.path)), referenceStatus, what)
                let finished = try tree(output)
                XCTAssertEqual(finished.keys.filter { isTemporary($0) }, [], "\(what): temporary files left after the rerun")
                XCTAssertEqual(Set(finished.keys), Set(expected.keys), what)
                XCTAssertTrue(finished == expected, "\(what): the rerun differs from the uninterrupted run")
                try assertUntouched(inputs, what)
                try FileManager.default.removeItem(at: output)
            }
        }
        print("crash safety: \(trials) trials, \(interrupted) killed mid-run, \(leftovers) left temporary files")
        XCTAssertGreaterThanOrEqual(trials, 10)
        XCTAssertGreaterThanOrEqual(interrupted, 8, "most trials must really interrupt the run")
    }

    // MARK: - Helpers

    func isTemporary(_ relativePath: String) -> Bool {
        (relativePath as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix)
    }

    /// 600 small CT images (64x64, 16-bit) in three series of one study, with their bytes.
    func makeStudy(in folder: URL, count: Int) throws -> [String: Data] {
        var written: [String: Data] = [:]
        for index in 1...count {
            let series = (index - 1) / 200 + 1
            var dataSet = DataSet()
            dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2")
            dataSet.setString(.sopInstanceUID, .UI, "2.25.4711.\(series).\(index)")
            dataSet.setString(.studyDate, .DA, "20240312")
            dataSet.setString(.modality, .CS, "CT")
            dataSet.setString(.patientName, .PN, "DOE^JOHN")
            dataSet.setString(.patientID, .LO, "CRASH-1")
            dataSet.setString(.patientBirthDate, .DA, "19700101")
            dataSet.setString(.studyInstanceUID, .UI, "2.25.4711")
            dataSet.setString(.seriesInstanceUID, .UI, "2.25.4711.\(series)")
            dataSet.setString(.instanceNumber, .IS, "\(index)")
            dataSet.setUInt16(.rows, [64])
            dataSet.setUInt16(.columns, [64])
            dataSet.setUInt16(.bitsAllocated, [16])
            dataSet.setUInt16(.bitsStored, [12])
            dataSet.setUInt16(.highBit, [11])
            dataSet.setUInt16(.pixelRepresentation, [0])
            dataSet.setUInt16(.samplesPerPixel, [1])
            dataSet.setString(.photometricInterpretation, .CS, "MONOCHROME2")
            dataSet.set(Element(.pixelData, .OW, bytes: (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }))
            let relative = "series-\(series)/image-\(String(format: "%04d", index)).dcm"
            let url = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try DicomWriter.write(DicomFile(dataSet: dataSet), toPath: url.path, options: WriteOptions(meta: .regenerate))
            written[url.path] = try Data(contentsOf: url)
        }
        return written
    }

    func assertUntouched(_ inputs: [String: Data], _ what: String) throws {
        for (path, bytes) in inputs {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), bytes, "\(what): input \(path) changed")
        }
        let now = try FileManager.default.subpathsOfDirectory(atPath: (inputs.keys.first.map { ($0 as NSString).deletingLastPathComponent } ?? "") + "/..")
        XCTAssertFalse(now.contains { isTemporary($0) }, "\(what): a temporary file in the input folder")
    }

    /// Every regular file under `folder`, relative path -> bytes (empty when it does not exist).
    func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// Runs dicomfix to its end, output discarded; returns the exit status.
    func run(_ arguments: [String]) throws -> Int32 {
        let process = try start(arguments)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Starts dicomfix and sends it SIGKILL after `delay` seconds; true when it was still running.
    func runAndKill(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = try start(arguments)
        Thread.sleep(forTimeInterval: delay)
        let running = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running && process.terminationReason == .uncaughtSignal
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try dicomfixBinary()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

