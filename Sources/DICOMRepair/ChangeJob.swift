import DICOM
import Foundation

/// One file of a job: where it is read from and where its result goes (the same path when
/// working in place).
public struct JobFile: Sendable, Hashable {
    public var input: String
    public var output: String
    /// The path below the folder it was found in, for backups.
    public var relativePath: String

    public init(input: String, output: String, relativePath: String) {
        self.input = input
        self.output = output
        self.relativePath = relativePath
    }
}

/// What a job does to each file: correct and edit apply attribute edits; split and merge
/// restructure studies; repair fixes encoding defects.
public protocol FileTransform: Sendable {
    /// Changes `dataSet` and returns the changes made (empty when it already is as wanted), or
    /// nil when the file is not selected.
    /// - Throws: `EditError` for a value that cannot be set; nothing is changed then.
    func apply(to dataSet: inout DataSet) throws -> [Change]?

    /// Changes `file` (its data set, and for repair its container and File Meta Information);
    /// by default the data set only.
    func apply(to file: inout DicomFile) throws -> [Change]?

    /// Whether files the reader found errors in may be changed (false: such a file is refused
    /// with the error, to be repaired first).
    var changesDamagedFiles: Bool { get }
}

extension FileTransform {
    public func apply(to file: inout DicomFile) throws -> [Change]? { try apply(to: &file.dataSet) }
    public var changesDamagedFiles: Bool { false }
}

/// Which edits the files a selection matches receive.
public struct EditRule: Sendable {
    public var selection: FileSelection
    public var editor: Editor

    public init(selection: FileSelection, editor: Editor) {
        self.selection = selection
        self.editor = editor
    }
}

/// Edit rules as a transform: each file gets the first rule whose selection matches it (one
/// rule per CSV row, or a single rule from the options).
public struct EditRules: FileTransform {
    public var rules: [EditRule]

    public init(_ rules: [EditRule]) { self.rules = rules }

    public func apply(to dataSet: inout DataSet) throws -> [Change]? {
        guard let rule = rules.first(where: { $0.selection.matches(dataSet) }) else { return nil }
        return try rule.editor.apply(to: &dataSet)
    }
}

/// What a job would do to one file, found without writing anything.
public struct FilePlan: Sendable {
    public enum Status: Sendable, Equatable {
        /// The file matches a rule and its values change.
        case change
        /// The file matches a rule but already has the values asked for.
        case unchanged
        /// No rule selects the file.
        case unselected
        /// Not a DICOM file (skipped when found in a folder).
        case notDICOM
        /// A DICOMDIR (Media Storage Directory Storage): never changed or copied, since its
        /// records would keep the old values and any edit would break its record offsets; it is
        /// built again for the changed files with `dicomfix dicomdir build`.
        case directory
        /// The file cannot be edited: unreadable, broken, or a value the rule cannot set.
        case failed(String)
    }

    public var file: JobFile
    public var status: Status
    public var changes: [Change]
    /// Patient and study of the file as it would be after the job (nil when unreadable).
    public var facts: PatientConsistency.Facts?
    public var diagnostics: [Diagnostic]
}

/// What a job did to one file.
public struct FileOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        /// Written with changes (and logged).
        case written
        /// Written unchanged into the output folder (a byte copy).
        case copied
        /// Nothing to do: left as it was.
        case unchanged
        case failed(String)
    }

    public var file: JobFile
    public var status: Status
    public var changes: [Change]
    public var record: AuditRecord?
}

/// The engine of correct and edit: plan every file (read, select, apply, check values), check
/// that no study ends up with two patients, then commit file by file (atomic write, backup when
/// in place, audit record).
public struct ChangeJob: Sendable {
    public var transform: any FileTransform
    /// Add an Original Attributes Sequence item to each changed file (PS3.3 C.12.1.1.9).
    public var recordOriginalAttributes: Bool
    public var note: ModificationNote
    /// Outputs replace inputs. Without it an output path naming its input is refused.
    public var inPlace: Bool
    /// In place: where inputs are copied before they are replaced (`<folder>/<entry>/<relative
    /// path>`); nil keeps no backup.
    public var backupFolder: String?
    public init(
        transform: any FileTransform, recordOriginalAttributes: Bool = true, note: ModificationNote, inPlace: Bool = false,
        backupFolder: String? = nil
    ) {
        self.transform = transform
        self.recordOriginalAttributes = recordOriginalAttributes
        self.note = note
        self.inPlace = inPlace
        self.backupFolder = backupFolder
    }

    /// Removes the temporary files (`.dicomfix-tmp-*`) that interrupted runs left next to the
    /// outputs of `files` and in every folder of the backup folder, by `AtomicFile`'s rule: those
    /// of processes of this machine that no longer run, and any older than a day. Writes in
    /// progress in another run are left alone. Each folder is listed once.
    public func removeLeftovers(near files: [JobFile]) {
        var folders = Set<String>()
        for file in files { folders.insert(AtomicFile.parentDirectory(of: file.output)) }
        if let backupFolder { folders.formUnion(Self.folders(under: backupFolder)) }
        for folder in folders.sorted() { AtomicFile.removeStaleTemporaries(in: folder) }
    }

    /// `root` and every folder below it (symbolic links not followed).
    private static func folders(under root: String) -> [String] {
        var found: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            found.append(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            pending += names.map { (folder as NSString).appendingPathComponent($0) }
        }
        return found
    }

    // MARK: Plan

    /// Reads `file` and works out its changes without writing anything.
    public func plan(_ file: JobFile) -> FilePlan {
        var plan = FilePlan(file: file, status: .unselected, changes: [], facts: nil, diagnostics: [])
        do {
            var dicom = try DicomReader.read(path: file.input)
            plan.diagnostics = dicom.diagnostics
            if dicom.isDirectory {
                plan.status = .directory
                return plan
            }
            let original = dicom.dataSet
            guard let changes = try transform.apply(to: &dicom) else {
                plan.facts = PatientConsistency.Facts(path: file.input, dataSet: original)
                return plan
            }
            if let error = dicom.errors.first, !changes.isEmpty, !transform.changesDamagedFiles {
                plan.status = .failed("the file is damaged (\(error.message)); repair it before changing values")
                return plan
            }
            plan.changes = changes
            plan.status = plan.changes.isEmpty ? .unchanged : .change
            plan.facts = PatientConsistency.Facts(path: file.input, dataSet: dicom.dataSet)
        } catch let error as DICOMError where error.code == .notDICOM {
            plan.status = .notDICOM
        } catch {
            plan.status = .failed("\(error)")
        }
        return plan
    }

    /// The studies that the planned files would leave with more than one patient, among the
    /// studies where something changes.
    public static func conflicts(_ plans: [FilePlan]) -> [PatientConsistency.Conflict] {
        let changedStudies = Set(plans.filter { $0.status == .change }.compactMap { $0.facts?.studyInstanceUID })
        return PatientConsistency.conflicts(plans.compactMap(\.facts)).filter { changedStudies.contains($0.studyInstanceUID) }
    }

    // MARK: Commit

    /// Applies the job to one file; see `commit(_:log:context:)` for many.
    public func commit(_ file: JobFile, log: AuditLog?, context: AuditContext) -> FileOutcome {
        commit([file], log: log, context: context).first ?? FileOutcome(file: file, status: .failed("not committed"), changes: [], record: nil)
    }

    /// Applies the job to `files`, one after the other on the calling thread: reads each again
    /// (so a file changed since planning is handled as it is now), writes the results atomically
    /// into one `WriteBatch` (committed whenever it is full and at the end: one flush to disk for
    /// many files), keeps a backup when in place, and appends the batch's audit records before
    /// its new bytes are flushed, so that they reach the disk with them, before any of them
    /// replaces a file. Files without changes are
    /// copied into an output folder byte for byte.
    /// - Parameter log: the audit log; nil keeps none (repair without `--audit-log`).
    /// - Returns: one outcome per file, in order.
    public func commit(_ files: [JobFile], log: AuditLog?, context: AuditContext) -> [FileOutcome] {
        var outcomes: [FileOutcome] = []
        outcomes.reserveCapacity(files.count)
        var pending = PendingBatch()
        for file in files {
            let before = pending.batch.count
            do {
                let (outcome, record) = try stage(file, into: pending.batch, context: context)
                if pending.batch.count > before {
                    pending.add(outcome: outcomes.count, writes: before..<pending.batch.count, record: record)
                }
                outcomes.append(outcome)
            } catch {
                pending.batch.discard(from: before)
                outcomes.append(FileOutcome(file: file, status: .failed("\(error)"), changes: [], record: nil))
            }
            if pending.batch.isFull { pending.commit(into: &outcomes, log: log) }
        }
        pending.commit(into: &outcomes, log: log)
        return outcomes
    }

    /// Reads, changes and stages one file (its backup first when in place), returning its
    /// outcome as it will be once the batch is committed and its audit record (nil for a copy).
    private func stage(_ file: JobFile, into batch: WriteBatch, context: AuditContext) throws -> (FileOutcome, AuditRecord?) {
        var outcome = FileOutcome(file: file, status: .unchanged, changes: [], record: nil)
        let samePath = FileIdentity(path: file.output).map { $0 == FileIdentity(path: file.input) } ?? (file.output == file.input)
        if samePath && !inPlace {
            throw DICOMError(.refusedOverwrite, "refusing to overwrite the input file (use --in-place to allow it)", file: file.output)
        }
        let inputDigest = try FileDigest.sha256(path: file.input)
        var dicom = try DicomReader.read(path: file.input)
        let original = dicom.dataSet
        guard var changes = try transform.apply(to: &dicom), !changes.isEmpty else {
            if !samePath {
                try FileCopy.stage(from: file.input, to: file.output, in: batch)
                outcome.status = .copied
            }
            return (outcome, nil)
        }
        if let error = dicom.errors.first, !transform.changesDamagedFiles {
            throw DICOMError(.malformed, "the file is damaged (\(error.message)); repair it before changing values", file: file.input)
        }
        if recordOriginalAttributes, let added = try OriginalAttributes.record(changes, original: original, in: &dicom.dataSet, note: note) {
            changes.append(added)
        }
        var backup: String?
        if samePath, let backupFolder {
            let path = (backupFolder as NSString).appendingPathComponent("\(context.entry)/\(file.relativePath)")
            try FileCopy.stage(from: file.input, to: path, in: batch)
            backup = path
        }
        let outputDigest = try Self.stage(dicom, to: file.output, in: batch)
        let record = AuditRecord(
            entry: context.entry, time: AuditLog.timestamp(), operator: context.operator, reason: context.reason,
            version: context.version, commandLine: context.commandLine, action: context.action, input: file.input,
            inputSHA256: inputDigest, output: file.output, outputSHA256: outputDigest,
            sopInstanceUID: dicom.dataSet.string(.sopInstanceUID), backup: backup, changes: changes)
        outcome.changes = changes
        outcome.status = .written
        return (outcome, record)
    }

    /// Writes `file` atomically to `path` as read (meta kept, bare data sets stay bare).
    /// - Parameter beforeReplacing: called with the SHA-256 of the new bytes once they are on
    ///   disk, before they replace `path`; if it throws, `path` is left as it was.
    /// - Returns: the SHA-256 of the bytes written.
    @discardableResult
    static func write(_ file: DicomFile, to path: String, beforeReplacing: ((String) throws -> Void)? = nil) throws -> String {
        let batch = WriteBatch(maxFiles: 1)
        let digest = try stage(file, to: path, in: batch)
        if let failure = try batch.commit(beforeReplacing: { try beforeReplacing?(digest) }).first { throw failure.error }
        return digest
    }

    /// Stages `file` for `path` in `batch` as read (meta kept, bare data sets stay bare).
    /// - Returns: the SHA-256 of the bytes staged.
    static func stage(_ file: DicomFile, to path: String, in batch: WriteBatch) throws -> String {
        try FileCopy.prepareFolder(for: path)
        var digest = ""
        try batch.stage(to: path) { sink in
            let hashing = HashingSink(sink)
            try DicomWriter.write(file, to: hashing, options: WriteOptions(meta: .preserve, container: .asRead))
            digest = hashing.digest ?? ""
        }
        return digest
    }
}

/// The writes of a `ChangeJob` batch not yet committed: which outcome each belongs to, and the
/// audit records to append before any of them replaces a file.
private struct PendingBatch {
    let batch = WriteBatch()
    /// For each staged write, the outcome it belongs to.
    private var owners: [Int] = []
    private var records: [(outcome: Int, record: AuditRecord)] = []

    mutating func add(outcome: Int, writes: Range<Int>, record: AuditRecord?) {
        owners += Array(repeating: outcome, count: writes.count)
        if let record { records.append((outcome, record)) }
    }

    /// Commits the batch: the records are appended to `log` and flushed with the new bytes;
    /// outcomes of writes that fail become failures.
    mutating func commit(into outcomes: inout [FileOutcome], log: AuditLog?) {
        defer {
            owners = []
            records = []
        }
        guard batch.count > 0 else { return }
        let records = self.records
        var appended: [AuditRecord] = records.map(\.record)
        do {
            // The records go in before the flush, which then takes the log along: a run killed
            // before the renames leaves the files old and records the rerun supersedes.
            let failures = try batch.commit(beforeFlushing: {
                guard let log, !records.isEmpty else { return [] }
                appended = try log.append(records.map(\.record), flush: false)
                return [log.path]
            })
            for (index, entry) in records.enumerated() where appended.indices.contains(index) {
                outcomes[entry.outcome].record = appended[index]
            }
            for failure in failures where owners.indices.contains(failure.index) {
                outcomes[owners[failure.index]].status = .failed("\(failure.error)")
                outcomes[owners[failure.index]].changes = []
            }
        } catch {
            for owner in Set(owners) {
                outcomes[owner].status = .failed("\(error)")
                outcomes[owner].changes = []
            }
        }
    }
}

/// Byte copies through `AtomicFile`, streamed in chunks.
enum FileCopy {
    /// Copies `source` to `destination` (created with its folders), atomically.
    /// - Returns: the SHA-256 of the bytes copied.
    @discardableResult
    static func copy(from source: String, to destination: String) throws -> String {
        let batch = WriteBatch(maxFiles: 1)
        let digest = try stage(from: source, to: destination, in: batch)
        if let failure = try batch.commit().first { throw failure.error }
        return digest
    }

    /// Stages a copy of `source` for `destination` (folders created) in `batch`.
    /// - Returns: the SHA-256 of the bytes copied.
    @discardableResult
    static func stage(from source: String, to destination: String, in batch: WriteBatch) throws -> String {
        try prepareFolder(for: destination)
        let input = try FileByteSource(path: source)
        var digest = ""
        try batch.stage(to: destination) { sink in
            let hashing = HashingSink(sink)
            try hashing.copy(from: input, offset: 0, length: input.count)
            try hashing.finish()
            digest = hashing.digest ?? ""
        }
        return digest
    }

    static func prepareFolder(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
}
