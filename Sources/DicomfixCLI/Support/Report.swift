import DICOM
import DICOMMedia
import DICOMValidation
import Foundation

/// The JSON report every command that processes many files prints with `--format json`:
/// per file its path, status, diagnostics and actions, plus a summary.
struct Report: Encodable {
    var command: String
    var version: String = Dicomfix.configuration.version
    var summary: Summary
    var files: [FileReport]
    /// What `inspect` found on the medium as a whole (nil, and left out, for other commands).
    var media: MediaContents?

    struct Summary: Encodable {
        var files: Int
        var ok: Int
        var warnings: Int
        var failed: Int
        var skipped: Int
    }

    init(command: String, files: [FileReport]) {
        self.command = command
        self.files = files
        self.summary = Summary(
            files: files.count, ok: files.filter { $0.status == .ok }.count,
            warnings: files.filter { $0.status == .warning }.count,
            failed: files.filter { $0.status == .failed }.count, skipped: files.filter { $0.status == .skipped }.count)
    }

    /// Whether the exit status must say that something went wrong.
    var hasFailures: Bool { summary.failed > 0 }
}

struct FileReport: Encodable, Sendable {
    enum Status: String, Encodable, Sendable { case ok, warning, failed, skipped }

    var path: String
    var status: Status
    var output: String?
    var diagnostics: [DiagnosticReport] = []
    var actions: [String] = []
    var error: String?
}

/// One problem in a file report: the reader's diagnostics and validation findings share it.
struct DiagnosticReport: Encodable, Sendable {
    var severity: Severity
    var code: String
    var message: String
    var offset: Int64?
    var tagPath: String?
    var found: String?
    var expected: String?
    /// The part of the standard the rule comes from.
    var reference: String?
    /// Other files involved, for findings across files.
    var relatedFiles: [String]?

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity
        code = diagnostic.code
        message = diagnostic.message
        offset = diagnostic.offset
        tagPath = diagnostic.path.isEmpty ? nil : diagnostic.path.description
    }

    init(_ finding: Finding) {
        severity = finding.severity
        code = finding.code
        message = finding.message
        offset = finding.offset
        tagPath = finding.tagPath.isEmpty ? nil : finding.tagPath
        found = finding.found
        expected = finding.expected
        reference = finding.reference
        relatedFiles = finding.relatedFiles
    }
}

enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}

extension Report {
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// One line per file that is not plainly fine, then a summary line.
    func text() -> String {
        var lines: [String] = []
        for file in files {
            switch file.status {
            case .ok:
                lines.append("ok       \(file.path)" + (file.output.map { " -> \($0)" } ?? ""))
            case .warning, .failed, .skipped:
                lines.append("\(file.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(file.path)" + (file.output.map { " -> \($0)" } ?? ""))
            }
            if let error = file.error { lines.append("    error: \(error)") }
            for d in file.diagnostics {
                let place = [d.tagPath, d.offset.map { "offset \($0)" }].compactMap { $0 }.joined(separator: ", ")
                lines.append("    \(d.severity): \(d.message) [\(d.code)]" + (place.isEmpty ? "" : " (\(place))"))
                if d.found != nil || d.expected != nil {
                    lines.append("        found: \(d.found ?? "-"), expected: \(d.expected ?? "-")" + (d.reference.map { " (\($0))" } ?? ""))
                }
                if let related = d.relatedFiles, !related.isEmpty {
                    lines.append("        also in: " + related.joined(separator: ", "))
                }
            }
            for action in file.actions { lines.append("    \(action)") }
        }
        lines.append("\(summary.files) file(s): \(summary.ok) ok, \(summary.warnings) with warnings, \(summary.failed) failed, \(summary.skipped) skipped")
        return lines.joined(separator: "\n")
    }
}
