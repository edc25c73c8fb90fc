import ArgumentParser
import DICOMRepair
import Foundation

/// `dicomfix audit`: check and list audit logs.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check and list the audit log of correct, edit and undo.",
        subcommands: [Verify.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the log's hash chain, and optionally that the files still have the logged hashes.",
            discussion: """
                Every record carries the SHA-256 of the line before it: an edited, removed or \
                reordered line breaks the chain at the next record. The chain alone cannot tell \
                a log whose last lines were cut off from a shorter log: the SHA-256 of the last \
                line is printed as the head; keep it elsewhere (a ticket, another machine) and \
                pass it later as --expect-head, which fails unless the log still holds that line \
                (records appended since are fine).

                Exit status 0 when the log is intact (and, with --check-files, every file has the \
                hash its latest record gives), 1 otherwise.

                Examples:
                  dicomfix audit verify audit.jsonl --check-files
                  dicomfix audit verify audit.jsonl --expect-head 3f2a...e9    (a head printed before)
                """)

        @Argument(help: "The audit log.")
        var file: String

        @Flag(help: "Check that each file named still has the SHA-256 its latest record gives.")
        var checkFiles: Bool = false

        @Option(help: "A head printed by an earlier verify: fail unless the log still holds that line (detects truncation).")
        var expectHead: String?

        func validate() throws {
            if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
                throw ValidationError("--expect-head takes the 64 hex digits of a head printed by audit verify")
            }
        }

        func run() throws {
            let log = AuditLog(path: file)
            guard FileManager.default.fileExists(atPath: file) else {
                printError("dicomfix: no audit log at \(file)")
                throw ExitStatus.fatal
            }
            let (problems, head, lines) = try log.verify(expectedHead: expectHead)
            for problem in problems { print("error: \(problem)") }
            var fileProblems = 0
            if checkFiles, problems.isEmpty {
                let records = try log.records()
                for record in Undo.latestPerFile(records) {
                    let digest = try? FileDigest.sha256(path: record.output)
                    if digest != record.outputSHA256 {
                        fileProblems += 1
                        print("changed: \(record.output) (\(digest == nil ? "missing" : "SHA-256 differs from entry \(record.entry)"))")
                    }
                }
            }
            print("head: \(head)")
            print("records: \(lines)")
            if problems.isEmpty && fileProblems == 0 {
                print("ok: the hash chain is intact" + (checkFiles ? " and every file is as logged" : ""))
            } else {
                throw ExitStatus.problemsFound
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the entries of the log: time, action, operator, reason, files.")

        @Argument(help: "The audit log.")
        var file: String

        func run() throws {
            let records = try AuditLog(path: file).records()
            let undone = Dictionary(records.compactMap { r in r.undoes.map { ($0, r.entry) } }, uniquingKeysWith: { a, _ in a })
            var order: [String] = []
            var byEntry: [String: [AuditRecord]] = [:]
            for record in records {
                if byEntry[record.entry] == nil { order.append(record.entry) }
                byEntry[record.entry, default: []].append(record)
            }
            for entry in order {
                guard let list = byEntry[entry], let first = list.first else { continue }
                let state = undone[entry].map { " (undone by \($0))" } ?? (first.undoes.map { " (undoes \($0))" } ?? "")
                print("\(entry)  \(first.time)  \(first.action)  \(list.count) file(s)  \(first.operator): \(first.reason)\(state)")
            }
        }
    }
}
