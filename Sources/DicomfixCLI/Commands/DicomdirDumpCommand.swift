import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix dicomdir dump`: the tree of a DICOMDIR.
struct DicomdirDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Show the patients, studies, series and instances a DICOMDIR lists.",
        discussion: """
            One line per record, indented by level: patients with name, ID and counts; studies \
            with date, time, description, ID, accession number and UID; series with number, \
            modality and UID; instances with number, File ID and SOP class. Records are found by \
            following the offsets, so reordered records are listed in their hierarchy; a file \
            with no offsets at all is listed by record order. Problems met (offsets pointing \
            nowhere, unreachable records) are printed on stderr; `dicomdir check` examines more.

            --format json prints the same tree as JSON (records with their keys, counts and \
            children).

            Exit status 0 when the DICOMDIR was read without errors, 1 when it has errors \
            (the tree is still printed), 2 when there is no DICOMDIR.

            Examples:
              dicomfix dicomdir dump /media/cdrom
              dicomfix dicomdir dump CD/DICOMDIR --format json
            """)

    @Argument(help: "A DICOMDIR, or the folder that holds it.")
    var path: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        guard let located = try LocatedDirectory.locate(path) else {
            printError("dicomfix: no DICOMDIR at \(path)")
            throw ExitStatus.fatal
        }
        let dicomdir = located.dicomdir
        let read: DicomDirectoryReader.Result
        do {
            read = try DicomDirectoryReader.read(path: dicomdir)
        } catch {
            printError(located.display("dicomfix: cannot read \(dicomdir): \(error)"))
            throw ExitStatus.problemsFound
        }
        let listing = DirectoryListing(read.directory, path: located.display(dicomdir))
        print(format == .json ? listing.json() : listing.text())
        for finding in read.findings {
            printError("\(finding.severity): \(finding.message) [\(finding.code)]" + (finding.offset.map { " (offset \($0))" } ?? ""))
        }
        if read.findings.contains(where: { $0.severity == .error }) { throw ExitStatus.problemsFound }
    }
}
