import DICOMRepair
import XCTest

final class PlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertNotNil(DICOMRepair.self) }
}
