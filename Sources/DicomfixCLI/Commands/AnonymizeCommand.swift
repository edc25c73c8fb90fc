import ArgumentParser
import DICOM
import DICOMDeidentify
import DICOMMedia
import Foundation

extension ProfileOption: ExpressibleByArgument {}

/// `dicomfix anonymize`: de-identify files by the PS3.15 Annex E profile, keyed and verifiable.
struct AnonymizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "De-identify DICOM files by the PS3.15 Annex E profile.",
        discussion: """
            Applies the Basic Application Level Confidentiality Profile (PS3.15 Table E.1-1, all \
            rows, alternatives chosen by the attribute's type in the IOD), recursively inside \
            sequences; private elements and the Original Attributes Sequence are removed; Patient \
            Identity Removed, De-identification Method and its Code Sequence are added. Inputs are \
            never modified; the output folder mirrors the input tree.

            UIDs, patient names and IDs are replaced with values keyed by --key-file (HMAC-SHA-256): \
            the same key gives the same output in every run and on every machine. Without a key \
            a random one is used and results cannot be matched with later batches.

            Options (--option, repeatable): retain-safe-private, retain-uids, \
            retain-device-identity, retain-institution-identity, retain-patient-characteristics, \
            retain-long-full-dates, retain-long-modified-dates, clean-descriptors, \
            clean-structured-content, clean-graphics.

            Exit status 0 when every file was de-identified (and, with --verify, found clean), \
            1 when a file failed, was left out, or --verify found an identifying value.

            Examples:
              dicomfix anonymize --new-key study.key
              dicomfix anonymize CD/ --output anon/ --key-file study.key --map crosswalk.csv --verify
              dicomfix anonymize /data --output /anon --key-file k --shard $SLURM_ARRAY_TASK_ID/16
            """)

    @Argument(help: "Files or folders (searched recursively).")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: "Output folder (mirrors the input tree), or output file for one input file.")
    var output: String?

    @Option(help: "Key file for keyed, repeatable UIDs and pseudonyms.")
    var keyFile: String?

    @Option(help: ArgumentHelp("Create a new random key file and exit.", valueName: "file"))
    var newKey: String?

    @Option(name: .customLong("option"), help: "A profile option of Table E.1-1 by name (repeatable).")
    var options: [ProfileOption] = []

    @Option(help: ArgumentHelp("Write the original -> new crosswalk (CSV) here; it re-identifies patients.", valueName: "file"))
    var map: String?

    @Flag(help: "Allow --map inside the output folder.")
    var mapInOutput = false

    @Flag(help: "Leave out files whose pixels may show burned-in text (Burned In Annotation YES, or US, SC, XA, ES, OT without it).")
    var rejectBurnedIn = false

    @Flag(help: "After writing, scan every output for identifying values found in the inputs.")
    var verify = false

    @Option(help: ArgumentHelp("Process only shard K of N (K from 0), by a hash of each file's relative path.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Name outputs STUDY-UID/SERIES-UID/SOP-INSTANCE-UID.dcm with the new UIDs.")
    var rename = false

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        if newKey != nil { return }
        guard !inputs.isEmpty else { throw ValidationError("give input files or folders (or --new-key FILE)") }
        guard output != nil else { throw ValidationError("missing --output") }
        if let shard { _ = try shardValue(shard) }
        _ = try profileOptions()
        if let map, let output, !mapInOutput, isInside(map, output) {
            throw ValidationError("--map \(map) is inside the output folder: the crosswalk re-identifies patients (add --map-in-output to allow it)")
        }
    }

    func run() throws {
        if let newKey {
            do {
                try DeidentificationKey.createFile(at: newKey)
            } catch {
                printError("dicomfix: \(error)")
                throw ExitStatus.fatal
            }
            printError("dicomfix: wrote a new key to \(newKey); keep it secret and keep it: without it later batches get other UIDs")
            return
        }
        guard let output else { throw ExitStatus.usage }
        let anonymizer = Anonymizer(
            profile: try DeidentificationProfile(options: profileOptions(), key: try loadKey()), collectsIdentifyingValues: verify)

        var collected = try collectInputs(inputs)
        if let shard { collected.files = try collected.files.filter { try shardValue(shard).contains(relativePath: $0.relativePath) } }
        let plan = OutputPlan(inputs: inputs, files: collected.files, output: output)
        let rename = self.rename
        let reject = rejectBurnedIn
        let progress = ProgressBar(total: collected.files.count, label: "anonymize")
        let results = parallelRunsMap(collected.files, runLength: 32, progress: progress.update) { run -> [(FileReport, Anonymizer.Result?)] in
            let jobs = run.map { input in
                Anonymizer.Job(inputPath: input.path, destination: rename ? .renamed(under: output) : .file(plan.destination(for: input)))
            }
            return zip(run, anonymizer.anonymize(jobs, rejectBurnedIn: reject)).map { input, outcome in
                switch outcome {
                case .success(let result):
                    return (report(input.path, result), result)
                case .failure(let error as DICOMError) where error.code == .notDICOM && plan.isInFolder(input):
                    return (FileReport(path: input.path, status: .skipped, error: "not a DICOM file"), nil)
                case .failure(let error as DeidentifyError) where error.code == .directory && plan.isInFolder(input):
                    return (FileReport(path: input.path, status: .skipped, error: error.message), nil)
                case .failure(let error):
                    return (FileReport(path: input.path, status: .failed, error: "\(error)"), nil)
                }
            }
        }
        progress.finish()
        var reports = results.map(\.0)
        if verify { reports = verified(reports, results.compactMap(\.1)) }
        reports += collected.problemReports
        if let map {
            do {
                try Crosswalk.write(results.compactMap(\.1).flatMap(\.crosswalk), to: map)
            } catch {
                printError("dicomfix: \(error)")
                throw ExitStatus.fatal
            }
        }
        try reporting.emit(Report(command: "anonymize", files: reports), inputs: collected)
    }

    /// The report line of a de-identified (or rejected) file.
    private func report(_ path: String, _ result: Anonymizer.Result) -> FileReport {
        var report = FileReport(input: path, output: result.output, diagnostics: result.diagnostics, actions: result.tally.lines)
        if result.rejected {
            report.status = .failed
            report.error = "left out (--reject-burned-in): \(result.burnedInAnnotation ?? "burned-in annotation")"
        }
        return report
    }

    /// The reports with every identifying value found in the outputs added as an error.
    private func verified(_ reports: [FileReport], _ results: [Anonymizer.Result]) -> [FileReport] {
        var values = IdentifyingValues()
        for result in results { values.merge(result.identifyingValues) }
        let verifier = Verifier(values: values)
        let progress = ProgressBar(total: reports.count, label: "verify")
        let checked = parallelMap(reports, progress: progress.update) { report -> FileReport in
            guard let output = report.output else { return report }
            var report = report
            do {
                let hits = try verifier.scan(path: output)
                report.diagnostics += hits.map { DiagnosticReport($0.diagnostic) }
                if !hits.isEmpty { report.status = .failed }
            } catch {
                report.status = .failed
                report.error = "verify: cannot read the output: \(error)"
            }
            return report
        }
        progress.finish()
        return checked
    }

    private func loadKey() throws -> DeidentificationKey {
        guard let keyFile else {
            printError("dicomfix: warning: no --key-file: a random key is used, so UIDs and pseudonyms will differ in every run (create one with --new-key FILE)")
            return .random()
        }
        do {
            return try DeidentificationKey(contentsOf: keyFile)
        } catch {
            printError("dicomfix: \(error)")
            throw ExitStatus.fatal
        }
    }

    private func profileOptions() throws -> Set<ProfileOption> {
        let selected = Set(options)
        for (first, second) in ProfileOption.exclusivePairs where selected.contains(first) && selected.contains(second) {
            throw ValidationError("--option \(first.rawValue) and --option \(second.rawValue) exclude each other")
        }
        return selected
    }

    private func shardValue(_ text: String) throws -> Shard {
        do {
            return try Shard(parsing: text)
        } catch {
            throw ValidationError("--shard: \(error)")
        }
    }

    private func isInside(_ path: String, _ folder: String) -> Bool {
        let file = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        return file == root || file.hasPrefix(root + "/")
    }
}
