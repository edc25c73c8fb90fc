import XCTest

@testable import DICOMSamples

final class SamplesTests: XCTestCase {}
