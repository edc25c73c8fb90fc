import Foundation
import XCTest

@testable import DICOM

/// pydicom's bundled test files as a conformance corpus: every file parses (or is refused with a
/// reason), nothing traps, and every file that parses is written back byte-identical.
final class CorpusTests: XCTestCase {
    /// Files that are broken on purpose and the diagnostic code each must produce.
    static let knownBroken: [String: String] = [
        "no_meta.dcm": "read.leading-bytes",
        "SC_rgb_jpeg.dcm": "read.transfer-syntax.mismatch",
        "badVR.dcm": "read.meta.media-storage-mismatch",
        "MR_truncated.dcm": "read.value.truncated",
        "rtplan_truncated.dcm": "read.value.truncated",
        "meta_missing_tsyntax.dcm": "read.meta.no-transfer-syntax",
        "ExplVR_BigEndNoMeta.dcm": "read.meta.missing",
        "ExplVR_LitEndNoMeta.dcm": "read.meta.missing",
    ]

    func test_everyCorpusFile_parsesOrFailsWithReason() throws {
        let files = try PydicomData.allFiles()
        XCTAssertGreaterThan(files.count, 80)
        var refused: [String] = []
        for url in files {
            do {
                let file = try DicomReader.read(path: url.path)
                XCTAssertFalse(file.dataSet.isEmpty && file.meta.isEmpty, "\(url.lastPathComponent): nothing read")
                if let code = Self.knownBroken[url.lastPathComponent] {
                    XCTAssertTrue(file.diagnostics.contains { $0.code == code }, "\(url.lastPathComponent) should report \(code); got \(file.diagnostics)")
                }
                for diagnostic in file.diagnostics where diagnostic.severity == .error {
                    XCTAssertNotNil(diagnostic.offset, "\(url.lastPathComponent): error without offset: \(diagnostic)")
                }
            } catch let error as DICOMError {
                XCTAssertEqual(error.code, .notDICOM, "\(url.lastPathComponent): \(error)")
                refused.append(url.lastPathComponent)
            }
        }
        print("corpus: \(files.count) files, refused as not DICOM: \(refused)")
    }

    func test_everyCorpusFile_writesBackByteIdentical() throws {
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path) else { continue }
            let original = try Array(Data(contentsOf: url))
            let written = try DicomWriter.encode(file, options: WriteOptions(container: .asRead))
            if written != original {
                let firstDifference = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                XCTFail("\(url.lastPathComponent): written \(written.count) bytes, original \(original.count); first difference at \(firstDifference.map(String.init) ?? "end")")
            }
        }
    }

    func test_headerOnlyRead_writesBackByteIdentical() throws {
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path, options: .headerOnly) else { continue }
            let original = try Array(Data(contentsOf: url))
            let written = try DicomWriter.encode(file, options: WriteOptions(container: .asRead))
            XCTAssertTrue(written == original, "\(url.lastPathComponent) differs after a header-only read")
        }
    }

    func test_everyUncompressedFile_transcodesToEverySyntaxAndBack_keepingValues() throws {
        var checked = 0
        for url in try PydicomData.allFiles() {
            guard let file = try? DicomReader.read(path: url.path), !file.transferSyntax.isEncapsulated,
                file.errors.isEmpty
            else { continue }
            let expected = try flattenedValues(file.dataSet)
            for syntax in TransferSyntax.uncompressed {
                let bytes = try DicomWriter.encode(file, options: WriteOptions(transferSyntax: syntax))
                let reread = try DicomReader.read(bytes: bytes, name: url.lastPathComponent)
                XCTAssertEqual(reread.transferSyntax.uid, syntax.uid)
                XCTAssertTrue(reread.errors.isEmpty, "\(url.lastPathComponent) as \(syntax): \(reread.errors)")
                let values = try flattenedValues(reread.dataSet)
                for (key, value) in expected where values[key] != value {
                    XCTFail("\(url.lastPathComponent) as \(syntax.name): \(key) changed")
                    break
                }
                XCTAssertEqual(Set(values.keys), Set(expected.keys), "\(url.lastPathComponent) as \(syntax.name)")
                // And back to the original syntax.
                let back = try DicomWriter.encode(reread, options: WriteOptions(transferSyntax: file.transferSyntax))
                let again = try DicomReader.read(bytes: back)
                XCTAssertEqual(try flattenedValues(again.dataSet).count, expected.count)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20)
    }
}
