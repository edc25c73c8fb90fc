import DICOM

/// The `--verify` scan: looks through every element of an output file (File Meta, private
/// elements and the text inside sequence items included) for any identifying value gathered
/// from the inputs, and reports each hit with its tag path.
public struct Verifier: Sendable {
    /// Upper-cased values to look for, longest first.
    private let terms: [String]
    private let termSet: Set<String>

    /// A verifier looking for `values.searchTerms`.
    public init(values: IdentifyingValues) {
        termSet = values.searchTerms
        terms = termSet.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
    }

    /// The number of distinct values looked for.
    public var termCount: Int { terms.count }

    /// One identifying value found in an output.
    public struct Hit: Sendable, Hashable {
        public var tagPath: TagPath
        public var value: String

        /// The hit as an error diagnostic (`deid.verify.identifying-value`).
        public var diagnostic: Diagnostic {
            Diagnostic(.error, "deid.verify.identifying-value", "identifying value '\(value)' from the inputs is still in the output", path: tagPath)
        }
    }

    /// Every hit in the file at `path`.
    /// - Throws: `DICOMError` when the output cannot be read.
    public func scan(path: String) throws -> [Hit] {
        let file = try DicomReader.read(path: path)
        return scan(file.meta, characterSet: .defaultRepertoire, path: .root)
            + scan(file.dataSet, characterSet: .defaultRepertoire, path: .root)
    }

    /// Every hit in `dataSet` and its items.
    public func scan(_ dataSet: DataSet, characterSet inherited: SpecificCharacterSet, path: TagPath) -> [Hit] {
        guard !terms.isEmpty else { return [] }
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
            guard IdentifyingValues.isSearchable(element.vr) || element.tag.isPrivate,
                element.value.byteCount <= 1 << 20,
                let bytes = (try? element.loadBytes()) ?? nil
            else { continue }
            let text = characterSet.decode(bytes, vr: element.vr.isString ? element.vr : .UN).uppercased()
            if Self.matchesWholeValues(element.vr) {
                // UIDs, dates, times, codes: a new 2.25 UID or a shifted date may hold an old
                // value's digits by chance; only a whole value is that value.
                let values = text.split(separator: "\\").map { $0.trimming(" \0") }
                if let found = values.first(where: termSet.contains) { hits.append(Hit(tagPath: elementPath, value: found)) }
            } else if let term = terms.first(where: text.contains) {
                hits.append(Hit(tagPath: elementPath, value: term))
            }
        }
        return hits
    }

    /// VRs whose values are compared whole rather than searched for identifying text.
    static func matchesWholeValues(_ vr: VR) -> Bool {
        switch vr {
        case .UI, .DA, .DT, .TM, .AS, .CS: true
        default: false
        }
    }
}
