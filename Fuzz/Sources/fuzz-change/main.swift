import DICOM
import DICOMDeidentify
import DICOMRepair
import Foundation
import FuzzSupport

// libFuzzer target for the commands that rewrite what they read: repair (every safe fix, then
// the file written and read back) and anonymize (the basic profile and one with every
// compatible option, through real files in a scratch folder), with one property: after the
// basic profile, the verifier finds none of the input's identifying values in the output.

/// `main` (SwiftPM links it as `fuzz_change_main`): seeds when asked, else libFuzzer.
@_cdecl("fuzz_change_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc: argc, argv: argv, seeds: changeSeeds, testOneInput: fuzzTestOneInput)
}

/// A folder of this process for the anonymizer's input and outputs (memory-backed when it can be).
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = (base as NSString).appendingPathComponent("dicomfix-fuzz-change-\(getpid())")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

private let key: DeidentificationKey = {
    guard let key = try? DeidentificationKey(bytes: Array(repeating: 7, count: 32)) else { fatalError("a 32-byte key is refused") }
    return key
}()

private let basic: Anonymizer = {
    guard let profile = try? DeidentificationProfile(key: key) else { fatalError("the basic profile is refused") }
    return Anonymizer(profile: profile, collectsIdentifyingValues: true)
}()

private let everyOption: Anonymizer = {
    let options = Set(ProfileOption.allCases).subtracting([.retainLongFullDates])
    guard let profile = try? DeidentificationProfile(options: options, key: key) else { fatalError("the options are refused") }
    return Anonymizer(profile: profile, collectsIdentifyingValues: false)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let bytes = Part10Wrapper.file(for: input)
    if var file = try? DicomReader.read(bytes: bytes, name: "fuzz-input", options: .lenient),
        (try? Repairer().apply(to: &file)) != nil,
        let repaired = try? DicomWriter.encode(file, options: WriteOptions(container: .asRead))
    {
        _ = try? DicomReader.read(bytes: repaired, name: "repaired", options: .lenient)
    }
    let inputPath = (scratch as NSString).appendingPathComponent("input.dcm")
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(bytes)) else { return 0 }
    let basicOutput = (scratch as NSString).appendingPathComponent("basic.dcm")
    if let result = try? basic.anonymize(inputPath: inputPath, destination: .file(basicOutput)), let output = result.output {
        // A personal value (a patient ID 121070, a name PRIMARY) that the input also uses as a
        // code (DCM 121070, Image Type PRIMARY) stays in the code, by design: the verifier
        // reports it on the safe side, and the harness does not count it.
        let codes: Set<Tag> = [.codeValue, .codingSchemeDesignator, .codeMeaning]
        let written = try? DicomReader.read(path: output)
        let hits = ((try? Verifier(values: result.identifyingValues).scan(path: output)) ?? []).filter { hit in
            guard let last = hit.tagPath.components.last else { return true }
            let isCode = codes.contains(last.tag) || (hit.tagPath.components.count == 1 && written?.dataSet[last.tag]?.vr == .CS)
            return !isCode
        }
        if let hit = hits.first {
            fatalError("identifying value left by the basic profile at \(hit.tagPath): \(hit.value)")
        }
    }
    _ = try? everyOption.anonymize(inputPath: inputPath, destination: .file((scratch as NSString).appendingPathComponent("options.dcm")))
    return 0
}

/// The sample files as they are.
private func changeSeeds(_ samples: URL) throws -> [(name: String, bytes: [UInt8])] {
    try Seeds.files(under: samples).map { url in (Seeds.name(url, under: samples), try [UInt8](Data(contentsOf: url))) }
}
