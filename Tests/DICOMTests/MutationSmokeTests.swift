import Foundation
import XCTest

@testable import DICOM

/// A quick, deterministic robustness check: damaged copies of the samples (cut short at many
/// places, bytes flipped, lengths set huge) are read and written back without trapping. The
/// full mutation and fuzzing campaign is separate; this keeps the reader honest on every run.
final class MutationSmokeTests: XCTestCase {
    func test_damagedSamples_areReadWithoutTrapping() throws {
        var generator = SplitMix(seed: 20261122)
        var mutants = 0
        let corpus = ((try? PydicomData.allFiles()) ?? []).filter {
            ((try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? .max) < 64 * 1024
        }
        for url in Repository.sampleFiles() + corpus {
            let original = try [UInt8](Data(contentsOf: url))
            guard original.count > 16 else { continue }
            var variants: [[UInt8]] = []
            for _ in 0..<20 {
                variants.append(Array(original.prefix(Int(generator.next() % UInt64(original.count)))))
            }
            for _ in 0..<40 {
                var copy = original
                let position = Int(generator.next() % UInt64(copy.count))
                copy[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                variants.append(copy)
            }
            for _ in 0..<20 {
                var copy = original
                let position = Int(generator.next() % UInt64(copy.count - 4))
                for i in 0..<4 { copy[position + i] = [0xF0, 0xFF, 0xFF, 0xFF][i] }
                variants.append(copy)
            }
            for bytes in variants {
                mutants += 1
                guard let file = try? DicomReader.read(bytes: bytes, name: url.lastPathComponent) else { continue }
                _ = try? DicomWriter.encode(file, options: WriteOptions(container: .asRead))
                _ = try? DicomWriter.encode(file, options: WriteOptions(transferSyntax: .explicitVRBigEndian))
            }
        }
        XCTAssertGreaterThan(mutants, 1000)
    }
}

