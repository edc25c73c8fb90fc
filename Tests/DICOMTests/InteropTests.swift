import Foundation
import XCTest

@testable import DICOM

/// Files dicomfix writes are read without error by real peers: dcmtk's dcmdump and pydicom.
final class InteropTests: XCTestCase {
    /// Writes every readable, undamaged uncompressed corpus file in each uncompressed syntax
    /// (and compressed ones in their own) into a temporary folder; returns the written paths.
    func writeCorpus() throws -> [String] {
        let dir = try temporaryDirectory(self)
        var written: [String] = []
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path), file.errors.isEmpty, !url.path.contains("dicomdirtests") else { continue }
            let syntaxes = file.transferSyntax.isEncapsulated ? [file.transferSyntax] : TransferSyntax.uncompressed
            for (index, syntax) in syntaxes.enumerated() {
                let path = dir.appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(index).dcm").path
                try DicomWriter.write(file, toPath: path, options: WriteOptions(transferSyntax: syntax))
                written.append(path)
            }
        }
        return written
    }

    func test_dcmdump_readsEveryFileWeWrite() throws {
        try requireTool("dcmdump")
        let files = try writeCorpus()
        XCTAssertGreaterThan(files.count, 100)
        for path in files {
            let result = runTool(["dcmdump", "-q", "+E", path])
            XCTAssertEqual(result.status, 0, "dcmdump failed on \(path): \(result.stderr.prefix(400))")
        }
    }

    func test_pydicom_readsEveryFileWeWrite() throws {
        _ = try PydicomData.requireRoot()
        let files = try writeCorpus()
        let script = """
            import sys, pydicom
            bad = 0
            for path in sys.stdin.read().split('\\n'):
                if not path: continue
                try:
                    ds = pydicom.dcmread(path)
                    for elem in ds.iterall(): elem.value
                except Exception as e:
                    bad += 1
                    print(path, repr(e))
            print('checked, failures:', bad)
            """
        let result = runTool(["python3", "-c", script], input: Data(files.joined(separator: "\n").utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("failures: 0"), result.stdout)
    }
}
