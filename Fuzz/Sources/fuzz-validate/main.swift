import DICOM
import DICOMDump
import DICOMValidation
import Foundation
import FuzzSupport

// libFuzzer target for what reads a data set after the codec: every validate check (Part 10,
// encoding, IOD tables and conditions, pixel encoding, media readiness), the checks across
// files, and the text, JSON and XML renderings of dump.

/// `main` (SwiftPM links it as `fuzz_validate_main`): seeds when asked, else libFuzzer.
@_cdecl("fuzz_validate_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc: argc, argv: argv, seeds: validateSeeds, testOneInput: fuzzTestOneInput)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let file = try? DicomReader.read(bytes: Part10Wrapper.file(for: input), name: "fuzz-input", options: .lenient) else {
        return 0
    }
    _ = Validator.validate(file, path: "fuzz-input")
    // The same instance twice, and once more with another patient: every check across files runs.
    let summary = InstanceSummary(file.dataSet, path: "a.dcm")
    var other = file.dataSet
    other.setString(.patientName, .PN, "OTHER^PATIENT")
    _ = StudyConsistency.check([summary, InstanceSummary(file.dataSet, path: "b.dcm"), InstanceSummary(other, path: "c.dcm")])
    TextDump(options: DumpOptions(maxValueLength: 16, showOffsets: true, showDiagnostics: true)).render(file) { _ in }
    _ = try? JSONDump().render(file)
    _ = try? XMLDump().render(file)
    return 0
}

/// The sample files as they are, and each sample's data set wrapped in every syntax.
private func validateSeeds(_ samples: URL) throws -> [(name: String, bytes: [UInt8])] {
    var seeds: [(name: String, bytes: [UInt8])] = []
    for url in Seeds.files(under: samples) {
        let original = try [UInt8](Data(contentsOf: url))
        seeds.append((Seeds.name(url, under: samples), original))
    }
    return seeds
}
