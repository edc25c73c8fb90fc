import DICOM
import Foundation

/// Reverts the files one audit log entry changed: each file must still be exactly as the entry
/// left it (same SHA-256); its changes are then reverted last to first from the previous
/// values in the log, and the result is checked against the SHA-256 the file had before.
public enum Undo {
    /// Why an undo cannot start.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// Files whose content is no longer what the entry wrote, with the reason.
        public var changedFiles: [String]
        public var description: String {
            ([message] + changedFiles.map { "  \($0)" }).joined(separator: "\n")
        }
    }

    /// What undoing one file did.
    public struct Outcome: Sendable {
        public enum Status: Sendable, Equatable {
            /// Restored; the bytes equal the original's.
            case restored
            /// Values restored from the log, but the bytes differ from the original's (the
            /// original was encoded in a way the writer does not reproduce and no copy of it was
            /// at hand).
            case restoredValuesOnly
            case failed(String)
        }

        public var path: String
        public var status: Status
        /// How: "reverted from the audit log", "copied back from the backup ...".
        public var method: String
        public var record: AuditRecord?
    }

    /// The records of the entry to undo: `entry`, or the latest entry that is not an undo and
    /// has not been undone.
    /// - Throws: `Refusal` when there is no such entry.
    public static func select(entry: String?, in records: [AuditRecord]) throws -> (entry: String, records: [AuditRecord]) {
        let undone = Set(records.compactMap(\.undoes))
        let chosen: String
        if let entry {
            guard records.contains(where: { $0.entry == entry }) else {
                throw Refusal(message: "the audit log has no entry \(entry)", changedFiles: [])
            }
            if undone.contains(entry) { throw Refusal(message: "entry \(entry) was already undone", changedFiles: []) }
            chosen = entry
        } else {
            guard let last = records.last(where: { $0.action != "undo" && !undone.contains($0.entry) }) else {
                throw Refusal(message: "the audit log has no entry left to undo", changedFiles: [])
            }
            chosen = last.entry
        }
        let selected = records.filter { $0.entry == chosen }
        if let undo = selected.first, undo.action == "undo" {
            throw Refusal(message: "entry \(chosen) is itself an undo", changedFiles: [])
        }
        return (chosen, selected)
    }

    /// Checks that every file of `records` still has the SHA-256 the entry recorded, or the one
    /// it had before the entry (a run killed after logging a file and before replacing it).
    /// - Throws: `Refusal` naming every file that differs or is missing.
    public static func checkUnchanged(_ records: [AuditRecord]) throws {
        var changed: [String] = []
        for record in latestPerFile(records) {
            do {
                let digest = try FileDigest.sha256(path: record.output)
                if digest != record.outputSHA256 && digest != record.inputSHA256 {
                    changed.append("\(record.output): changed since the entry wrote it")
                }
            } catch {
                changed.append("\(record.output): cannot be read (\(error))")
            }
        }
        if !changed.isEmpty {
            throw Refusal(message: "refusing to undo: \(changed.count) file(s) are no longer as the entry left them", changedFiles: changed)
        }
    }

    /// Undoes one record (one file) and appends the undo record to `log`.
    public static func undo(_ record: AuditRecord, log: AuditLog, context: AuditContext) -> Outcome {
        var outcome = Outcome(path: record.output, status: .failed("not started"), method: "", record: nil)
        do {
            if record.inputSHA256 != record.outputSHA256, try FileDigest.sha256(path: record.output) == record.inputSHA256 {
                // Logged but never replaced (the run was killed in between): already as before.
                outcome.status = .restored
                outcome.method = "already as before the entry: its new bytes never replaced the file"
                outcome.record = try log.append([undoRecord(record, from: record.inputSHA256, to: record.inputSHA256, changes: [], context: context)]).first
                return outcome
            }
            var dicom = try DicomReader.read(path: record.output)
            var reverts: [Change] = []
            var complete = true
            for change in record.changes.reversed() {
                if change.old != nil && change.previous == nil { complete = false }
                guard let selector = TagSelector(change.path) else {
                    complete = false
                    continue
                }
                let restored = change.previousElement
                if change.old != nil && restored == nil { complete = false }
                try restore(selector.steps[...], element: restored, in: &dicom.dataSet, path: change.path)
                reverts.append(Change(reverting: change))
            }
            var digest = complete ? try ChangeJob.write(dicom, to: record.output) : ""
            outcome.status = .restored
            outcome.method = "reverted from the audit log"
            if digest != record.inputSHA256 {
                if let copy = originalCopy(of: record) {
                    digest = try FileCopy.copy(from: copy, to: record.output)
                    outcome.method = "copied back from \(copy)"
                } else if complete {
                    outcome.status = .restoredValuesOnly
                } else {
                    throw DICOMError(.unsupported, "the log does not hold every previous value and no copy of the original is left", file: record.output)
                }
            }
            outcome.record = try log.append([undoRecord(record, from: record.outputSHA256, to: digest, changes: reverts, context: context)]).first
        } catch {
            outcome.status = .failed("\(error)")
        }
        return outcome
    }

    /// The record of undoing `record`: the file went from the bytes hashing to `before` to those
    /// hashing to `after`.
    private static func undoRecord(_ record: AuditRecord, from before: String, to after: String, changes: [Change], context: AuditContext) -> AuditRecord {
        AuditRecord(
            entry: context.entry, time: AuditLog.timestamp(), operator: context.operator, reason: context.reason,
            version: context.version, commandLine: context.commandLine, action: "undo", input: record.output,
            inputSHA256: before, output: record.output, outputSHA256: after,
            sopInstanceUID: record.sopInstanceUID, undoes: record.entry, changes: changes)
    }

    /// For each file, its last record of the entry (a file is changed once per run).
    public static func latestPerFile(_ records: [AuditRecord]) -> [AuditRecord] {
        var seen = Set<String>()
        return records.reversed().filter { seen.insert($0.output).inserted }.reversed()
    }

    /// A file with the original bytes: the backup, or the input when it was not overwritten.
    private static func originalCopy(of record: AuditRecord) -> String? {
        let candidates = [record.backup, record.input == record.output ? nil : record.input].compactMap { $0 }
        return candidates.first { (try? FileDigest.sha256(path: $0)) == record.inputSHA256 }
    }

    /// Puts `element` (or nothing) back at the place `steps` names.
    private static func restore(_ steps: ArraySlice<TagSelector.Step>, element: Element?, in dataSet: inout DataSet, path: String) throws {
        guard let step = steps.first else { return }
        if steps.count == 1 {
            if let element {
                dataSet.set(element)
            } else {
                dataSet.remove(step.tag)
            }
            return
        }
        guard var sequence = dataSet[step.tag], sequence.isSequence, case .index(let index)? = step.item, sequence.items.indices.contains(index)
        else {
            throw DICOMError(.malformed, "\(path): the sequence item the change was made in is not there any more", file: nil)
        }
        var items = sequence.items
        var nested = items[index].dataSet
        try restore(steps.dropFirst(), element: element, in: &nested, path: path)
        items[index].dataSet = nested
        sequence.items = items
        dataSet.set(sequence)
    }
}

extension Change {
    /// The change that reverts `change` (old and new swapped).
    init(reverting change: Change) {
        self = change
        self.old = change.new
        self.new = change.old
        self.previous = nil
    }
}
