import DICOM
import Foundation
import XCTest

/// Fixtures shared by the tests of correct, edit, undo and audit: copies of the Samples in a
/// temporary folder, file bytes, data sets, audit log records.
enum ChangeFixtures {
    static func sample(_ path: String) -> String { Repository.samples.appendingPathComponent(path).path }

    /// Copies of the Samples folders `names` side by side in `folder/studies/`.
    static func copies(of names: [String], in folder: URL) throws -> URL {
        let studies = folder.appendingPathComponent("studies")
        try FileManager.default.createDirectory(at: studies, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: Repository.samples.appendingPathComponent(name), to: studies.appendingPathComponent(name))
        }
        return studies
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func dataSet(_ path: String) throws -> DataSet { try DicomReader.read(path: path).dataSet }

    /// Every regular file under `folder` (hidden ones too), sorted.
    static func files(in folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    /// The bytes of every file under `folder`, by path.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in files(in: folder) { result[path] = try bytes(path) }
        return result
    }

    /// The records of an audit log, as JSON objects.
    static func records(_ log: String) throws -> [[String: Any]] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// SHA-256 of a file, hex, computed by openssl (independent of dicomfix's own digest).
    static func sha256(_ path: String) throws -> String {
        try requireTool("openssl")
        let result = runTool(["openssl", "dgst", "-sha256", "-r", path])
        XCTAssertEqual(result.status, 0, result.output)
        return String(result.stdout.prefix(64))
    }
}

extension ChangeFixtures {
    /// SHA-256 of a text's UTF-8 bytes, hex, computed by openssl.
    static func sha256Text(_ text: String) throws -> String {
        try requireTool("openssl")
        let result = runTool(["openssl", "dgst", "-sha256", "-r"], input: Data(text.utf8))
        XCTAssertEqual(result.status, 0, result.output)
        return String(result.stdout.prefix(64))
    }
}
