import DICOMDeidentify
import XCTest

final class PlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertNotNil(DICOMDeidentify.self) }
}
