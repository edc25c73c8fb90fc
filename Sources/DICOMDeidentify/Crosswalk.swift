import DICOM
import Foundation

/// One line of the re-identification crosswalk (`--map FILE`): an original value and what it
/// became. The crosswalk identifies patients: it belongs with the key, never with the data.
public struct CrosswalkEntry: Sendable, Hashable, Comparable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case patientID = "patient-id"
        case patientName = "patient-name"
        case dateOffset = "date-offset-days"
        case uid

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    public var kind: Kind
    public var original: String
    public var replacement: String

    public init(kind: Kind, original: String, replacement: String) {
        self.kind = kind
        self.original = original
        self.replacement = replacement
    }

    public static func < (lhs: CrosswalkEntry, rhs: CrosswalkEntry) -> Bool {
        (lhs.kind, lhs.original, lhs.replacement) < (rhs.kind, rhs.original, rhs.replacement)
    }
}

/// Writing the crosswalk as CSV (RFC 4180): header `kind,original,replacement`, one line per
/// distinct entry, sorted, so that the map of a run does not depend on file order.
public enum Crosswalk {
    /// The CSV text of `entries`.
    public static func csv(_ entries: some Sequence<CrosswalkEntry>) -> String {
        var lines = ["kind,original,replacement"]
        for entry in Set(entries).sorted() {
            lines.append([entry.kind.rawValue, entry.original, entry.replacement].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Writes the crosswalk atomically, readable by its owner only.
    /// - Throws: `DeidentifyError.output` naming the file.
    public static func write(_ entries: some Sequence<CrosswalkEntry>, to path: String) throws {
        do {
            try AtomicFile.write(to: path, mode: 0o600) { sink in try sink.write(Array(csv(entries).utf8)) }
        } catch {
            throw DeidentifyError(.output, "cannot write the crosswalk", file: path, cause: error as? DICOMError)
        }
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
