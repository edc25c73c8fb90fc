import ArgumentParser
import DICOM
import DICOMDump
import DICOMMedia
import Foundation

/// `dicomfix dump`: show what is in files, as text (dcmdump-like) or filtered values.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Show the elements of DICOM files.",
        discussion: """
            One line per element: tag, VR, value (decoded with the file's character set, in \
            brackets so empty and padded values show), length, value multiplicity and keyword. \
            Sequences and items are indented with item numbers; pixel data and other large values \
            are shown as length and offset, never printed. Folders are searched recursively; files \
            in them that are not DICOM are skipped with a note on stderr.

            With --tag, only the selected elements are printed; with several files, as \
            'path<TAB>value' lines for scripts.

            Examples:
              dicomfix dump scan.dcm
              dicomfix dump --tag PatientName --tag 0020,000D CD/
              dicomfix dump --tag 'ReferencedSeriesSequence[*].SeriesInstanceUID' study/
            """)

    @Argument(help: "Files or folders (searched recursively).")
    var paths: [String]

    @Option(name: .customLong("tag"), help: "Only this element: a keyword, a tag (0010,0010) or a sequence path (Seq[0].Keyword, Seq[*].Keyword). Repeatable.")
    var tags: [String] = []

    @Option(help: "Cut values longer than this many characters (0: never cut).")
    var maxValueLength: Int = 64

    @Flag(inversion: .prefixedNo, help: "Show the File Meta Information.")
    var meta: Bool = true

    @Flag(help: "Show each element's byte offset in the file.")
    var offsets: Bool = false

    @Flag(help: "Show the problems the reader met, after the elements.")
    var diagnostics: Bool = false

    func validate() throws {
        for tag in tags where TagSelector(tag) == nil {
            throw ValidationError("--tag \(tag): not a keyword, tag or sequence path")
        }
        if maxValueLength < 0 { throw ValidationError("--max-value-length must be 0 or more") }
    }

    func run() throws {
        let collected = InputCollector.collect(paths)
        let selectors = tags.compactMap(TagSelector.init)
        let options = DumpOptions(maxValueLength: maxValueLength, showMeta: meta, showOffsets: offsets, showDiagnostics: diagnostics)
        let named = Set(paths)
        let several = collected.files.count > 1
        var failures = collected.missing.count
        for missing in collected.missing { printError("\(missing.path): \(missing.reason)") }

        let output = OrderedOutput()
        // In chunks, so output streams in input order while files are read in parallel.
        for start in stride(from: 0, to: collected.files.count, by: 64) {
        let chunk = Array(collected.files[start..<min(start + 64, collected.files.count)])
        let results = parallelMap(chunk) { input -> (lines: [String], failed: Bool, note: String?) in
            let file: DicomFile
            do {
                file = try DicomReader.read(path: input.path)
            } catch let error as DICOMError where error.code == .notDICOM && !named.contains(input.path) {
                return ([], false, "\(input.path): skipped, not a DICOM file")
            } catch {
                return ([], true, "\(error)")
            }
            var lines: [String] = []
            if selectors.isEmpty {
                if several { lines.append("# \(input.path)") }
                TextDump(options: options).render(file) { lines.append($0) }
            } else {
                for selector in selectors {
                    for match in selector.matches(in: file.dataSet) {
                        let value = TextDump(options: options).value(of: match.element, characterSet: match.characterSet)
                        lines.append(several ? "\(input.path)\t\(value)" : (selectors.count > 1 ? "\(match.path)\t\(value)" : value))
                    }
                }
            }
            return (lines, file.errors.isEmpty == false, nil)
        }
        for result in results {
            if let note = result.note { printError(note) }
            output.write(result.lines)
            if result.failed { failures += 1 }
        }
        }
        if collected.files.isEmpty && collected.missing.isEmpty {
            printError("dicomfix: no input files found")
            throw ExitStatus.fatal
        }
        if failures > 0 { throw ExitStatus.problemsFound }
    }
}

/// Writes lines to stdout; a closed pipe (`| head`) ends the program quietly.
final class OrderedOutput {
    init() { signal(SIGPIPE, SIG_IGN) }

    func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            exit(0)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
