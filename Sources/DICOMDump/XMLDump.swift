import DICOM
import Foundation

/// Renders a data set in the Native DICOM Model (PS3.19 Annex A): a `NativeDicomModel`
/// document with one `DicomAttribute` per element in ascending tag order, carrying `tag`
/// (`GGGGEEEE`), `vr`, `keyword` for dictionary attributes and `privateCreator` for private
/// data elements, whose tag is then written `gggg00ee` (PS3.19 A.1.5, as dcmtk's dcm2xml does).
///
/// - Values are `<Value number="n">`; person names `<PersonName number="n">` with
///   `Alphabetic`, `Ideographic`, `Phonetic` and their `FamilyName`, `GivenName`, `MiddleName`,
///   `NamePrefix`, `NameSuffix`; sequence items `<Item number="n">`. An empty value among
///   several is an empty element, so the numbering keeps its place.
/// - Text is decoded with the Specific Character Set in effect (PS3.5 7.5.3) and written in
///   UTF-8; numbers as decimal text, IS and DS as stored (trimmed); AT as `GGGGEEEE`.
/// - OB, OD, OF, OL, OV, OW, UN, encapsulated pixel data and values left in the file are
///   `<BulkData uri="file://…?offset=N&amp;length=M"/>` (our convention, see
///   `ModelBuilder.fileURI`), or `<InlineBinary>` base64 with `inlineBinary`.
/// - Only the data set: no File Meta Information, no Group Length elements.
///
/// The root carries `xml:space="preserve"`, so no indentation is added. Characters XML 1.0
/// cannot hold (C0 controls other than tab, LF and CR) are written as U+FFFD.
public struct XMLDump: Sendable {
    /// Put binary values in the output as base64 instead of referencing them in the file.
    public var inlineBinary: Bool

    public init(inlineBinary: Bool = false) { self.inlineBinary = inlineBinary }

    /// The data set of `file` as one XML document, with `comment` (e.g. the file's path) as an
    /// XML comment after the XML declaration.
    /// - Throws: `DICOMError` when a value left in the file cannot be loaded.
    public func render(_ file: DicomFile, comment: String? = nil) throws -> String {
        try render(file.dataSet, comment: comment)
    }

    /// `dataSet` as one XML document; text is decoded with the data set's own Specific
    /// Character Set, or `inherited` when it has none.
    public func render(_ dataSet: DataSet, inherited: SpecificCharacterSet = .defaultRepertoire, comment: String? = nil) throws -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        if let comment {
            // "--" may not appear inside a comment.
            out += "<!-- " + XMLDump.escaped(comment).replacingOccurrences(of: "--", with: "- -") + " -->\n"
        }
        out += "<NativeDicomModel xml:space=\"preserve\">\n"
        try attributes(dataSet, characterSet: dataSet.specificCharacterSet(inherited: inherited), path: .root, into: &out)
        out += "</NativeDicomModel>\n"
        return out
    }

    private func attributes(_ dataSet: DataSet, characterSet: SpecificCharacterSet, path: TagPath, into out: inout String) throws {
        let builder = ModelBuilder(inlineBinary: inlineBinary)
        for element in ModelBuilder.attributes(of: dataSet) {
            let here = path.appending(element.tag)
            let (vr, content) = try builder.content(of: element, characterSet: characterSet, path: here)
            out += "<DicomAttribute " + XMLDump.identification(of: element.tag, vr: vr, in: dataSet) + ">\n"
            switch content {
            case .empty:
                break
            case .values(let values):
                for (index, value) in values.enumerated() {
                    guard let value else {
                        out += "<Value number=\"\(index + 1)\"/>\n"
                        continue
                    }
                    out += "<Value number=\"\(index + 1)\">" + XMLDump.escaped(value.text) + "</Value>\n"
                }
            case .personNames(let names):
                for (index, name) in names.enumerated() {
                    guard let name else {
                        out += "<PersonName number=\"\(index + 1)\"/>\n"
                        continue
                    }
                    out += "<PersonName number=\"\(index + 1)\">\n"
                    for (group, text) in [("Alphabetic", name.alphabetic), ("Ideographic", name.ideographic), ("Phonetic", name.phonetic)]
                    where !text.isEmpty {
                        out += "<\(group)>\n" + XMLDump.nameComponents(text) + "</\(group)>\n"
                    }
                    out += "</PersonName>\n"
                }
            case .items(let items):
                for (index, item) in items.enumerated() {
                    out += "<Item number=\"\(index + 1)\">\n"
                    try attributes(item.dataSet, characterSet: item.characterSet, path: here.item(index), into: &out)
                    out += "</Item>\n"
                }
            case .bulkDataURI(let uri):
                out += "<BulkData uri=\"" + XMLDump.escaped(uri, attribute: true) + "\"/>\n"
            case .inlineBinary(let bytes):
                out += "<InlineBinary>" + Data(bytes).base64EncodedString() + "</InlineBinary>\n"
            }
            out += "</DicomAttribute>\n"
        }
    }

    /// The `tag`, `vr`, `keyword` and `privateCreator` attributes of a `DicomAttribute`.
    static func identification(of tag: Tag, vr: VR, in dataSet: DataSet) -> String {
        if let creator = dataSet.privateCreator(of: tag), !creator.isEmpty {
            let blockTag = Tag(tag.group, tag.element & 0x00FF)
            return "tag=\"\(ModelNumbers.hex8(blockTag))\" vr=\"\(vr)\" privateCreator=\"\(escaped(creator, attribute: true))\""
        }
        var text = "tag=\"\(ModelNumbers.hex8(tag))\" vr=\"\(vr)\""
        if !tag.isPrivate, let keyword = DataDictionary.entry(for: tag)?.keyword.description, !keyword.isEmpty {
            text += " keyword=\"\(keyword)\""
        }
        return text
    }

    /// The components of one name group (PS3.5 6.2.1.1), the empty ones left out; components
    /// past the fifth (invalid) stay in `NameSuffix` with their `^`.
    static func nameComponents(_ group: String) -> String {
        let names = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"]
        let components = group.split(separator: "^", maxSplits: names.count - 1, omittingEmptySubsequences: false)
        var out = ""
        for (name, component) in zip(names, components) where !component.isEmpty {
            out += "<\(name)>" + escaped(String(component)) + "</\(name)>\n"
        }
        return out
    }

    /// `text` escaped for XML content and attribute values: `&`, `<`, `>`, `"` as entities, CR
    /// as `&#13;` (a parser would turn a raw one into LF), tab and LF as references in
    /// attributes (where a parser would turn them into spaces), and characters XML 1.0 does not
    /// allow as U+FFFD.
    static func escaped(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\n": out += attribute ? "&#10;" : "\n"
            default:
                let allowed = scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
