import DICOM
import DICOMValidation

/// `dicomfix repair`: the safe, meaning-preserving fixes for what `dicomfix validate` finds in a
/// file's encoding. The file is validated first; each fix answers a finding (its code and tag
/// path) and is recorded as a `Change` naming that code. Findings without a safe fix (a missing
/// type 1 value, a truncated value) are left for the caller to list.
///
/// Fixes change only what they must: the container and File Meta Information (PS3.10 7.1), and
/// the elements a finding names (PS3.5 6.2, 7.2). Pixel data and every other value keep their
/// bytes.
public struct Repairer: FileTransform {
    /// What each code's fix does, for help texts and `--only` (validate codes, PS3 sections in
    /// their findings).
    public static let fixes: [(code: String, fix: String)] = [
        ("read.meta.missing", "write a Part-10 file: preamble, DICM and File Meta Information from the data set"),
        ("read.preamble.missing", "add the 128-byte preamble and DICM prefix"),
        ("read.meta.implicit-vr", "write the File Meta Information in explicit VR little endian"),
        ("read.meta.group-length.missing", "add File Meta Information Group Length (0002,0000)"),
        ("read.meta.group-length.mismatch", "recompute File Meta Information Group Length (0002,0000)"),
        ("read.meta.media-storage-mismatch", "set Media Storage SOP Class/Instance UID from the data set's SOP Class/Instance UID"),
        ("read.transfer-syntax.mismatch", "set Transfer Syntax UID (0002,0010) to the encoding the data set really has"),
        ("read.meta.no-transfer-syntax", "add Transfer Syntax UID (0002,0010) for the encoding the data set has"),
        ("meta.element.missing", "regenerate File Meta Information with every required element"),
        ("meta.element.empty", "regenerate File Meta Information with every required element"),
        ("meta.version.unexpected", "set File Meta Information Version (0002,0001) to 00\\01"),
        ("meta.element.foreign", "move elements that are not group 0002 from the File Meta Information into the data set"),
        ("meta.element.in-data-set", "move group 0002 elements from the data set into the File Meta Information"),
        ("group-length.wrong", "recompute the group length (gggg,0000)"),
        ("vr.encapsulated-not-ob", "write encapsulated Pixel Data with VR OB (the fragments keep their bytes)"),
        ("read.value.odd-length", "pad the value to even length with the VR's padding byte"),
        ("value.padding.invalid", "pad UIDs with NUL and other strings with spaces; remove spaces around UIDs"),
        ("vr.invalid-uid", "remove spaces and leading zeros of UID components"),
        ("vr.invalid-date", "write dates given as YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD as YYYYMMDD"),
        ("vr.invalid-time", "write times given as HH:MM[:SS[.F]] as HHMM[SS[.F]]"),
        ("vr.invalid-datetime", "write ISO 8601 date-times as YYYYMMDDHHMMSS[.F][&ZZXX]"),
        ("vr.invalid-character", "upper-case code strings; remove spaces inside UIDs"),
    ]

    /// The codes `fixes` has an answer for.
    public static var fixableCodes: Set<String> { Set(fixes.map(\.code)) }

    /// Codes whose findings are fixed at the file level (container and meta).
    static let metaCodes: Set<String> = [
        "read.meta.missing", "read.meta.implicit-vr", "read.meta.group-length.missing", "read.meta.group-length.mismatch",
        "read.meta.media-storage-mismatch", "read.transfer-syntax.mismatch", "read.meta.no-transfer-syntax",
        "meta.element.missing", "meta.element.empty", "meta.version.unexpected", "meta.element.foreign", "meta.element.in-data-set",
    ]

    /// Fix only findings with these codes; nil fixes every finding that has a fix.
    public var only: Set<String>?

    public init(only: Set<String>? = nil) {
        self.only = only
    }

    /// Why a file is not repaired: the reader found damage no fix undoes.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var findings: [Finding]
        public var description: String {
            let first = findings.prefix(3).map { finding in
                "\(finding.code) at \(finding.offset.map { "offset \($0)" } ?? "?")\(finding.tagPath.isEmpty ? "" : " \(finding.tagPath)"): \(finding.message)"
            }
            return "no safe repair for damaged data (\(first.joined(separator: "; "))\(findings.count > 3 ? "; ..." : "")): nothing written"
        }
    }

    /// Repair works on files the reader found errors in, which correct and edit refuse.
    public var changesDamagedFiles: Bool { true }

    public func apply(to dataSet: inout DataSet) throws -> [Change]? {
        var file = DicomFile(dataSet: dataSet)
        let changes = try apply(to: &file)
        dataSet = file.dataSet
        return changes
    }

    /// Fixes what validation finds in `file`.
    /// - Throws: `Refusal` when the reader found damage that no fix undoes (a truncated value, a
    ///   broken sequence): writing such a file would lose data.
    public func apply(to file: inout DicomFile) throws -> [Change]? {
        let findings = Validator.validate(file, path: file.path)
        let damage = file.diagnostics.filter { $0.severity == .error && !Self.fixableCodes.contains($0.code) }
        if !damage.isEmpty {
            throw Refusal(findings: damage.map { Finding($0, file: file.path) })
        }
        let unmappable = file.declaredTransferSyntaxUID.map { $0 == file.transferSyntax.uid } ?? false
        let wanted = findings.filter { finding in
            guard Self.fixableCodes.contains(finding.code), only?.contains(finding.code) ?? true else { return false }
            // A data set whose real encoding no registered syntax with its pixel data names
            // (implicit VR with JPEG fragments) has no Transfer Syntax UID to write.
            return !(finding.code == "read.transfer-syntax.mismatch" && unmappable)
        }
        var atPath: [String: Set<String>] = [:]
        var groupLengths: [String: UInt32] = [:]
        for finding in wanted {
            atPath[finding.tagPath, default: []].insert(finding.code)
            if finding.code == "group-length.wrong", let expected = finding.expected.flatMap(UInt32.init) {
                groupLengths[finding.tagPath] = expected
            }
        }

        var changes: [Change] = []
        let characterSet = file.dataSet.specificCharacterSet()
        var dataSet = file.dataSet
        ElementRepairs(findings: atPath, groupLengths: groupLengths).repair(&dataSet, path: .root, characterSet: characterSet, changes: &changes)
        file.dataSet = dataSet
        let metaFindings = Set(wanted.map(\.code)).intersection(Self.metaCodes)
        changes += MetaRepairs.repair(&file, codes: metaFindings, preambleMissing: wanted.contains { $0.code == "read.preamble.missing" })
        return changes
    }
}
