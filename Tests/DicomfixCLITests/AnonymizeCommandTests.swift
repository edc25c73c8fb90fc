import DICOM
import Foundation
import XCTest

@testable import DicomfixCLI

/// `dicomfix anonymize` run as the real binary on the Samples: exit codes, reports, shards,
/// the crosswalk, and the outputs read by pydicom, dcmtk and dicom3tools.
final class AnonymizeCommandTests: XCTestCase {
    func sample(_ path: String) -> String { Repository.samples.appendingPathComponent(path).path }

    /// A new key file in `dir`.
    func makeKey(_ dir: URL) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("test.key").path
        let result = try dicomfix(["anonymize", "--new-key", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return path
    }

    /// Every regular file under `folder`, relative path -> bytes.
    func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    func test_help_matchesSnapshot() throws {
        try assertSnapshot(Dicomfix.helpMessage(for: AnonymizeCommand.self, columns: 100), named: "anonymize-help.txt")
    }

    func test_phiFolder_withVerify_isClean_andReportsActionsAsJSON() throws {
        let dir = try temporaryDirectory(self)
        let key = try makeKey(dir)
        let out = dir.appendingPathComponent("out")
        let result = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", key, "--verify", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["command"] as? String, "anonymize")
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 5)
        let planted = try XCTUnwrap(files.first { ($0["path"] as? String)?.hasSuffix("planted-ct-1.dcm") == true })
        XCTAssertEqual(planted["status"] as? String, "ok")
        let actions = planted["actions"] as? [String] ?? []
        XCTAssertTrue(actions.contains { $0.hasPrefix("X removed: ") }, "\(actions)")
        XCTAssertTrue(actions.contains { $0.hasPrefix("private removed: ") }, "\(actions)")
        let us = try XCTUnwrap(files.first { ($0["path"] as? String)?.hasSuffix("burned-in-us.dcm") == true })
        XCTAssertEqual(us["status"] as? String, "warning", "burned-in annotation is reported")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("planted-ct-2.dcm").path))
        XCTAssertFalse(result.stderr.contains("random key"), result.stderr)
    }

    func test_verify_failsWhenAKeptElementCarriesThePatientID() throws {
        // Rescale Type is not in Table E.1-1, so the profile keeps it: a patient ID typed into it
        // leaks, and --verify must say where.
        let dir = try temporaryDirectory(self)
        var file = try DicomReader.read(path: sample("phi/planted-ct-1.dcm"))
        file.dataSet.setString(.rescaleType, .LO, "PHI-4711-X")
        let leaky = dir.appendingPathComponent("leaky.dcm")
        try DicomWriter.write(file, toPath: leaky.path)
        let result = try dicomfix(["anonymize", leaky.path, "-o", dir.appendingPathComponent("out.dcm").path, "--key-file", try makeKey(dir), "--verify"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("[deid.verify.identifying-value] ((0028,1054))"), result.stdout)
        XCTAssertTrue(result.stdout.contains("'PHI-4711-X'"), result.stdout)
    }

    func test_twoRuns_andShardUnion_areByteIdenticalToOneFullRun() throws {
        let dir = try temporaryDirectory(self)
        let key = try makeKey(dir)
        let full = dir.appendingPathComponent("full")
        XCTAssertEqual(try dicomfix(["anonymize", Repository.samples.path, "-o", full.path, "--key-file", key]).status, 1, "the truncated samples fail")
        let again = dir.appendingPathComponent("again")
        _ = try dicomfix(["anonymize", Repository.samples.path, "-o", again.path, "--key-file", key])
        let fullTree = try tree(full)
        XCTAssertGreaterThan(fullTree.count, 20)
        XCTAssertEqual(try tree(again), fullTree)
        let sharded = dir.appendingPathComponent("sharded")
        var shardCounts: [Int] = []
        for index in 0..<3 {
            _ = try dicomfix(["anonymize", Repository.samples.path, "-o", sharded.path, "--key-file", key, "--shard", "\(index)/3"])
            shardCounts.append(try tree(sharded).count - shardCounts.reduce(0, +))
        }
        XCTAssertEqual(try tree(sharded), fullTree, "the union of the shards is the full run")
        XCTAssertTrue(shardCounts.allSatisfy { $0 > 0 }, "\(shardCounts)")
    }

    func test_rejectBurnedIn_leavesTheFileOut_andExitsOne() throws {
        let dir = try temporaryDirectory(self)
        let out = dir.appendingPathComponent("out")
        let result = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", try makeKey(dir), "--reject-burned-in"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("left out (--reject-burned-in)"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("burned-in-us.dcm").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("planted-ct-1.dcm").path))
    }

    func test_map_writesTheCrosswalk_butNotIntoTheOutputUnlessAsked() throws {
        let dir = try temporaryDirectory(self)
        let key = try makeKey(dir)
        let out = dir.appendingPathComponent("out")
        let refused = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", key, "--map", out.appendingPathComponent("map.csv").path])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        let map = dir.appendingPathComponent("map.csv")
        let result = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", key, "--map", map.path, "--option", "retain-long-modified-dates"])
        XCTAssertEqual(result.status, 0, result.stdout)
        let csv = try String(contentsOf: map, encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("kind,original,replacement\r\n"))
        XCTAssertTrue(csv.contains("patient-id,PHI-4711-X,ANON"), csv)
        XCTAssertTrue(csv.contains("date-offset-days,PHI-4711-X,-"), csv)
    }

    func test_withoutKey_warnsThatResultsAreNotReproducible() throws {
        let dir = try temporaryDirectory(self)
        let result = try dicomfix(["anonymize", sample("phi/planted-ct-1.dcm"), "-o", dir.appendingPathComponent("a.dcm").path])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stderr.contains("random key"), result.stderr)
    }

    func test_usageErrors_exit64() throws {
        XCTAssertEqual(try dicomfix(["anonymize", sample("phi")]).status, 64, "no --output")
        XCTAssertEqual(try dicomfix(["anonymize", sample("phi"), "-o", "/tmp/x", "--shard", "3/3"]).status, 64)
        XCTAssertEqual(try dicomfix(["anonymize", sample("phi"), "-o", "/tmp/x", "--option", "retain-everything"]).status, 64)
        XCTAssertEqual(
            try dicomfix(["anonymize", sample("phi"), "-o", "/tmp/x", "--option", "retain-long-full-dates", "--option", "retain-long-modified-dates"]).status,
            64)
        let dir = try temporaryDirectory(self)
        let key = try makeKey(dir)
        XCTAssertEqual(try dicomfix(["anonymize", "--new-key", key]).status, 2, "a key is never overwritten")
    }

    func test_rename_usesNewUIDsAsPaths() throws {
        let dir = try temporaryDirectory(self)
        let out = dir.appendingPathComponent("out")
        let result = try dicomfix(["anonymize", sample("phi/planted-ct-1.dcm"), sample("phi/planted-ct-2.dcm"), "-o", out.path, "--key-file", try makeKey(dir), "--rename"])
        XCTAssertEqual(result.status, 0, result.stdout)
        let paths = try tree(out).keys.sorted()
        XCTAssertEqual(paths.count, 2)
        for path in paths {
            XCTAssertTrue(path.split(separator: "/").allSatisfy { $0.hasPrefix("2.25.") }, path)
        }
    }

    func test_mapInOutput_allowsTheCrosswalkInsideTheOutputFolder() throws {
        let dir = try temporaryDirectory(self)
        let out = dir.appendingPathComponent("out")
        let map = out.appendingPathComponent("map.csv")
        let result = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", try makeKey(dir), "--map", map.path, "--map-in-output"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(try String(contentsOf: map, encoding: .utf8).contains("patient-id,PHI-4711-X,ANON"))
    }

    /// The output mirrors the input tree (phi/documents/ gives out/documents/) and the inputs
    /// are byte-identical afterwards, with every option of the run writing files.
    func test_nestedInputTree_isMirrored_andTheInputsAreLeftByteIdentical() throws {
        let dir = try temporaryDirectory(self)
        let input = URL(fileURLWithPath: sample("phi"))
        let before = try tree(input)
        let out = dir.appendingPathComponent("out")
        let arguments = ["anonymize", input.path, "-o", out.path, "--key-file", try makeKey(dir), "--verify"]
            + ["clean-descriptors", "clean-structured-content", "clean-graphics", "retain-long-modified-dates"].flatMap { ["--option", $0] }
        let result = try dicomfix(arguments)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(Set(try tree(out).keys), Set(Self.phiFiles))
        XCTAssertEqual(try tree(input), before, "inputs unchanged")
    }

    // MARK: Interoperability

    /// The files of Samples/phi, relative to it.
    static let phiFiles = [
        "planted-ct-1.dcm", "planted-ct-2.dcm", "burned-in-us.dcm", "documents/planted-sr.dcm", "documents/planted-gsps.dcm",
    ]

    func anonymizedPHI() throws -> [String] {
        let dir = try temporaryDirectory(self)
        let out = dir.appendingPathComponent("out")
        let result = try dicomfix(["anonymize", sample("phi"), "-o", out.path, "--key-file", try makeKey(dir)])
        XCTAssertEqual(result.status, 0, result.stdout)
        return Self.phiFiles.map { out.appendingPathComponent($0).path }
    }

    func test_dcmdump_readsEveryOutput() throws {
        try requireTool("dcmdump")
        for path in try anonymizedPHI() {
            let result = runTool(["dcmdump", "-q", "+E", path])
            XCTAssertEqual(result.status, 0, "\(path): \(result.output.prefix(400))")
            XCTAssertTrue(result.stdout.contains("(0012,0062) CS [YES]"), result.stdout)
        }
    }

    func test_pydicom_readsEveryOutput_withThePseudonymAndNoPrivateElements() throws {
        _ = try PydicomData.requireRoot()
        let script = """
            import sys, pydicom
            for path in sys.argv[1:]:
                ds = pydicom.dcmread(path)
                privates = [e.tag for e in ds.iterall() if e.tag.is_private]
                print(str(ds.PatientName), ds.PatientIdentityRemoved, len(privates), ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID)
            """
        let outputs = try anonymizedPHI()
        let result = runTool(["python3", "-c", script] + outputs)
        XCTAssertEqual(result.status, 0, result.output)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, outputs.count, result.output)
        for line in lines {
            XCTAssertTrue(line.hasPrefix("ANON^") && line.hasSuffix(" YES 0 True"), String(line))
        }
    }

    /// dciodvfy reports no error on an output that it did not report on the input.
    func test_dciodvfy_findsNoNewErrorsInOutputs() throws {
        try requireTool("dciodvfy")
        let inputs = Self.phiFiles.map { sample("phi/" + $0) }
        func errors(_ path: String) -> Set<String> {
            Set(runTool(["dciodvfy", path]).output.split(separator: "\n").map(String.init).filter { $0.contains("Error") })
        }
        for (input, output) in zip(inputs, try anonymizedPHI()) {
            let new = errors(output).subtracting(errors(input))
            XCTAssertEqual(new, [], output)
        }
        let dir = try temporaryDirectory(self)
        let out = dir.appendingPathComponent("ct")
        for option in ["retain-long-modified-dates", "retain-patient-characteristics"] {
            let result = try dicomfix(["anonymize", sample("ct-study/series-1/image-1.dcm"), "-o", out.path + "-\(option).dcm", "--key-file", try makeKey(dir.appendingPathComponent(option)), "--option", option])
            XCTAssertEqual(result.status, 0, result.stdout)
            XCTAssertEqual(errors(out.path + "-\(option).dcm"), [], option)
        }
    }

    func test_dicomdirInTheFolder_isSkippedWithItsReason_andNotWritten() throws {
        let dir = try temporaryDirectory(self)
        let key = try makeKey(dir)
        let media = dir.appendingPathComponent("media")
        try FileManager.default.copyItem(atPath: sample("ct-study"), toPath: media.path)
        let built = try dicomfix(["dicomdir", "build", media.path, "--rename"])
        XCTAssertEqual(built.status, 0, built.stdout + built.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: media.appendingPathComponent("DICOMDIR").path))
        let out = dir.appendingPathComponent("out")
        let result = try dicomfix(["anonymize", media.path, "-o", out.path, "--key-file", key, "--verify", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        let directory = try XCTUnwrap(files.first { ($0["path"] as? String)?.hasSuffix("DICOMDIR") == true })
        XCTAssertEqual(directory["status"] as? String, "skipped")
        XCTAssertTrue((directory["error"] as? String)?.contains("dicomdir build") == true, "\(directory)")
        XCTAssertEqual(files.filter { $0["status"] as? String == "ok" }.count, files.count - 1)
        XCTAssertNil(try tree(out).keys.first { $0.hasSuffix("DICOMDIR") }, "no de-identified DICOMDIR is written")
    }
}
