import DICOM

/// The `--verify` scan: looks through every element of an output file (File Meta, private
/// elements, binary OB and UN values of any size, and the text inside sequence items included)
/// for any identifying value gathered from the inputs, compared case- and accent-insensitively
/// (`TextFolding`), and reports every hit with its tag path: each value found in each element.
/// Pixel, overlay and waveform sample data are not searched (their bytes match short text by
/// chance).
public struct Verifier: Sendable {
    private let matcher: TermMatcher
    /// Folded values compared with whole values of UIDs, dates, times and codes.
    private let wholeValues: Set<String>
    private let valueCount: Int

    /// A verifier looking for `values.searchTerms`, and for `values.shortTerms` as whole tokens.
    public init(values: IdentifyingValues) {
        let terms = Set(values.searchTerms.map { TextFolding.fold($0) }.filter { !$0.isEmpty })
        let tokens = Set(values.shortTerms.map { TextFolding.fold($0) }.filter { !$0.isEmpty })
        matcher = TermMatcher(terms: terms, tokens: tokens)
        wholeValues = terms.union(tokens)
        valueCount = wholeValues.count
    }

    /// The number of distinct values looked for.
    public var termCount: Int { valueCount }

    /// One identifying value found in an output.
    public struct Hit: Sendable, Hashable {
        public var tagPath: TagPath
        public var value: String

        /// The hit as an error diagnostic (`deid.verify.identifying-value`).
        public var diagnostic: Diagnostic {
            Diagnostic(.error, "deid.verify.identifying-value", "identifying value '\(value)' from the inputs is still in the output", path: tagPath)
        }
    }

    /// Values larger than this are read and searched in chunks of this size.
    static let chunkSize = 1 << 20

    /// Every hit in the file at `path`.
    /// - Throws: `DICOMError` when the output cannot be read.
    public func scan(path: String) throws -> [Hit] {
        let file = try DicomReader.read(path: path)
        var dataSet = file.dataSet
        dataSet.removeAll { Self.writtenByAnonymizer.contains($0.tag) }
        return scan(Self.withoutOwnImplementation(file.meta), characterSet: .defaultRepertoire, path: .root)
            + scan(dataSet, characterSet: .defaultRepertoire, path: .root)
    }

    /// The attributes `Anonymizer` sets in every output, replacing whatever the input had:
    /// Patient Identity Removed, De-identification Method and its Code Sequence, Longitudinal
    /// Temporal Information Modified. Their text is dicomfix's (`DICOMFIX PS3.15 E BASIC
    /// PROFILE`, the CID 7050 meanings), never an input's, so a patient named DICOMFIX or BASIC
    /// is no hit there.
    static let writtenByAnonymizer: Set<Tag> = [
        .patientIdentityRemoved, .deidentificationMethod, .deidentificationMethodCodeSequence, .longitudinalTemporalInformationModified,
    ]

    /// The File Meta Information without Implementation Class UID (0002,0012) and Implementation
    /// Version Name (0002,0013) when they name dicomfix (PS3.10 7.1: they identify the writer):
    /// the writer put them there, so they hold no input's value even when an input's name is
    /// "DICOMFIX". Any other value of theirs is searched like the rest.
    static func withoutOwnImplementation(_ meta: DataSet) -> DataSet {
        var result = meta
        for (tag, own) in [(Tag.implementationClassUID, Implementation.classUID), (.implementationVersionName, Implementation.versionName)]
        where meta.string(tag, characterSet: .defaultRepertoire) == own {
            result.remove(tag)
        }
        return result
    }

    /// Every hit in `dataSet` and its items.
    public func scan(_ dataSet: DataSet, characterSet inherited: SpecificCharacterSet, path: TagPath) -> [Hit] {
        guard !matcher.isEmpty else { return [] }
        let characterSet = dataSet.specificCharacterSet(inherited: inherited)
        var hits: [Hit] = []
        for element in dataSet.elements {
            let elementPath = path.appending(element.tag)
            if element.isSequence {
                for (index, item) in element.items.enumerated() {
                    hits += scan(item.dataSet, characterSet: characterSet, path: elementPath.item(index))
                }
                continue
            }
            let found = self.found(in: element, characterSet: characterSet)
            hits += found.sorted().map { Hit(tagPath: elementPath, value: $0) }
        }
        return hits
    }

    /// The folded values found in one element.
    private func found(in element: Element, characterSet: SpecificCharacterSet) -> Set<String> {
        let vr = element.vr
        if Self.isSampleData(element.tag) { return [] }
        let isText = IdentifyingValues.isSearchable(vr) && vr != .UN
        guard isText || Self.isBinarySearched(vr) || element.tag.isPrivate else { return [] }
        if case .bulk(let bulk) = element.value, bulk.length > Int64(Self.chunkSize) { return streamed(bulk) }
        guard let bytes = (try? element.loadBytes()) ?? nil, !bytes.isEmpty else { return [] }
        guard isText, vr.isString else { return binaryMatches(bytes) }
        let text = characterSet.decode(bytes, vr: vr)
        if Self.matchesWholeValues(vr) {
            // UIDs, dates, times, codes: a new 2.25 UID or a shifted date may hold an old
            // value's digits by chance; only a whole value is that value.
            let values = text.split(separator: "\\").map { TextFolding.fold($0.trimming(" \0")) }
            return Set(values.filter(wholeValues.contains))
        }
        return matcher.matches(in: Array(TextFolding.fold(text).utf8))
    }

    /// Binary bytes searched as ASCII, UTF-8 and ISO 8859-1 text.
    private func binaryMatches(_ bytes: [UInt8]) -> Set<String> {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return matcher.matches(in: bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
        }
        let utf8 = TextFolding.fold(String(decoding: bytes, as: UTF8.self))
        var latin1 = ""
        latin1.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return matcher.matches(in: Array(utf8.utf8)).union(matcher.matches(in: Array(TextFolding.fold(latin1).utf8)))
    }

    /// A large value read chunk by chunk, consecutive chunks overlapping by more than the
    /// longest term, so memory stays at a few chunks whatever the value's size.
    private func streamed(_ bulk: BulkData) -> Set<String> {
        var found: Set<String> = []
        let overlap = Int64(matcher.longest * 4 + 4)
        var offset: Int64 = 0
        while offset < bulk.length {
            let count = min(Int64(Self.chunkSize) + overlap, bulk.length - offset)
            guard let bytes = try? bulk.source.bytes(at: bulk.offset + offset, count: Int(count)) else { break }
            found.formUnion(binaryMatches(bytes))
            offset += Int64(Self.chunkSize)
        }
        return found
    }

    /// VRs whose values are compared whole rather than searched for identifying text.
    static func matchesWholeValues(_ vr: VR) -> Bool {
        switch vr {
        case .UI, .DA, .DT, .TM, .AS, .CS: true
        default: false
        }
    }

    /// Binary VRs searched for text: OB and UN (proprietary headers, unknown elements).
    static func isBinarySearched(_ vr: VR) -> Bool { vr == .OB || vr == .UN }

    /// Pixel, overlay and waveform sample data.
    static func isSampleData(_ tag: Tag) -> Bool {
        tag.group == 0x7FE0 || (tag.group & 0xFF01 == 0x6000 && tag.element == 0x3000) || tag == Tag(0x5400, 0x1010)
    }
}
