import DICOM
import Foundation

/// Renders a data set in the DICOM JSON Model (PS3.18 Annex F): one JSON object whose keys
/// are the tags as eight upper-case hexadecimal digits in ascending order, each attribute an
/// object with `vr` and, unless the value is empty, `Value`, `BulkDataURI` or `InlineBinary`.
///
/// - Strings are decoded with the Specific Character Set in effect (items inherit their
///   parent's, PS3.5 7.5.3), split at `\` and trimmed (F.2.4); an empty value among several is
///   `null` (F.2.5).
/// - IS and DS are JSON numbers when their text is a number, and strings otherwise (Table
///   F.2.3-1 allows both); US, SS, UL, SL, FL, FD, UV and SV are numbers, except UV and SV
///   beyond 2^53 - 1 and FL, FD NaN or infinite, which are strings.
/// - AT is a `GGGGEEEE` string; PN an object of `Alphabetic`, `Ideographic` and `Phonetic`
///   (the non-empty groups, F.2.2); SQ an array of data set objects.
/// - OB, OD, OF, OL, OV, OW, UN, encapsulated pixel data and values left in the file are a
///   `BulkDataURI` (`file://` path `?offset=N&length=M`, our convention: see
///   `ModelBuilder.fileURI`), or with `inlineBinary` an `InlineBinary` base64 string of the
///   little-endian value field (F.2.7). Values not in a file (deflated data sets) are inline.
/// - Only the data set: the File Meta Information (group 0002) and Group Length elements are
///   left out (F.2.2).
///
/// Output is strict JSON (RFC 8259), UTF-8, deterministic: one attribute per line, items
/// indented.
public struct JSONDump: Sendable {
    /// Put binary values in the output as base64 instead of referencing them in the file.
    public var inlineBinary: Bool

    public init(inlineBinary: Bool = false) { self.inlineBinary = inlineBinary }

    /// The data set of `file` as one DICOM JSON Model object.
    /// - Throws: `DICOMError` when a value left in the file cannot be loaded (only with
    ///   `inlineBinary`, or for text and numbers kept in the file).
    public func render(_ file: DicomFile) throws -> String {
        try render(file.dataSet)
    }

    /// `dataSet` as one DICOM JSON Model object; text is decoded with the data set's own
    /// Specific Character Set, or `inherited` when it has none.
    public func render(_ dataSet: DataSet, inherited: SpecificCharacterSet = .defaultRepertoire) throws -> String {
        var out = ""
        try object(dataSet, characterSet: dataSet.specificCharacterSet(inherited: inherited), indent: "", path: .root, into: &out)
        return out
    }

    private func object(_ dataSet: DataSet, characterSet: SpecificCharacterSet, indent: String, path: TagPath, into out: inout String) throws {
        let elements = ModelBuilder.attributes(of: dataSet)
        guard !elements.isEmpty else {
            out += "{}"
            return
        }
        let builder = ModelBuilder(inlineBinary: inlineBinary)
        let inner = indent + "  "
        out += "{\n"
        for (index, element) in elements.enumerated() {
            let here = path.appending(element.tag)
            let (vr, content) = try builder.content(of: element, characterSet: characterSet, path: here)
            out += inner + "\"" + ModelNumbers.hex8(element.tag) + "\": {\"vr\": \"" + vr.rawValue + "\""
            switch content {
            case .empty:
                break
            case .values(let values):
                out += ", \"Value\": [" + values.map(JSONDump.value).joined(separator: ", ") + "]"
            case .personNames(let names):
                out += ", \"Value\": [" + names.map(JSONDump.personName).joined(separator: ", ") + "]"
            case .bulkDataURI(let uri):
                out += ", \"BulkDataURI\": " + JSONDump.quoted(uri)
            case .inlineBinary(let bytes):
                out += ", \"InlineBinary\": \"" + Data(bytes).base64EncodedString() + "\""
            case .items(let items):
                out += ", \"Value\": [\n"
                for (number, item) in items.enumerated() {
                    out += inner + "  "
                    try object(item.dataSet, characterSet: item.characterSet, indent: inner + "  ", path: here.item(number), into: &out)
                    out += number == items.count - 1 ? "\n" : ",\n"
                }
                out += inner + "]"
            }
            out += index == elements.count - 1 ? "}\n" : "},\n"
        }
        out += indent + "}"
    }

    private static func value(_ value: ModelValue?) -> String {
        guard let value else { return "null" }
        return value.jsonNumber ?? quoted(value.text)
    }

    private static func personName(_ name: PersonNameGroups?) -> String {
        guard let name else { return "null" }
        let groups = [("Alphabetic", name.alphabetic), ("Ideographic", name.ideographic), ("Phonetic", name.phonetic)]
        return "{" + groups.filter { !$0.1.isEmpty }.map { "\"\($0.0)\": " + quoted($0.1) }.joined(separator: ", ") + "}"
    }

    /// `text` as a JSON string (RFC 8259 section 7): `"` and `\` escaped, control characters
    /// as `\n`, `\t` ... or `\u00XX`, everything else (non-ASCII included) as UTF-8.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
