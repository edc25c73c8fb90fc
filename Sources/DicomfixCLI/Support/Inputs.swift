import DICOMMedia
import Foundation

/// Collects the files a command reads from the paths the user gave (files, folders, DICOMDIRs,
/// and zip, tar and ISO archives, unpacked within the limits set by `DICOMFIX_ARCHIVE_MAX_BYTES`,
/// `DICOMFIX_ARCHIVE_MAX_RATIO` and `DICOMFIX_ARCHIVE_MAX_MEMBERS`).
/// - Throws: `ExitStatus.usage` when one of those variables does not hold a number.
func collectInputs(_ paths: [String], expandDICOMDIR: Bool = true) throws -> InputCollector.Result {
    switch ArchiveLimits.from(environment: ProcessInfo.processInfo.environment) {
    case .success(let limits):
        return InputCollector.collect(paths, expandDICOMDIR: expandDICOMDIR, archiveLimits: limits)
    case .failure(let error):
        printError("dicomfix: \(error)")
        throw ExitStatus.usage
    }
}

extension InputCollector.Result {
    /// Reports for what the user named but nothing could be read of (failed), and for archive
    /// members that were refused (a warning each).
    var problemReports: [FileReport] {
        missing.map { FileReport(path: $0.path, status: .failed, error: $0.reason) }
            + refused.map { FileReport(path: $0.path, status: .warning, error: $0.reason) }
    }

    /// The input files that are private copies of archive members, which cannot be changed in
    /// place.
    var archiveMembers: [InputFile] { files.filter { $0.archive != nil } }
}

extension Report {
    /// The report with every path and message naming archive members as `archive!/member`
    /// instead of where they were unpacked.
    func displayingPaths(of inputs: InputCollector.Result) -> Report {
        guard !inputs.archiveRoots.isEmpty else { return self }
        var copy = self
        copy.files = files.map { file in
            var file = file
            file.path = inputs.display(file.path)
            file.output = file.output.map(inputs.display)
            file.error = file.error.map(inputs.display)
            file.actions = file.actions.map(inputs.display)
            file.diagnostics = file.diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.message = inputs.display(diagnostic.message)
                diagnostic.relatedFiles = diagnostic.relatedFiles.map { $0.map(inputs.display) }
                return diagnostic
            }
            return file
        }
        return copy
    }
}

/// The DICOMDIR a `dicomdir dump` or `check` argument stands for: the file itself, the
/// DICOMDIR (any case) in a folder, or the one at the root of a zip, tar or ISO archive,
/// whose members are unpacked (kept in `inputs` for as long as the command runs).
struct LocatedDirectory {
    var dicomdir: String
    var inputs: InputCollector.Result?

    /// The DICOMDIR for `path`, or nil (with the reason printed) when there is none.
    static func locate(_ path: String) throws -> LocatedDirectory? {
        guard ArchiveFormat(fileName: path) != nil, FileManager.default.fileExists(atPath: path) else {
            return DicomDirectoryChecker.locate(path).map { LocatedDirectory(dicomdir: $0) }
        }
        let inputs = try collectInputs([path], expandDICOMDIR: false)
        for problem in inputs.problemReports { printError("dicomfix: \(problem.path): \(problem.error ?? "")") }
        guard let root = inputs.archiveRoots.first?.staged,
            let dicomdir = FileIDResolver(root: String(root.dropLast())).resolve(["DICOMDIR"])?.path
        else { return nil }
        return LocatedDirectory(dicomdir: dicomdir, inputs: inputs)
    }

    /// `text` with unpacked paths named `archive!/member`.
    func display(_ text: String) -> String { inputs?.display(text) ?? text }
}
