import CLibFuzzer
import Foundation

/// Seed corpora: each fuzz binary writes its own seeds when started with
/// `DICOMFIX_FUZZ_WRITE_SEEDS=DIR` (and `DICOMFIX_FUZZ_SAMPLES=Samples`), then exits, so that
/// seeds come from the same code that fuzzes and need no second build.
public enum Seeds {
    /// Called from `LLVMFuzzerInitialize`: writes the seeds and exits when asked to.
    public static func writeIfAsked(_ make: (_ samples: URL) throws -> [(name: String, bytes: [UInt8])]) {
        let environment = ProcessInfo.processInfo.environment
        guard let directory = environment["DICOMFIX_FUZZ_WRITE_SEEDS"] else { return }
        let samples = URL(fileURLWithPath: environment["DICOMFIX_FUZZ_SAMPLES"] ?? "Samples")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let seeds = try make(samples)
            for seed in seeds {
                try Data(seed.bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(seed.name))
            }
            print("wrote \(seeds.count) seeds to \(directory)")
            exit(0)
        } catch {
            print("cannot write seeds: \(error)")
            exit(2)
        }
    }

    /// Every regular file under `root`, sorted by path.
    public static func files(under root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            if url.pathExtension == "md" { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A file name for a seed made from `url` (its path below `root`, slashes as dashes).
    public static func name(_ url: URL, under root: URL, suffix: String = "") -> String {
        let relative = url.path.hasPrefix(root.path) ? String(url.path.dropFirst(root.path.count)) : url.lastPathComponent
        return relative.split(separator: "/").joined(separator: "-") + suffix
    }
}

/// The body of each fuzz target's `main`: writes seeds when asked to, else runs libFuzzer.
public func runFuzzer(
    argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    seeds: (_ samples: URL) throws -> [(name: String, bytes: [UInt8])],
    testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    Seeds.writeIfAsked(seeds)
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, testOneInput)
}
