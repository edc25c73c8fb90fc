import ArgumentParser
import DICOM
import DICOMDump
import DICOMMedia

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
            'path<TAB>value' lines for scripts (with several --tag options, \
            'path<TAB>tag path<TAB>value').

            --format json prints one JSON array holding, for each file in input order, its data \
            set in the DICOM JSON Model (PS3.18 Annex F). --format xml prints, for each file, \
            one XML document in the Native DICOM Model (PS3.19 Annex A); with several files each \
            document starts with its XML declaration and a comment naming the file. Both leave \
            out the File Meta Information and refer to binary values (pixel data, OB, OW, UN \
            ...) as file://PATH?offset=N&length=M, the value's byte range in the file; \
            --inline-binary puts them in the output as base64 instead. --tag, --max-value-length, \
            --offsets, --meta and --diagnostics apply to text output; --tag cannot be combined \
            with json or xml.

            Examples:
              dicomfix dump scan.dcm
              dicomfix dump --format json --inline-binary scan.dcm
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

    @Option(help: "Output format: text (one line per element), json (DICOM JSON Model) or xml (Native DICOM Model).")
    var format: DumpFormat = .text

    @Flag(help: "In json and xml output, put binary values inline as base64 instead of referring to them in the file.")
    var inlineBinary: Bool = false

    func validate() throws {
        for tag in tags where TagSelector(tag) == nil {
            throw ValidationError("--tag \(tag): not a keyword, tag or sequence path")
        }
        if maxValueLength < 0 { throw ValidationError("--max-value-length must be 0 or more") }
        if format != .text && !tags.isEmpty {
            throw ValidationError("--tag selects text output: it cannot be combined with --format \(format.rawValue)")
        }
        if format == .text && inlineBinary { throw ValidationError("--inline-binary applies to --format json or xml") }
    }

    func run() throws {
        let collected = try collectInputs(paths)
        let selectors = tags.compactMap(TagSelector.init)
        let options = DumpOptions(maxValueLength: maxValueLength, showMeta: meta, showOffsets: offsets, showDiagnostics: diagnostics)
        let named = Set(paths)
        let several = collected.files.count > 1
        let format = self.format
        let inlineBinary = self.inlineBinary
        var failures = collected.missing.count
        for missing in collected.missing { printError("\(missing.path): \(missing.reason)") }
        for refused in collected.refused { printError("\(refused.path): \(refused.reason)") }

        let output = StandardOutput()
        if format == .json { output.write(text: "[\n") }
        var objectsWritten = 0
        // In chunks, so output streams in input order while files are read in parallel. The
        // first file of a chunk may write its text as it goes (everything before it is out):
        // a large file's dump is never held whole.
        for start in stride(from: 0, to: collected.files.count, by: 64) {
            let chunk = Array(collected.files[start..<min(start + 64, collected.files.count)].enumerated())
            let results = parallelMap(chunk) { position, input -> DumpResult in
                let shown = collected.display(input.path)
                // Bulk data URIs would name a temporary copy of an archive member: inline instead.
                let inlineBinary = inlineBinary || input.archive != nil
                let file: DicomFile
                do {
                    file = try DicomReader.read(path: input.path)
                } catch let error as DICOMError where error.code == .notDICOM && !named.contains(input.path) {
                    return DumpResult(note: "\(shown): skipped, not a DICOM file")
                } catch {
                    return DumpResult(failed: true, note: collected.display("\(error)"))
                }
                var result = DumpResult(failed: !file.errors.isEmpty)
                if format != .text {
                    do {
                        let text = try format == .json
                            ? JSONDump(inlineBinary: inlineBinary).render(file)
                            : XMLDump(inlineBinary: inlineBinary).render(file, comment: several ? shown : nil)
                        result.objects = [text]
                    } catch {
                        return DumpResult(failed: true, note: "\(error)")
                    }
                } else if selectors.isEmpty {
                    if several { result.text += Array("# \(shown)\n".utf8) }
                    TextDump(options: options).render(file, into: &result.text, flushingAt: position == 0 ? 1 << 16 : .max) { text in
                        output.write(text)
                        text.removeAll(keepingCapacity: true)
                    }
                } else {
                    for selector in selectors {
                        for match in selector.matches(in: file.dataSet) {
                            let value = TextDump(options: options).value(of: match.element, characterSet: match.characterSet)
                            // path<TAB>value; with several selectors the element's tag path goes between.
                            let columns = (several ? [shown] : []) + (selectors.count > 1 ? [match.path.description] : []) + [value]
                            let line = columns.joined(separator: "\t")
                            result.text += Array((line + "\n").utf8)
                        }
                    }
                }
                return result
            }
            for result in results {
                if let note = result.note { printError(note) }
                switch format {
                case .text:
                    output.write(result.text)
                case .json:
                    for object in result.objects {
                        output.write(text: (objectsWritten == 0 ? "" : ",\n") + object)
                        objectsWritten += 1
                    }
                case .xml:
                    for document in result.objects { output.write(text: document) }
                }
                if result.failed { failures += 1 }
            }
        }
        if format == .json { output.write(text: objectsWritten == 0 ? "]\n" : "\n]\n") }
        if collected.files.isEmpty && collected.missing.isEmpty {
            printError("dicomfix: no input files found")
            throw ExitStatus.fatal
        }
        if failures > 0 { throw ExitStatus.problemsFound }
    }
}

/// The output formats of `dicomfix dump`.
enum DumpFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, xml
}

/// What dumping one file gave: text output (UTF-8, whole lines), JSON objects or XML documents,
/// whether the file counts as failed, and a note for stderr.
private struct DumpResult: Sendable {
    var text: [UInt8] = []
    var objects: [String] = []
    var failed = false
    var note: String?
}
