import DICOM
import Foundation
import XCTest

@_exported import DICOMTestSupport

// Helpers of the JSON and XML dump tests; the shared ones come from DICOMTestSupport.

/// Writes `dataSet` as a Part-10 file in a temporary directory and reads it back from its path,
/// so values keep their place in the file.
func writtenAndRead(_ dataSet: DataSet, transferSyntax: TransferSyntax = .explicitVRLittleEndian, test: XCTestCase) throws -> DicomFile {
    let url = try temporaryDirectory(test).appendingPathComponent("test.dcm")
    let bytes = try DicomWriter.encode(DicomFile(dataSet: dataSet, transferSyntax: transferSyntax))
    try Data(bytes).write(to: url)
    return try DicomReader.read(path: url.path)
}

/// The value bytes of `text` padded to even length with `pad`.
func padded(_ text: String, _ pad: UInt8 = 0x20) -> [UInt8] {
    var bytes = Array(text.utf8)
    if bytes.count % 2 == 1 { bytes.append(pad) }
    return bytes
}

/// Little-endian bytes of 16-bit numbers.
func uint16LE(_ values: [UInt16]) -> [UInt8] {
    values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

/// Little-endian bytes of a 64-bit pattern.
func uint64LE(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}
