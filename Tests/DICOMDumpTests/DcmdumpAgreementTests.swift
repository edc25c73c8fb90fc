import DICOM
import Foundation
import XCTest

@testable import DICOMDump

/// What dicomfix's text dump shows agrees with dcmtk's dcmdump, element by element, for every
/// pydicom test file both read without error: the same elements (tag and VR) in the same order,
/// and the same value text for plain-ASCII strings and integers.
final class DcmdumpAgreementTests: XCTestCase {
    struct Line: Equatable {
        var tag: String
        var vr: String
        var value: String
    }

    func test_dumpAgreesWithDcmdump_onEveryCorpusFileBothRead() throws {
        guard shell(["which", "dcmdump"]).status == 0 else {
            print("SKIP: dcmdump is not on PATH")
            throw XCTSkip("dcmdump is not on PATH")
        }
        let files = try corpusFiles()
        var compared = 0
        var elements = 0
        for url in files {
            let theirs = shell(["dcmdump", "-q", "+L", "-Un", "+E", url.path])
            guard theirs.status == 0, let file = try? DicomReader.read(path: url.path), file.errors.isEmpty else { continue }
            let expected = parseDcmdump(theirs.stdout)
            var ours: [Line] = []
            TextDump(options: DumpOptions(maxValueLength: 0, showMeta: true)).render(file) { line in
                if let parsed = parseOurs(line) { ours.append(parsed) }
            }
            XCTAssertEqual(ours.count, expected.count, "\(url.lastPathComponent): element count")
            for (mine, reference) in zip(ours, expected) {
                XCTAssertEqual(mine.tag, reference.tag, "\(url.lastPathComponent)")
                guard mine.tag == reference.tag else { break }
                if mine.vr != "UN" && reference.vr != "UN" && reference.vr != "na" && reference.vr != "??" {
                    XCTAssertEqual(mine.vr, reference.vr, "\(url.lastPathComponent) \(mine.tag)")
                }
                if comparable(mine) && comparable(reference) && mine.vr == reference.vr {
                    XCTAssertEqual(mine.value, reference.value, "\(url.lastPathComponent) \(mine.tag) \(mine.vr)")
                }
                elements += 1
            }
            compared += 1
        }
        print("dcmdump agreement: \(compared) files, \(elements) elements compared")
        XCTAssertGreaterThan(compared, 50)
    }

    /// Values both print the same way: ASCII strings and integer VRs.
    func comparable(_ line: Line) -> Bool {
        let textVRs: Set<String> = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UI", "UT", "UC", "UR"]
        let integerVRs: Set<String> = ["US", "SS", "UL", "SL"]
        guard textVRs.contains(line.vr) || integerVRs.contains(line.vr) else { return false }
        return line.value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !line.value.hasPrefix("(no value")
    }

    /// `(gggg,eeee) VR value  # ...` lines of dcmdump, items and delimiters left out.
    func parseDcmdump(_ text: String) -> [Line] {
        text.split(separator: "\n").compactMap { raw in
            let line = raw.drop { $0 == " " }
            guard line.hasPrefix("("), line.count > 15 else { return nil }
            let tag = String(line.prefix(11)).uppercased()
            guard !tag.hasPrefix("(FFFE") else { return nil }
            let vr = String(line.dropFirst(12).prefix(2))
            var value = String(line.dropFirst(15))
            if let hash = value.range(of: "#", options: .backwards) { value = String(value[..<hash.lowerBound]) }
            value = value.trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("[") && value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
            return Line(tag: tag, vr: vr, value: value.trimmingCharacters(in: .whitespaces))
        }
    }

    func parseOurs(_ raw: String) -> Line? {
        let line = raw.drop { $0 == " " }
        guard line.hasPrefix("(") else { return nil }
        let tag = String(line.prefix(11))
        let vr = String(line.dropFirst(12).prefix(2))
        var value = String(line.dropFirst(15))
        if let hash = value.range(of: " # ", options: .backwards) { value = String(value[..<hash.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("[") && value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
        return Line(tag: tag, vr: vr, value: value.trimmingCharacters(in: .whitespaces))
    }
}

struct ShellResult {
    var status: Int32
    var stdout: String
}

func shell(_ arguments: [String]) -> ShellResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return ShellResult(status: -1, stdout: "") }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ShellResult(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
}

/// pydicom's bundled test files (test_files and charset_files), or a skip with the reason.
func corpusFiles() throws -> [URL] {
    let located = shell(["python3", "-c", "import pydicom, os; print(os.path.dirname(pydicom.__file__))"])
    guard located.status == 0, let root = located.stdout.split(separator: "\n").first else {
        print("SKIP: pydicom is not installed for python3")
        throw XCTSkip("pydicom is not installed")
    }
    var files: [URL] = []
    for folder in ["data/test_files", "data/charset_files"] {
        let dir = URL(fileURLWithPath: String(root)).appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        files += names.filter { $0.hasSuffix(".dcm") }.sorted().map { dir.appendingPathComponent($0) }
    }
    return files
}
