import Foundation
import XCTest

@testable import DICOM

/// The deterministic mutation test: thousands of damaged copies of every sample (truncated at
/// and inside every element, lengths set to 0xFFFFFFF0, VRs replaced, bits flipped, sequences
/// nested hundreds deep), each read and written back. Every mutant must give a data set (with
/// diagnostics when the damage is detectable) or a `DICOMError`, in under a second, and memory
/// must stay bounded. A trap fails the whole run.
final class MutationTests: XCTestCase {
    /// One damaged copy, and whether the reader must report something for it.
    struct Mutant {
        var kind: String
        var bytes: [UInt8]
        /// True when the damage is always detectable (a cut inside an element, a length past
        /// the end, nesting past the limit): the read must then throw or give a diagnostic.
        var mustReport: Bool
    }

    func test_mutantsOfEverySample_giveDiagnosticsOrErrors_quickly_inBoundedMemory() throws {
        var generator = SplitMix(seed: 20261201)
        let memoryBefore = peakResidentBytes()
        var counts: [String: Int] = [:]
        var slowest: (seconds: Double, what: String) = (0, "")
        let samples = Repository.sampleFiles()
        XCTAssertGreaterThan(samples.count, 20)
        for url in samples {
            let original = try [UInt8](Data(contentsOf: url))
            let name = url.pathComponents.suffix(2).joined(separator: "/")
            for mutant in try Self.mutants(of: original, generator: &generator) {
                counts[mutant.kind, default: 0] += 1
                let started = DispatchTime.now().uptimeNanoseconds
                let outcome = Result { try DicomReader.read(bytes: mutant.bytes, name: name) }
                if case .success(let file) = outcome {
                    Self.touchValues(file.dataSet)
                    _ = try? DicomWriter.encode(file, options: WriteOptions(container: .asRead))
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                if seconds > slowest.seconds { slowest = (seconds, "\(name) \(mutant.kind)") }
                XCTAssertLessThan(seconds, 1.0, "\(name): \(mutant.kind) took \(seconds) s")
                switch outcome {
                case .failure(let error):
                    XCTAssertTrue(error is DICOMError, "\(name): \(mutant.kind) threw \(error)")
                case .success(let file):
                    if mutant.mustReport {
                        XCTAssertTrue(
                            file.diagnostics.contains { $0.severity >= .warning },
                            "\(name): \(mutant.kind) read without a diagnostic")
                    }
                }
            }
        }
        let total = counts.values.reduce(0, +)
        print("mutation test: \(total) mutants \(counts.sorted { $0.key < $1.key }), slowest \(slowest.what) \(slowest.seconds) s")
        XCTAssertGreaterThan(total, 5_000)
        for kind in ["truncated-at-boundary", "truncated-inside", "length-huge", "vr-replaced", "bit-flip", "deep-nesting"] {
            XCTAssertGreaterThan(counts[kind] ?? 0, 0, kind)
        }
        XCTAssertLessThan(peakResidentBytes() - memoryBefore, 300 << 20, "peak memory grew by more than 300 MB")
    }

    /// Decodes every value as text and numbers, inside items too.
    static func touchValues(_ dataSet: DataSet) {
        for element in dataSet {
            _ = dataSet.strings(element.tag)
            _ = element.ints
            for item in element.items { touchValues(item.dataSet) }
        }
    }

    /// Where one element sits, in the bytes that are mutated (the inflated data set for a
    /// deflated file), and how its header is laid out.
    struct Site {
        var offset: Int
        var length: Int
        var encoding: Encoding
        var vr: VR
    }

    /// Mutants of one sample. For a deflated file the structural mutations are made on the
    /// inflated data set, which is deflated again, so that they reach the parser.
    static func mutants(of original: [UInt8], generator: inout SplitMix) throws -> [Mutant] {
        let file = try DicomReader.read(bytes: original)
        let deflated = file.transferSyntax.isDeflated
        let body: [UInt8] = deflated ? try file.dataSource.bytes(at: 0, count: Int(file.dataSource.count)) : original
        let prefix = Array(original.prefix(Int(file.compressedDataSetOffset ?? 0)))
        func rebuild(_ bytes: [UInt8]) throws -> [UInt8] { deflated ? prefix + (try deflate(bytes)) : bytes }

        var sites: [Site] = []
        func collect(_ dataSet: DataSet) {
            for element in dataSet {
                if let span = element.encoded, span.length > 0 {
                    sites.append(Site(offset: Int(span.offset), length: Int(span.length), encoding: span.encoding, vr: element.vr))
                }
                for item in element.items { collect(item.dataSet) }
            }
        }
        if !deflated { collect(file.meta) }
        collect(file.dataSet)

        var mutants: [Mutant] = []
        for site in sites where site.offset + site.length <= body.count {
            mutants.append(Mutant(kind: "truncated-at-boundary", bytes: try rebuild(Array(body.prefix(site.offset))), mustReport: false))
            mutants.append(Mutant(kind: "truncated-at-boundary", bytes: try rebuild(Array(body.prefix(site.offset + site.length))), mustReport: false))
            if site.length > 1 {
                let cut = site.offset + 1 + Int(generator.next() % UInt64(site.length - 1))
                mutants.append(Mutant(kind: "truncated-inside", bytes: try rebuild(Array(body.prefix(cut))), mustReport: true))
            }
            let long = !site.encoding.isExplicitVR || site.vr.hasLongExplicitLength
            let lengthAt = site.offset + (site.encoding.isExplicitVR ? (long ? 8 : 6) : 4)
            if site.vr != .SQ || long {
                var copy = body
                let huge: [UInt8] = long ? [0xF0, 0xFF, 0xFF, 0xFF] : [0xF0, 0xFF]
                for (i, byte) in (site.encoding.isBigEndian ? huge.reversed() : huge).enumerated() where lengthAt + i < copy.count {
                    copy[lengthAt + i] = byte
                }
                mutants.append(Mutant(kind: "length-huge", bytes: try rebuild(copy), mustReport: true))
            }
            var shifted = body
            let delta = [1, 2, 3, 4, 7, 8][Int(generator.next() % 6)]
            let index = lengthAt + (site.encoding.isBigEndian ? (long ? 3 : 1) : 0)
            if index < shifted.count {
                shifted[index] = shifted[index] &+ UInt8(delta)
                mutants.append(Mutant(kind: "length-off-by-\(delta)", bytes: try rebuild(shifted), mustReport: false))
            }
            if site.encoding.isExplicitVR {
                var copy = body
                let codes = ["ZZ", "\0\0", "SQ", "OB", "UN", "UT", "US", "AE", "OW", "SL"]
                let code = Array(codes[Int(generator.next() % UInt64(codes.count))].utf8)
                copy[site.offset + 4] = code[0]
                copy[site.offset + 5] = code[1]
                mutants.append(Mutant(kind: "vr-replaced", bytes: try rebuild(copy), mustReport: false))
            }
        }
        // Bit flips and huge lengths anywhere in the file as stored.
        for _ in 0..<40 {
            var copy = original
            let position = Int(generator.next() % UInt64(copy.count))
            copy[position] ^= UInt8(1) << UInt8(generator.next() % 8)
            mutants.append(Mutant(kind: "bit-flip", bytes: copy, mustReport: false))
        }
        for _ in 0..<20 {
            var copy = original
            let position = Int(generator.next() % UInt64(copy.count - 4))
            copy.replaceSubrange(position..<position + 4, with: [0xF0, 0xFF, 0xFF, 0xFF])
            mutants.append(Mutant(kind: "huge-anywhere", bytes: copy, mustReport: false))
        }
        // Sequences nested past the depth limit, inserted before a top-level element.
        let topLevel = file.dataSet.elements.compactMap { $0.encoded.map { Int($0.offset) } }
        let encoding = file.dataSet.elements.first?.encoded?.encoding ?? .explicitLittle
        for style in ["undefined", "defined", "unterminated", "mixed"] {
            guard let at = topLevel.isEmpty ? nil : topLevel[Int(generator.next() % UInt64(topLevel.count))] else { break }
            let nested = nestedSequences(depth: 100 + Int(generator.next() % 400), style: style, encoding: encoding)
            mutants.append(Mutant(kind: "deep-nesting", bytes: try rebuild(Array(body[..<at]) + nested + Array(body[at...])), mustReport: true))
        }
        return mutants
    }

    /// `depth` sequences each holding one item holding the next.
    static func nestedSequences(depth: Int, style: String, encoding: Encoding) -> [UInt8] {
        let b = Bytes(encoding: encoding)
        var content = b.text(Tag(0x0010, 0x0010), .PN, "Deep")
        for level in 0..<depth {
            let undefined = style == "undefined" || style == "unterminated" || (style == "mixed" && level % 2 == 0)
            if undefined {
                content = b.element(Tag(0x0040, 0xA730), .SQ, b.item(content, undefined: true) + (style == "unterminated" ? [] : b.sequenceDelimiter), length: 0xFFFF_FFFF)
            } else {
                content = b.element(Tag(0x0040, 0xA730), .SQ, b.item(content))
            }
        }
        return content
    }

    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var compressed: [UInt8] = []
        let deflater = try Deflater(level: 1)
        try bytes.withUnsafeBytes { raw in try deflater.compress(raw, finish: true) { compressed.append(contentsOf: $0) } }
        return compressed
    }
}
