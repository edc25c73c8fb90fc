import Foundation
import XCTest

/// Every error dicom3tools' dcentvfy reports across files (one study under two patients, one
/// series in two studies, one SOP instance in two series or studies), `dicomfix validate`
/// reports too: matched by kind and file by Scripts/compare-dcentvfy, which prints the table.
final class DcentvfyAgreementTests: XCTestCase {
    func test_dcentvfyErrors_acrossFiles_areAllReported() throws {
        try requireTool("dcentvfy")
        try requireTool("python3")
        let folder = try temporaryDirectory(self)
        let study = Repository.samples.appendingPathComponent("ct-study")
        let log = folder.appendingPathComponent("audit.jsonl").path
        // A file of series 2 moved to another study; a copy of an instance in another series.
        for (source, output, set) in [
            ("series-2/image-1.dcm", "variants/moved.dcm", "StudyInstanceUID=1.2.826.0.1.3680043.10.1"),
            ("series-1/image-1.dcm", "variants/other-series.dcm", "SeriesInstanceUID=1.2.826.0.1.3680043.10.2"),
        ] {
            let edited = try dicomfix([
                "edit", study.appendingPathComponent(source).path, "--output", folder.appendingPathComponent(output).path, "--set", set,
                "--reason", "test", "--audit-log", log, "--no-original-attributes",
            ])
            XCTAssertEqual(edited.status, 0, edited.stderr)
        }
        let inputs = ["wrong-patient", "ct-study", "key-objects", "phi", "character-set", "private"].map {
            Repository.samples.appendingPathComponent($0).path
        } + [folder.appendingPathComponent("variants").path]
        let script = Repository.root.appendingPathComponent("Scripts/compare-dcentvfy").path
        let result = runTool(["python3", script, "--dicomfix", try dicomfixBinary().path, "--require", "study.patient,series.study,instance.duplicate"] + inputs)
        print(result.stdout)
        XCTAssertEqual(result.status, 0, result.output)
        for kind in ["study.patient", "series.study", "instance.duplicate"] {
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix(kind + " ") }
            let both = row.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
            XCTAssertGreaterThan(both, 0, "dcentvfy and dicomfix both find \(kind): \(result.stdout)")
        }
    }
}
