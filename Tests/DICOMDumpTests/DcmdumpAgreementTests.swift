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
        try requireTool("dcmdump")
        let files = try PydicomData.allFiles().filter { $0.pathExtension == "dcm" }
        var compared = 0
        var elements = 0
        for url in files {
            // Files we find broken are left out first: dcmdump misreads some of them into gigabytes.
            guard let file = try? DicomReader.read(path: url.path), file.errors.isEmpty else { continue }
            let theirs = runTool(["dcmdump", "-q", "+L", "-Un", "+E", url.path])
            guard theirs.status == 0 else { continue }
            // dcmdump shows this implicit-VR private sequence as one UN value; dicomfix reads its items.
            if url.lastPathComponent == "priv_SQ.dcm" { continue }
            let expected = parseDcmdump(theirs.stdoutBytes)
            var ours: [Line] = []
            TextDump(options: DumpOptions(maxValueLength: 0, showMeta: true)).render(file) { line in
                if let parsed = parseOurs(line) { ours.append(parsed) }
            }
            XCTAssertEqual(ours.count, expected.count, "\(url.lastPathComponent): element count")
            for (mine, reference) in zip(ours, expected) {
                XCTAssertEqual(mine.tag, reference.tag, "\(url.lastPathComponent)")
                guard mine.tag == reference.tag else { break }
                // Encapsulated pixel data: dcmtk always says OB, whatever the file wrote; "up" is dcmtk's
                // name for DICOMDIR offsets (UL).
                let encapsulatedPixels = mine.tag == "(7FE0,0010)" && file.transferSyntax.isEncapsulated
                if mine.vr != "UN" && reference.vr != "UN" && reference.vr != "na" && reference.vr != "??" && reference.vr != "up" && !encapsulatedPixels {
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
        guard line.value != "<long>" else { return false }
        return line.value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !line.value.hasPrefix("(no value")
    }

    /// dcmdump's `(gggg,eeee) VR value  # ...` lines, items and delimiters left out.
    func parseDcmdump(_ output: [UInt8]) -> [Line] {
        // Split bytes, not Characters: dcmdump +L prints whole binary values (megabytes).
        output.split(separator: UInt8(ascii: "\n")).compactMap { bytes in
            guard let line = parseLine(bytes, comment: "#") else { return nil }
            let tag = line.tag.uppercased()
            return tag.hasPrefix("(FFFE") ? nil : Line(tag: tag, vr: line.vr, value: line.value)
        }
    }

    func parseOurs(_ raw: String) -> Line? {
        parseLine(Array(raw.utf8)[...], comment: " # ")
    }

    /// One dump line: indentation dropped, tag, VR, and the value before the `comment` marker
    /// without its brackets. A line over 2,000 bytes is cut to 200 and its value not compared.
    func parseLine(_ bytes: ArraySlice<UInt8>, comment: String) -> Line? {
        let long = bytes.count > 2000
        let line = Substring(String(decoding: bytes.prefix(long ? 200 : 2000), as: UTF8.self)).drop { $0 == " " }
        guard line.hasPrefix("("), line.count > 15 else { return nil }
        var value = String(line.dropFirst(15))
        if let marker = value.range(of: comment, options: .backwards) { value = String(value[..<marker.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("[") && value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
        return Line(
            tag: String(line.prefix(11)), vr: String(line.dropFirst(12).prefix(2)),
            value: long ? "<long>" : value.trimmingCharacters(in: .whitespaces))
    }
}

