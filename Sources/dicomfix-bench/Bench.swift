#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DICOM

/// `dicomfix-bench`: makes the benchmark data and runs the codec's read benchmarks. Driven by
/// `Scripts/bench-read`, which times it against `dcmdump -M`, and by `Scripts/bench-dump`,
/// which uses its data to time `dicomfix dump`. Exit status: 0 success, 1 some
/// file failed to read, 2 generation failed, 64 usage error.
@main
enum Bench {
    static let usage = """
        usage: dicomfix-bench generate-study DIR COUNT [--modality CT|MR] [--size N] [--implicit]
               dicomfix-bench generate-multiframe PATH SIZE_MB
               dicomfix-bench read-headers [--from-list LIST] [FILE...]
               dicomfix-bench read-full FILE

          generate-study       COUNT slices in DIR, 16-bit, explicit VR little endian: CT (the
                               default, 512x512) or MR (256x256); --size N makes them NxN,
                               --implicit writes implicit VR little endian
          generate-multiframe  one Enhanced CT file with at least SIZE_MB MiB of pixel data
          read-headers         read every file up to its pixel data, on all cores, and count elements
          read-full            read one file whole (pixel data stays in the file), count elements
        """

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { fail(usage, status: 64) }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "generate-study": generateStudy(rest)
        case "generate-multiframe": generateMultiframe(rest)
        case "read-headers": readHeaders(rest)
        case "read-full": readFull(rest)
        case "-h", "--help", "help": print(usage)
        default: fail("unknown command '\(command)'\n\n" + usage, status: 64)
        }
    }

    static func generateStudy(_ arguments: [String]) {
        guard arguments.count >= 2, let count = Int(arguments[1]), count > 0 else { fail(usage, status: 64) }
        let directory = arguments[0]
        var modality = StudyGenerator.Modality.ct
        var matrix: Int?
        var transferSyntax = TransferSyntax.explicitVRLittleEndian
        var options = arguments.dropFirst(2)
        while let option = options.popFirst() {
            switch option {
            case "--modality":
                guard let name = options.popFirst(), let value = StudyGenerator.Modality(rawValue: name.uppercased()) else {
                    fail("--modality takes CT or MR\n\n" + usage, status: 64)
                }
                modality = value
            case "--size":
                guard let text = options.popFirst(), let value = Int(text), (1...4096).contains(value) else {
                    fail("--size takes a number of rows (and columns) from 1 to 4096\n\n" + usage, status: 64)
                }
                matrix = value
            case "--implicit":
                transferSyntax = .implicitVRLittleEndian
            default:
                fail("unknown option '\(option)'\n\n" + usage, status: 64)
            }
        }
        let generator = StudyGenerator(modality: modality, sliceCount: count, matrix: matrix, transferSyntax: transferSyntax)
        let started = now()
        do {
            try makeDirectories(directory)
            let paths = try generator.write(into: directory, workers: processorCount())
            print("wrote \(paths.count) \(modality.rawValue) slices (\(generator.matrix)x\(generator.matrix), \(transferSyntax.name)) to \(directory) in \(milliseconds(since: started)) ms")
        } catch {
            fail("generate-study: \(error)", status: 2)
        }
    }

    static func generateMultiframe(_ arguments: [String]) {
        guard arguments.count == 2, let megabytes = Int(arguments[1]), megabytes > 0, megabytes < 4095 else {
            fail("SIZE_MB must be between 1 and 4094 (a 32-bit length holds the pixel data)\n\n" + usage, status: 64)
        }
        let generator = EnhancedCTGenerator(megabytes: megabytes)
        let started = now()
        do {
            try generator.write(to: arguments[0])
            print("wrote \(arguments[0]): \(generator.frameCount) frames, \(generator.pixelDataLength) bytes of pixel data, in \(milliseconds(since: started)) ms")
        } catch {
            fail("generate-multiframe: \(error)", status: 2)
        }
    }

    static func readHeaders(_ arguments: [String]) {
        var paths: [String] = []
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--from-list" {
                guard let list = remaining.popFirst() else { fail("--from-list needs a file\n\n" + usage, status: 64) }
                do {
                    paths += try lines(of: list)
                } catch {
                    fail("read-headers: \(error)", status: 2)
                }
            } else {
                paths.append(argument)
            }
        }
        guard !paths.isEmpty else { fail("read-headers: no files\n\n" + usage, status: 64) }
        let started = now()
        let (census, errors) = ReadCommands.readHeaders(paths, workers: processorCount())
        print("read-headers: \(census.summary) in \(milliseconds(since: started)) ms")
        if !errors.isEmpty {
            for error in errors.prefix(20) { printError(error) }
            fail("read-headers: \(errors.count) of \(paths.count) file(s) could not be read", status: 1)
        }
    }

    static func readFull(_ arguments: [String]) {
        guard arguments.count == 1 else { fail(usage, status: 64) }
        let started = now()
        do {
            let census = try ReadCommands.readFull(arguments[0])
            print("read-full: \(census.summary) in \(milliseconds(since: started)) ms")
        } catch {
            fail("read-full: \(error)", status: 1)
        }
    }

    // MARK: Support

    static func fail(_ message: String, status: Int32) -> Never {
        printError(message)
        exit(status)
    }

    static func printError(_ message: String) {
        var line = Array((message + "\n").utf8)
        line.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func processorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The non-empty lines of a text file.
    static func lines(of path: String) throws -> [String] {
        let source = try FileByteSource(path: path)
        let bytes = try source.bytes(at: 0, count: Int(source.count))
        return bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Creates `path` and any missing parents.
    static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                let err = errno
                throw DICOMError(.ioError, "cannot create the directory: \(String(cString: strerror(err)))", file: prefix, errno: err)
            }
        }
    }

    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time
    }

    static func milliseconds(since start: timespec) -> Int {
        let end = now()
        return (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1_000_000
    }
}
