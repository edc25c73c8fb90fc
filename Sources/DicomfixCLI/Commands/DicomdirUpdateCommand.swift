import ArgumentParser
import DICOM
import DICOMMedia
import Foundation

/// `dicomfix dicomdir update`: add instances to an existing DICOMDIR.
struct DicomdirUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Add instances to an existing DICOMDIR.",
        discussion: """
            The files (or folders, searched recursively) must be inside the DICOMDIR's folder \
            with media-safe File IDs. Instances the DICOMDIR already lists are skipped; new ones \
            join their patient, study and series records, or get new ones. The same checks as \
            build apply, against the records already there too (a new file whose study is \
            listed under another patient is refused unless --force). Records and keys already in \
            the DICOMDIR are kept; every offset is computed again.

            Exit status 0 when the DICOMDIR was rewritten without problems, 1 when it was \
            refused, 2 when the DICOMDIR does not exist.

            Examples:
              dicomfix dicomdir update CD/DICOMDIR CD/DICOM/PAT00002
            """)

    @Argument(help: "The DICOMDIR to update.")
    var dicomdir: String

    @Argument(help: "Files or folders to add.")
    var paths: [String]

    @Option(help: "Media application profile (PS3.11) the new files must fit.")
    var profile: MediaProfile = .cd

    @Flag(help: "Convert new files the profile does not allow to Explicit VR Little Endian, in place.")
    var transcode: Bool = false

    @Flag(help: "Write even with inconsistent data or missing keys (reported as warnings).")
    var force: Bool = false

    @OptionGroup var reporting: ReportingOptions

    func run() throws {
        guard let located = DicomDirectoryChecker.locate(dicomdir) else {
            printError("dicomfix: no DICOMDIR at \(dicomdir)")
            throw ExitStatus.fatal
        }
        var options = DicomDirectoryBuilder.Options()
        options.profile = profile
        options.transcode = transcode
        options.force = force
        let result = DicomDirectoryBuilder.update(dicomdir: located, adding: paths, options: options)
        try reporting.emit(MediaReport.report(command: "dicomdir update", result), failOnWarnings: force)
    }
}
