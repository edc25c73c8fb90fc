import DICOM
import XCTest

@testable import DICOMValidation

/// Photometric Interpretation against the transfer syntax of the pixel data (PS3.5 8.2).
final class PixelEncodingChecksTests: XCTestCase {
    private let code = "pixel.photometric-interpretation.transfer-syntax"

    /// The findings for an image of `samples` samples per pixel in `photometric`, encoded in
    /// the transfer syntax `uid`.
    private func findings(_ uid: String, _ photometric: String, samples: UInt16 = 3, pixelData: Bool = true) -> [Finding] {
        var dataSet = DataSet()
        dataSet.setUInt16(.samplesPerPixel, [samples])
        dataSet.setString(.photometricInterpretation, .CS, photometric)
        if pixelData { dataSet.set(Element(.pixelData, .OB, bytes: [0xFF, 0xD8, 0xFF, 0xD9])) }
        var sink = FindingSink(file: "test.dcm")
        PixelEncodingChecks.check(dataSet, transferSyntax: TransferSyntax(uid: uid), into: &sink)
        return sink.findings
    }

    private let jpegBaseline = "1.2.840.10008.1.2.4.50"

    func test_jpegBaseline_YBRFull_isRejected() {
        let result = findings(jpegBaseline, "YBR_FULL")
        XCTAssertEqual(result.map(\.code), [code])
        XCTAssertEqual(result.first?.tagPath.description, "(0028,0004)")
        XCTAssertEqual(result.first?.found, "YBR_FULL")
        XCTAssertEqual(result.first?.expected, "RGB or YBR_FULL_422")
        XCTAssertEqual(result.first?.reference, "PS3.5 8.2.1")
        XCTAssertEqual(result.first?.severity, .error)
    }

    func test_jpegBaseline_YBRFull422AndRGB_areAccepted() {
        XCTAssertEqual(findings(jpegBaseline, "YBR_FULL_422").map(\.code), [])
        XCTAssertEqual(findings(jpegBaseline, "RGB").map(\.code), [])
    }

    func test_jpegBaseline_paletteColor_isRejected() {
        XCTAssertEqual(findings(jpegBaseline, "PALETTE COLOR", samples: 1).map(\.code), [code])
        XCTAssertEqual(findings(jpegBaseline, "MONOCHROME2", samples: 1).map(\.code), [])
    }

    func test_jpegLossless_YBRFull422_isRejected() {
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.70", "YBR_FULL_422").map(\.code), [code])
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.70", "YBR_FULL").map(\.code), [])
    }

    func test_rle_YBRFull422_isRejected() {
        XCTAssertEqual(findings("1.2.840.10008.1.2.5", "YBR_FULL_422").map(\.reference), ["PS3.5 8.2.2"])
        XCTAssertEqual(findings("1.2.840.10008.1.2.5", "PALETTE COLOR", samples: 1).map(\.code), [])
    }

    func test_jpegLSNearLossless_paletteColor_isRejected() {
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.81", "PALETTE COLOR", samples: 1).map(\.code), [code])
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.80", "PALETTE COLOR", samples: 1).map(\.code), [])
    }

    func test_jpeg2000Lossless_YBRICT_isRejected_butYBRRCTAccepted() {
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.90", "YBR_ICT").map(\.code), [code])
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.90", "YBR_RCT").map(\.code), [])
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.91", "YBR_ICT").map(\.code), [])
    }

    func test_jpeg2000_YBRFull422_isAccepted() {
        // CP-2650 allows YBR_FULL_422 in JPEG 2000.
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.91", "YBR_FULL_422").map(\.code), [])
    }

    func test_mpeg2_monochrome_needsThreeSamples() {
        let result = findings("1.2.840.10008.1.2.4.100", "MONOCHROME2", samples: 1)
        XCTAssertEqual(result.map(\.code), [code])
        XCTAssertEqual(result.first?.expected, "3 samples per pixel")
        XCTAssertEqual(findings("1.2.840.10008.1.2.4.100", "YBR_PARTIAL_420").map(\.code), [])
    }

    func test_nativeYBRFull422_isAccepted() {
        // PS3.3 C.7.6.3.1.2 defines the native layout of YBR_FULL_422.
        XCTAssertEqual(findings("1.2.840.10008.1.2.1", "YBR_FULL_422").map(\.code), [])
    }

    func test_withoutPixelData_nothingIsChecked() {
        XCTAssertEqual(findings(jpegBaseline, "YBR_FULL", pixelData: false).map(\.code), [])
    }

    func test_unlistedPhotometricInterpretation_isLeftToTheEnumeratedValues() {
        XCTAssertEqual(findings(jpegBaseline, "YCBCR").map(\.code), [])
    }

    func test_validator_reportsThePairing() {
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.setString(.sopInstanceUID, .UI, "1.2.3.4")
        dataSet.setUInt16(.samplesPerPixel, [3])
        dataSet.setString(.photometricInterpretation, .CS, "YBR_FULL")
        dataSet.set(Element(.pixelData, .OB, bytes: [0xFF, 0xD8, 0xFF, 0xD9]))
        let file = DicomFile(dataSet: dataSet, transferSyntax: TransferSyntax(uid: jpegBaseline))
        XCTAssertTrue(Validator.validate(file, path: "test.dcm").contains { $0.code == code })
    }
}
