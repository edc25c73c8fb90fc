import DICOM
import Foundation
import XCTest

/// `dicomfix repair` run as the real binary on broken copies of the Samples (made here by
/// splicing hand-encoded elements into sample files) and on pydicom's broken test files; the
/// results are checked with dicomfix validate, dcmdump and pydicom.
final class RepairCommandTests: XCTestCase {
    let ctImage = Repository.samples.appendingPathComponent("ct-study/series-1/image-1.dcm").path

    // MARK: Making broken files

    /// One element in explicit VR little endian, as written by hand (odd lengths kept).
    func element(_ tag: Tag, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [
            UInt8(tag.group & 0xFF), UInt8(tag.group >> 8), UInt8(tag.element & 0xFF), UInt8(tag.element >> 8),
        ]
        bytes += Array(vr.utf8)
        if ["OB", "OW", "OD", "OF", "OL", "OV", "SQ", "UN", "UC", "UR", "UT"].contains(vr) {
            bytes += [0, 0] + (0..<4).map { UInt8(truncatingIfNeeded: UInt32(value.count) >> (8 * $0)) }
        } else {
            bytes += [UInt8(value.count & 0xFF), UInt8(value.count >> 8)]
        }
        return bytes + value
    }

    func element(_ tag: Tag, _ vr: String, _ text: String) -> [UInt8] { element(tag, vr, Array(text.utf8)) }

    /// The bytes of `path` with top-level elements (data set or meta) replaced, and new
    /// elements inserted before others.
    func spliced(_ path: String, replacing: [Tag: [UInt8]] = [:], inserting: [(before: Tag, bytes: [UInt8])] = []) throws -> [UInt8] {
        let file = try DicomReader.read(path: path)
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        func span(_ tag: Tag) throws -> (Int, Int) {
            let found = try XCTUnwrap((tag.group == 0x0002 ? file.meta : file.dataSet)[tag], "\(tag) not in \(path)")
            let encoded = try XCTUnwrap(found.encoded)
            return (Int(encoded.offset), Int(encoded.length))
        }
        var edits: [(start: Int, length: Int, bytes: [UInt8])] = []
        for (tag, bytes) in replacing { let (start, length) = try span(tag); edits.append((start, length, bytes)) }
        for insertion in inserting { let (start, _) = try span(insertion.before); edits.append((start, 0, insertion.bytes)) }
        var result = original
        for edit in edits.sorted(by: { $0.start > $1.start }) {
            result.replaceSubrange(edit.start..<(edit.start + edit.length), with: edit.bytes)
        }
        return result
    }

    func write(_ bytes: [UInt8], _ folder: URL, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The codes `dicomfix validate` reports for `path` (warnings and errors).
    func validateCodes(_ path: String) throws -> Set<String> {
        let result = try dicomfix(["validate", path, "--min-severity", "warning", "--format", "json"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        return Set(files.flatMap { ($0["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } })
    }

    /// dcmdump and pydicom read `path` without a warning. dcmdump runs without `-q`, which
    /// would hide its warnings: any `W:` or `E:` line fails.
    func assertReadCleanlyByPeers(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try requireTool("dcmdump")
        let dump = runTool(["dcmdump", path])
        XCTAssertEqual(dump.status, 0, dump.stderr, file: file, line: line)
        let complaints = dump.output.split(separator: "\n").filter { $0.hasPrefix("W: ") || $0.hasPrefix("E: ") }
        XCTAssertEqual(complaints, [], "dcmdump warns about \(path)", file: file, line: line)
        _ = try PydicomData.requireRoot()
        let script = """
            import sys, warnings, pydicom
            warnings.simplefilter("error")
            ds = pydicom.dcmread(sys.argv[1])
            ds.walk(lambda d, e: e.value)
            print(ds.file_meta.TransferSyntaxUID)
            """
        let read = runTool(["python3", "-c", script, path])
        XCTAssertEqual(read.status, 0, "pydicom: " + read.stderr, file: file, line: line)
    }

    /// The folder of `path`: repair given a folder mirrors it into --output.
    func parent(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    func top(_ path: String) throws -> DataSet { try DicomReader.read(path: path).dataSet }

    /// The raw bytes of each top-level element, by tag.
    func rawElements(_ path: String) throws -> [Tag: [UInt8]] {
        let file = try DicomReader.read(path: path)
        var result: [Tag: [UInt8]] = [:]
        for element in file.dataSet.elements {
            guard let span = element.encoded else { continue }
            var bytes = [UInt8](repeating: 0, count: Int(span.length))
            let read = try bytes.withUnsafeMutableBytes { try span.source.read(into: $0, at: span.offset) }
            result[element.tag] = Array(bytes.prefix(read))
        }
        return result
    }

    // MARK: Element defects

    func brokenCT(_ folder: URL) throws -> String {
        let bytes = try spliced(
            ctImage,
            replacing: [
                Tag(0x0008, 0x0012): element(Tag(0x0008, 0x0012), "DA", "2024/01/15"),
                Tag(0x0008, 0x0020): element(Tag(0x0008, 0x0020), "DA", "2024-01-15"),
                Tag(0x0008, 0x0030): element(Tag(0x0008, 0x0030), "TM", "09:30:00"),
                Tag(0x0008, 0x0060): element(Tag(0x0008, 0x0060), "CS", "ct"),
                Tag(0x0008, 0x1030): element(Tag(0x0008, 0x1030), "LO", "CT CHEST\0\0"),
                Tag(0x0008, 0x103E): element(Tag(0x0008, 0x103E), "LO", "AXIAL"),
                Tag(0x0020, 0x000D): element(Tag(0x0020, 0x000D), "UI", "2.25.0145033062398241993911377983995543289856.1.1 "),
            ],
            inserting: [
                (Tag(0x0008, 0x0030), element(Tag(0x0008, 0x002A), "DT", "2024-01-15T09:31:00 ")),
                (Tag(0x0010, 0x0010), element(Tag(0x0010, 0x0000), "UL", [0xE7, 0x03, 0, 0])),
            ])
        return try write(bytes, folder, "in/broken.dcm")
    }

    func test_repair_valueDefects_fixed_validateClean_untouchedBytesKept() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let before = try validateCodes(input)
        for code in ["vr.invalid-character", "value.padding.invalid", "read.value.odd-length", "vr.invalid-uid", "group-length.wrong"] {
            XCTAssertTrue(before.contains(code), "the broken file should show \(code): \(before.sorted())")
        }
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for code in ["[vr.invalid-character]", "[read.value.odd-length]", "[group-length.wrong]", "vr.invalid-uid", "value.padding.invalid"] {
            XCTAssertTrue(result.stdout.contains(code), "no change answers \(code):\n\(result.stdout)")
        }
        let output = "\(out)/broken.dcm"
        XCTAssertEqual(try validateCodes(output), [], "validate still finds problems after repair")
        try assertReadCleanlyByPeers(output)

        let fixed = try top(output)
        XCTAssertEqual(fixed.string(.studyDate), "20240115")
        XCTAssertEqual(fixed.string(Tag(0x0008, 0x0012)), "20240115")
        XCTAssertEqual(fixed.string(.studyTime), "093000")
        XCTAssertEqual(fixed.string(Tag(0x0008, 0x002A)), "20240115093100")
        XCTAssertEqual(fixed.string(.modality), "CT")
        XCTAssertEqual(fixed.string(.studyDescription), "CT CHEST")
        XCTAssertEqual(fixed[Tag(0x0008, 0x103E)]?.inlineBytes, Array("AXIAL ".utf8))
        XCTAssertEqual(fixed.string(.studyInstanceUID), try top(ctImage).string(.studyInstanceUID))

        // Every element no finding named, pixel data included, keeps its bytes.
        let changed: Set<Tag> = [
            Tag(0x0008, 0x0012), Tag(0x0008, 0x0020), Tag(0x0008, 0x002A), Tag(0x0008, 0x0030), Tag(0x0008, 0x0060),
            Tag(0x0008, 0x1030), Tag(0x0008, 0x103E), Tag(0x0020, 0x000D), Tag(0x0010, 0x0000),
        ]
        let inputElements = try rawElements(input), outputElements = try rawElements(output)
        XCTAssertEqual(Set(inputElements.keys), Set(outputElements.keys))
        for (tag, bytes) in inputElements where !changed.contains(tag) {
            XCTAssertEqual(outputElements[tag], bytes, "\(tag) changed")
        }
        XCTAssertNotNil(inputElements[Tag(0x7FE0, 0x0010)])
    }

    func test_repair_ambiguousDate_isListedNotGuessed_exitOne() throws {
        let folder = try temporaryDirectory(self)
        let input = try write(
            try spliced(ctImage, replacing: [Tag(0x0008, 0x0020): element(Tag(0x0008, 0x0020), "DA", "15.01.2024")]), folder, "in/a.dcm")
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try XCTUnwrap((report["files"] as? [[String: Any]])?.first)
        XCTAssertEqual(file["status"] as? String, "failed")
        let codes = (file["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        XCTAssertTrue(codes.contains("vr.invalid-date"), "the remaining finding is listed: \(codes)")
        XCTAssertEqual(try top("\(out)/a.dcm").string(.studyDate), "15.01.2024", "no guess is written")
    }

    func test_repair_only_fixesJustThoseCodes() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out, "--only", "read.value.odd-length", "--only", "group-length.wrong"])
        XCTAssertEqual(result.status, 1, "other errors remain: " + result.stdout)
        let fixed = try top("\(out)/broken.dcm")
        XCTAssertEqual(fixed[Tag(0x0008, 0x103E)]?.inlineBytes, Array("AXIAL ".utf8))
        XCTAssertEqual(fixed.string(.studyDate), "2024-01-15")
        XCTAssertEqual(fixed.string(.modality), "ct")
        let after = try validateCodes("\(out)/broken.dcm")
        XCTAssertFalse(after.contains("read.value.odd-length"))
        XCTAssertFalse(after.contains("group-length.wrong"))
        XCTAssertTrue(after.contains("vr.invalid-character"))

        let unknown = try dicomfix(["repair", parent(input), "--output", out, "--only", "iod.type1.missing"])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
    }

    func test_repair_dryRun_writesNothing_andShowsTheFixes() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out, "--dry-run"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("[vr.invalid-date] (0008,0020) StudyDate: \"2024-01-15\" -> \"20240115\""), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    // MARK: Container and meta defects

    func test_repair_missingPreamble_isAdded() throws {
        let folder = try temporaryDirectory(self)
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ctImage)))
        let input = try write(Array(original.dropFirst(128)), folder, "in/nopreamble.dcm")
        XCTAssertTrue(try validateCodes(input).contains("read.preamble.missing"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let repaired = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(out)/nopreamble.dcm")))
        XCTAssertEqual(repaired, original, "preamble restored, everything else as it was")
    }

    func test_repair_mediaStorageMismatch_takesTheDataSetsUID() throws {
        let folder = try temporaryDirectory(self)
        let wrong = "2.25.145033062398241993911377983995543289856.9.9.9.9"
        let input = try write(
            try spliced(ctImage, replacing: [.mediaStorageSOPInstanceUID: element(.mediaStorageSOPInstanceUID, "UI", wrong)]),
            folder, "in/mismatch.dcm")
        XCTAssertTrue(try validateCodes(input).contains("read.meta.media-storage-mismatch"))
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let output = "\(out)/mismatch.dcm"
        XCTAssertEqual(try validateCodes(output), [])
        let file = try DicomReader.read(path: output)
        XCTAssertEqual(file.meta.string(.mediaStorageSOPInstanceUID), file.dataSet.string(.sopInstanceUID))
        try assertReadCleanlyByPeers(output)
        XCTAssertEqual(try rawElements(output)[Tag(0x7FE0, 0x0010)], try rawElements(input)[Tag(0x7FE0, 0x0010)])
    }

    func test_repair_explicitHeaderOnImplicitData_metaSaysImplicit_dataSetBytesKept() throws {
        let folder = try temporaryDirectory(self)
        let implicitSample = Repository.samples.appendingPathComponent("transfer-syntax/implicit-vr-little-endian.dcm").path
        let input = try write(
            try spliced(implicitSample, replacing: [.transferSyntaxUID: element(.transferSyntaxUID, "UI", "1.2.840.10008.1.2.1\0")]),
            folder, "in/liar.dcm")
        let before = try validateCodes(input)
        XCTAssertTrue(before.contains("read.transfer-syntax.mismatch"), "\(before.sorted())")
        XCTAssertTrue(before.contains("read.meta.group-length.mismatch"), "\(before.sorted())")
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", parent(input), "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let output = "\(out)/liar.dcm"
        XCTAssertEqual(try validateCodes(output), [])
        let repaired = try DicomReader.read(path: output)
        XCTAssertEqual(repaired.meta.string(.transferSyntaxUID), "1.2.840.10008.1.2")
        try assertReadCleanlyByPeers(output)
        // The data set is copied as it was: the file ends with the input's data set bytes.
        let inputFile = try DicomReader.read(path: input)
        let inputBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input)))
        let outputBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        XCTAssertEqual(outputBytes.suffix(from: Int(repaired.dataSetOffset)), inputBytes.suffix(from: Int(inputFile.dataSetOffset)))
    }

    func test_repair_bareDataSet_becomesPart10_damagedFilesRefusedOneByOne() throws {
        let folder = try temporaryDirectory(self)
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", Repository.samples.appendingPathComponent("defects").path, "--output", out])
        XCTAssertEqual(result.status, 1, "the truncated samples cannot be repaired: " + result.stdout)
        XCTAssertTrue(result.stdout.contains("no safe repair for damaged data (read.value.truncated"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/truncated-pixel-data.dcm"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/truncated-sequence.dcm"))
        let output = "\(out)/no-meta-implicit-vr.dcm"
        let file = try DicomReader.read(path: output)
        XCTAssertEqual(file.container, .part10)
        XCTAssertEqual(file.meta.string(.mediaStorageSOPInstanceUID), file.dataSet.string(.sopInstanceUID))
        XCTAssertFalse(try validateCodes(output).contains("read.meta.missing"))
        try assertReadCleanlyByPeers(output)
    }

    /// A Part-10 file around the data set of the implicit VR sample, with a meta group given
    /// element by element (already encoded) after a group length computed here.
    func implicitSampleWithMeta(_ elements: [[UInt8]], implicitGroupLength: Bool) throws -> [UInt8] {
        let sample = Repository.samples.appendingPathComponent("transfer-syntax/implicit-vr-little-endian.dcm").path
        let file = try DicomReader.read(path: sample)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: sample)))
        let body = elements.flatMap { $0 }
        let length = UInt32(body.count)
        let lengthBytes = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        let groupLength = implicitGroupLength ? [0x02, 0x00, 0x00, 0x00, 4, 0, 0, 0] + lengthBytes : element(.fileMetaInformationGroupLength, "UL", lengthBytes)
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + groupLength + body + bytes[Int(file.dataSetOffset)...]
    }

    /// An element in implicit VR little endian.
    func implicitElement(_ tag: Tag, _ text: String) -> [UInt8] {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(0) }
        let count = UInt32(value.count)
        return [UInt8(tag.group & 0xFF), UInt8(tag.group >> 8), UInt8(tag.element & 0xFF), UInt8(tag.element >> 8)]
            + (0..<4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) } + value
    }

    func test_repair_implicitMeta_andMissingEmptyOrOddMetaElements_metaMadeAgain() throws {
        let folder = try temporaryDirectory(self)
        let sample = try DicomReader.read(path: Repository.samples.appendingPathComponent("transfer-syntax/implicit-vr-little-endian.dcm").path)
        let sopClass = try XCTUnwrap(sample.dataSet.string(.sopClassUID))
        let sopInstance = try XCTUnwrap(sample.dataSet.string(.sopInstanceUID))
        let implicitMeta = try implicitSampleWithMeta(
            [
                implicitElement(.fileMetaInformationVersion, "") + [], implicitElement(.mediaStorageSOPClassUID, sopClass),
                implicitElement(.mediaStorageSOPInstanceUID, sopInstance), implicitElement(.transferSyntaxUID, "1.2.840.10008.1.2"),
                implicitElement(.implementationClassUID, "1.2.3.4"),
            ], implicitGroupLength: true)
        let sparseMeta = try implicitSampleWithMeta(
            [
                element(.fileMetaInformationVersion, "OB", [0x00, 0x02]), element(.mediaStorageSOPInstanceUID, "UI", sopInstance + (sopInstance.utf8.count % 2 == 1 ? "\0" : "")),
                element(.implementationClassUID, "UI", []),
            ], implicitGroupLength: false)
        _ = try write(implicitMeta, folder, "in/implicit-meta.dcm")
        _ = try write(sparseMeta, folder, "in/sparse-meta.dcm")
        let expected: [String: Set<String>] = [
            "implicit-meta.dcm": ["read.meta.implicit-vr"],
            "sparse-meta.dcm": ["read.meta.no-transfer-syntax", "meta.element.missing", "meta.element.empty", "meta.version.unexpected"],
        ]
        for (name, codes) in expected {
            let found = try validateCodes(folder.appendingPathComponent("in/\(name)").path)
            XCTAssertTrue(codes.isSubset(of: found), "\(name) should show \(codes.sorted()): \(found.sorted())")
        }
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", folder.appendingPathComponent("in").path, "--output", out])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for name in expected.keys {
            let output = "\(out)/\(name)"
            XCTAssertEqual(try validateCodes(output), [], name)
            let file = try DicomReader.read(path: output)
            XCTAssertEqual(file.meta.string(.mediaStorageSOPClassUID), sopClass)
            XCTAssertEqual(file.meta.string(.transferSyntaxUID), "1.2.840.10008.1.2")
            XCTAssertEqual(file.meta[.fileMetaInformationVersion]?.inlineBytes, [0x00, 0x01])
            try assertReadCleanlyByPeers(output)
        }
    }

    // MARK: On the record

    func test_repair_inPlace_auditLog_undoRestoresTheBytes() throws {
        let folder = try temporaryDirectory(self)
        let input = try brokenCT(folder)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        let log = folder.appendingPathComponent("audit.jsonl").path
        let refused = try dicomfix(["repair", input, "--in-place"])
        XCTAssertEqual(refused.status, 64, "in place needs an audit log")
        let result = try dicomfix(["repair", input, "--in-place", "--audit-log", log])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: input)), original)
        let logText = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(logText.contains("\"fixes\""), "the log names the codes answered")
        XCTAssertEqual(try dicomfix(["audit", "verify", log]).status, 0)
        let undo = try dicomfix(["undo", "--audit-log", log])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), original)
    }

    // MARK: pydicom's broken test files

    func test_repair_pydicomBrokenFiles_comeOutReadableWithoutWarnings() throws {
        let names = [
            "ExplVR_BigEndNoMeta.dcm", "ExplVR_LitEndNoMeta.dcm", "no_meta_group_length.dcm", "rtplan.dcm", "rtstruct.dcm",
            "693_J2KI.dcm", "ExplVR_BigEnd.dcm",
        ]
        let folder = try temporaryDirectory(self)
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in names { try FileManager.default.copyItem(at: try PydicomData.file(name), to: input.appendingPathComponent(name)) }
        let out = folder.appendingPathComponent("out").path
        let result = try dicomfix(["repair", input.path, "--output", out, "--format", "json"])
        XCTAssertNotEqual(result.status, 2, result.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for file in try XCTUnwrap(report["files"] as? [[String: Any]]) {
            let name = URL(fileURLWithPath: try XCTUnwrap(file["path"] as? String)).lastPathComponent
            let actions = file["actions"] as? [String] ?? []
            let answered = Set(actions.filter { $0.hasPrefix("[") }.compactMap { $0.dropFirst().split(separator: "]").first }
                .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
            XCTAssertFalse(answered.isEmpty, "\(name) got no fix: \(actions)")
            if name == "693_J2KI.dcm" {
                XCTAssertTrue(answered.contains("vr.encapsulated-not-ob"), "encapsulated Pixel Data with VR OW: \(actions)")
            }
            let output = "\(out)/\(name)"
            let remaining = try validateCodes(output)
            XCTAssertTrue(answered.isDisjoint(with: remaining), "\(name): \(answered.intersection(remaining)) still found")
            try assertReadCleanlyByPeers(output)
        }
    }

    func test_help_matchesSnapshot() throws {
        let result = try dicomfix(["repair", "--help"])
        XCTAssertEqual(result.status, 0)
        try assertSnapshot(result.stdout, named: "repair-help.txt")
    }
}
