import DICOM
import DICOMTestSupport
import Foundation
import XCTest

@testable import DICOMMedia

/// Folders given as inputs: every regular file at any depth, sorted by relative path; hidden
/// files and folders left out; symbolic links not followed.
final class InputCollectorTests: XCTestCase {
    func test_folder_listsRegularFilesAtAnyDepth_sorted_withoutHiddenOnesOrLinks() throws {
        let root = try temporaryDirectory(self)
        let manager = FileManager.default
        for folder in ["a/b/c", ".hidden", "z"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["top.dcm", "a/one.dcm", "a/b/c/deep.dcm", ".dotfile", "a/.dicomfix-tmp-1", ".hidden/inside.dcm", "z/last"] {
            try Data([1]).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link.dcm").path, withDestinationPath: root.appendingPathComponent("top.dcm").path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked-folder").path, withDestinationPath: root.appendingPathComponent("a").path)
        XCTAssertEqual(mkfifo(root.appendingPathComponent("pipe").path, 0o600), 0)

        let result = InputCollector.collect([root.path])
        XCTAssertEqual(result.files.map(\.relativePath), ["a/b/c/deep.dcm", "a/one.dcm", "top.dcm", "z/last"])
        XCTAssertEqual(result.files.first?.path, root.path + "/a/b/c/deep.dcm")
        XCTAssertEqual(InputCollector.collect([root.path + "/"]).files.first?.path, root.path + "/a/b/c/deep.dcm")
        XCTAssertTrue(result.missing.isEmpty)
    }
}
