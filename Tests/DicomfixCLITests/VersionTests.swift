import XCTest

@testable import DicomfixCLI

final class VersionTests: XCTestCase {
    func test_version_isSemantic() {
        let parts = Dicomfix.configuration.version.split(separator: ".")
        XCTAssertEqual(parts.count, 3)
        XCTAssertTrue(parts.allSatisfy { Int($0) != nil })
    }
}
