import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix dicomdir check`: a DICOMDIR against itself and the files of its folder.
struct DicomdirCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a DICOMDIR and the files it references.",
        discussion: """
            Checks that every offset points at a record and every record is reached, that \
            record types stand where PS3.3 F.4 allows them, that each record has its F.5 keys, \
            that every referenced file exists (ignoring case, as CDs mounted on Linux often show \
            lower-case names) and holds the SOP instance, SOP class and transfer syntax its \
            record names and the patient ID, study and series UIDs of the records above it, and \
            lists the files in the folder that no record references (warnings).

            Exit status 0 when no error was found (warnings do not fail unless --strict), 1 when \
            errors were found, 2 when there is no DICOMDIR.

            Examples:
              dicomfix dicomdir check /media/cdrom
              dicomfix dicomdir check CD/DICOMDIR --format json
            """)

    @Argument(help: "A DICOMDIR, or the folder that holds it.")
    var path: String

    @Flag(help: "Warnings fail too (exit status 1).")
    var strict: Bool = false

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        guard let located = try LocatedDirectory.locate(path) else {
            printError("dicomfix: no DICOMDIR at \(path)")
            throw ExitStatus.fatal
        }
        let dicomdir = located.dicomdir
        let result = DicomDirectoryChecker.check(dicomdir: dicomdir)
        var byFile: [String: [MediaFinding]] = [:]
        for finding in result.findings { byFile[finding.file ?? dicomdir, default: []].append(finding) }
        var reports = [MediaReport.fileReport(dicomdir, byFile[dicomdir] ?? [], actions: ["\(result.recordCount) records, \(result.referenced.count) files referenced, \(result.unreferenced.count) not referenced"])]
        var covered: Set<String> = [dicomdir]
        for (_, path) in result.referenced {
            guard let path, covered.insert(path).inserted else { continue }
            reports.append(MediaReport.fileReport(path, byFile[path] ?? []))
        }
        for path in result.unreferenced where covered.insert(path).inserted {
            reports.append(MediaReport.fileReport(path, byFile[path] ?? []))
        }
        for (path, findings) in byFile.sorted(by: { $0.key < $1.key }) where !covered.contains(path) {
            reports.append(MediaReport.fileReport(path, findings))
        }
        try reporting.emit(Report(command: "dicomdir check", files: reports), failOnWarnings: strict, inputs: located.inputs)
    }
}
