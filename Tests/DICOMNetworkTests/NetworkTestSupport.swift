import DICOM
@_exported import DICOMTestSupport
import DICOMNetwork
import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Files for the network tests, made by the test: instances of any SOP class with a pixel data
/// value of any size.
enum GeneratedInstances {
    /// Writes one instance of `sopClass` with `pixelBytes` bytes of pixel data, in `syntax`.
    @discardableResult
    static func write(
        to url: URL, sopClass: String, instance: String, syntax: TransferSyntax = .explicitVRLittleEndian, pixelBytes: Int = 64
    ) throws -> URL {
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, sopClass)
        dataSet.setString(.sopInstanceUID, .UI, instance)
        dataSet.setString(.studyInstanceUID, .UI, "2.25.1234567")
        dataSet.setString(.seriesInstanceUID, .UI, "2.25.1234567.1")
        dataSet.setString(.patientName, .PN, "NETWORK^TEST")
        dataSet.setString(.patientID, .LO, "NET-0001")
        dataSet.setString(.modality, .CS, "OT")
        dataSet.setUInt16(.rows, [UInt16(clamping: max(1, pixelBytes / 2 / 256))])
        dataSet.setUInt16(.columns, [256])
        dataSet.setUInt16(.bitsAllocated, [16])
        dataSet.setUInt16(.bitsStored, [16])
        dataSet.setUInt16(.highBit, [15])
        dataSet.setUInt16(.samplesPerPixel, [1])
        dataSet.setUInt16(.pixelRepresentation, [0])
        dataSet.setString(.photometricInterpretation, .CS, "MONOCHROME2")
        let pixels = (0..<pixelBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        dataSet.set(Element(.pixelData, .OW, bytes: pixels))
        let file = DicomFile(dataSet: dataSet, transferSyntax: syntax)
        try DicomWriter.write(file, toPath: url.path, options: WriteOptions(transferSyntax: syntax, meta: .regenerate))
        return url
    }
}

/// Compares what a peer stored with what was sent: for every source file, the received file
/// with the same SOP Instance UID must hold the same data set, byte for byte in the transfer
/// syntax it arrived in (the source transcoded to that syntax when they differ).
func assertEveryDataSetArrived(
    _ sources: [URL], in folder: URL, expectedSyntax: TransferSyntax? = nil, file: StaticString = #filePath, line: UInt = #line
) throws {
    var received: [String: DicomFile] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
        let stored = try DicomReader.read(path: folder.appendingPathComponent(name).path)
        if let uid = stored.dataSet.string(.sopInstanceUID) { received[uid.trimmingCharacters(in: .init(charactersIn: " \0"))] = stored }
    }
    XCTAssertEqual(received.count, sources.count, "files stored by the peer", file: file, line: line)
    for source in sources {
        let original = try DicomReader.read(path: source.path)
        let uid = (original.dataSet.string(.sopInstanceUID) ?? "").trimmingCharacters(in: .init(charactersIn: " \0"))
        guard let stored = received[uid] else {
            XCTFail("\(source.lastPathComponent) (\(uid)) did not arrive", file: file, line: line)
            continue
        }
        if let expectedSyntax {
            XCTAssertEqual(stored.transferSyntax.uid, expectedSyntax.uid, "\(source.lastPathComponent) arrived in \(stored.transferSyntax.name)", file: file, line: line)
        }
        let actual = try rawDataSet(stored)
        let expected: [UInt8]
        if stored.transferSyntax.uid == original.transferSyntax.uid {
            expected = try rawDataSet(original)
        } else {
            let sink = MemorySink()
            try DicomWriter.writeDataSet(of: original, in: stored.transferSyntax, to: sink)
            expected = sink.bytes
        }
        XCTAssertEqual(actual.count, expected.count, "\(source.lastPathComponent): data set length", file: file, line: line)
        XCTAssertTrue(actual == expected, "\(source.lastPathComponent): data set differs", file: file, line: line)
    }
}

/// The data set bytes of a file as stored (inflated for a deflated file).
func rawDataSet(_ file: DicomFile) throws -> [UInt8] {
    try file.dataSource.bytes(at: file.dataSetOffset, count: Int(file.dataSource.count - file.dataSetOffset))
}

/// Sample files that exercise the encodings: explicit and implicit VR little endian, big
/// endian, deflated, private tags, character sets.
func sampleInstances() -> [URL] {
    let samples = Repository.samples
    return [
        "ct-study/series-1/image-1.dcm", "ct-study/series-1/image-2.dcm", "ct-study/series-2/image-1.dcm",
        "transfer-syntax/implicit-vr-little-endian.dcm", "transfer-syntax/explicit-vr-big-endian.dcm",
        "transfer-syntax/deflated-explicit-vr-little-endian.dcm", "private/private-tags.dcm", "character-set/iso-ir-192-utf8.dcm",
    ].map { samples.appendingPathComponent($0) }
}

func peerConfiguration(_ peer: PeerProcess, calledAE: String, tls: TLSOptions? = nil, timeouts: Timeouts = Timeouts(connect: 5, association: 10, dimse: 20)) -> PeerConfiguration {
    PeerConfiguration(host: "127.0.0.1", port: peer.port, calledAETitle: calledAE, timeouts: timeouts, tls: tls)
}

/// Fails unless every outcome is stored.
func assertAllStored(_ outcomes: [StoreSCU.Outcome], file: StaticString = #filePath, line: UInt = #line) {
    for outcome in outcomes where !outcome.isStored {
        XCTFail("\(outcome.path): \(outcome.state) \(outcome.reason ?? "")", file: file, line: line)
    }
}

/// Writes a Part-10 file in JPEG Baseline whose pixel data is one encapsulated fragment (not a
/// real JPEG: only its transfer syntax matters to the sender).
func writeEncapsulatedInstance(to url: URL) throws {
    func element(_ group: UInt16, _ number: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        var value = value
        if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
        var bytes = le16(group) + le16(number) + Array(vr.utf8)
        if ["OB", "OW", "SQ", "UN", "UT"].contains(vr) {
            bytes += [0, 0] + le32(UInt32(value.count))
        } else {
            bytes += le16(UInt16(value.count))
        }
        return bytes + value
    }
    let sopClass = "1.2.840.10008.5.1.4.1.1.7", instance = "2.25.5550001", syntax = "1.2.840.10008.1.2.4.50"
    var meta = element(2, 1, "OB", [0, 1]) + element(2, 2, "UI", Array(sopClass.utf8)) + element(2, 3, "UI", Array(instance.utf8))
    meta += element(2, 0x10, "UI", Array(syntax.utf8)) + element(2, 0x12, "UI", Array("1.2.3.4".utf8))
    var bytes = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + element(2, 0, "UL", le32(UInt32(meta.count))) + meta
    bytes += element(8, 0x16, "UI", Array(sopClass.utf8)) + element(8, 0x18, "UI", Array(instance.utf8))
    bytes += element(0x10, 0x10, "PN", Array("JPEG^TEST".utf8))
    bytes += le16(0x7FE0) + le16(0x0010) + Array("OB".utf8) + [0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
    bytes += le16(0xFFFE) + le16(0xE000) + le32(0)
    bytes += le16(0xFFFE) + le16(0xE000) + le32(8) + [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9]
    bytes += le16(0xFFFE) + le16(0xE0DD) + le32(0)
    try Data(bytes).write(to: url)
}

private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

/// A TCP port that accepts connections (the kernel completes them) but never answers.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        descriptor = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw XCTSkip("cannot open a listening socket") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
