import Foundation
import XCTest

/// The test helper that runs the binary: a run that writes more to stderr than a pipe holds
/// (about 64 KB) must not block it.
final class CLITestSupportTests: XCTestCase {
    func test_dicomfix_runWithMoreStderrThanAPipeHolds_completes() throws {
        _ = try dicomfixBinary()
        // Each missing input is one line on stderr: 3,000 of them are about 200 KB.
        let missing = (1...3000).map { String(format: "/nonexistent/dicomfix-helper-test/a-fairly-long-file-name-%05d.dcm", $0) }
        let finished = DispatchSemaphore(value: 0)
        let box = ResultBox()
        DispatchQueue.global().async {
            box.result = try? dicomfix(["dump"] + missing)
            finished.signal()
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "dicomfix() blocked on a full stderr pipe")
        let result = try XCTUnwrap(box.result)
        XCTAssertEqual(result.status, 1)
        XCTAssertGreaterThan(result.stderr.utf8.count, 128 * 1024)
        XCTAssertTrue(result.stderr.contains("a-fairly-long-file-name-03000.dcm: no such file or folder"), String(result.stderr.suffix(300)))
    }
}

private final class ResultBox: @unchecked Sendable {
    var result: CommandResult?
}
