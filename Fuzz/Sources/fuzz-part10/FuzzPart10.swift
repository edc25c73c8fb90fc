import DICOM
import Foundation
import FuzzSupport

// libFuzzer target for the Part-10 reader: every transfer syntax (through `Part10Wrapper`),
// deflate, bulk and inline values, value decoding, and writing back what was read.

/// `main` (SwiftPM links it as `fuzz_part10_main`): seeds when asked, else libFuzzer.
@_cdecl("fuzz_part10_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc: argc, argv: argv, seeds: part10Seeds, testOneInput: fuzzTestOneInput)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let bytes = Part10Wrapper.file(for: input)
    // Small values inline and large ones as bulk data, then everything as bulk data.
    for options in [ReadOptions.lenient, ReadOptions(bulkThreshold: 8)] {
        guard let file = try? DicomReader.read(bytes: bytes, name: "fuzz-input", options: options) else { continue }
        touchValues(file.dataSet)
        _ = try? DicomWriter.encode(file, options: WriteOptions(container: .asRead))
        _ = try? DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRBigEndian, meta: .regenerate))
        _ = try? DicomWriter.encode(file, options: WriteOptions(transferSyntax: .implicitVRLittleEndian))
    }
    return 0
}

/// Decodes every value as text and numbers, inside items too.
private func touchValues(_ dataSet: DataSet) {
    for element in dataSet {
        _ = dataSet.strings(element.tag)
        _ = element.ints
        _ = try? element.loadBytes()
        for item in element.items { touchValues(item.dataSet) }
    }
}

/// The sample files as they are, and each sample's data set wrapped in every syntax.
private func part10Seeds(_ samples: URL) throws -> [(name: String, bytes: [UInt8])] {
    var seeds: [(name: String, bytes: [UInt8])] = []
    for url in Seeds.files(under: samples) {
        let original = try [UInt8](Data(contentsOf: url))
        let name = Seeds.name(url, under: samples)
        seeds.append((name, original))
        guard let file = try? DicomReader.read(bytes: original, name: name) else { continue }
        for (index, syntax) in Part10Wrapper.syntaxes.enumerated() {
            guard let dataSet = dataSetBytes(file, syntax: syntax) else { continue }
            seeds.append((name + "-ts\(index)", Part10Wrapper.input(syntaxIndex: index, dataSet: dataSet)))
        }
    }
    return seeds
}

/// The data set of `file` as the wrapper's syntax expects it in the input.
private func dataSetBytes(_ file: DicomFile, syntax: Part10Wrapper.Syntax) -> [UInt8]? {
    let target: TransferSyntax
    switch syntax.uid {
    case TransferSyntax.implicitVRLittleEndian.uid: target = .implicitVRLittleEndian
    case TransferSyntax.explicitVRBigEndian.uid: target = .explicitVRBigEndian
    case TransferSyntax.deflatedExplicitVRLittleEndian.uid where !syntax.deflateInput: target = .deflatedExplicitVRLittleEndian
    default: target = .explicitVRLittleEndian
    }
    guard let encoded = try? DicomWriter.encode(file, options: WriteOptions(transferSyntax: target, meta: .regenerate)),
        let reread = try? DicomReader.read(bytes: encoded)
    else { return nil }
    let start = Int(reread.compressedDataSetOffset ?? reread.dataSetOffset)
    guard start <= encoded.count else { return nil }
    var bytes = Array(encoded[start...])
    if syntax.uid == "1.2.840.10008.1.2.4.50" || syntax.uid == "1.2.840.10008.1.2.5" {
        // Native pixel data replaced by encapsulated pixel data: an empty offset table, two fragments.
        if let pixels = reread.dataSet[Tag(0x7FE0, 0x0010)], let offset = pixels.offset, Int(offset) - start <= bytes.count {
            bytes = Array(bytes.prefix(Int(offset) - start))
        }
        bytes += [0xE0, 0x7F, 0x10, 0x00] + Array("OB".utf8) + [0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
        bytes += [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]
        bytes += [0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xFF, 0xD8, 0xFF, 0xD9]
        bytes += [0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 0x01, 0x02]
        bytes += [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
    }
    return bytes
}
