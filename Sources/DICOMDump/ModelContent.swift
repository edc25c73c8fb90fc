import DICOM
import Foundation

/// One value of an attribute in the DICOM JSON and Native DICOM models: the text the XML shows,
/// and the JSON number when the value is written as a JSON Number (PS3.18 Table F.2.3-1).
struct ModelValue: Equatable {
    var text: String
    /// The JSON number text (RFC 8259 grammar); nil when the value is a JSON String.
    var jsonNumber: String?
}

/// The three component groups of one Person Name value (PS3.5 6.2.1.1); empty groups are "".
struct PersonNameGroups: Equatable {
    var alphabetic: String
    var ideographic: String
    var phonetic: String
}

/// What one attribute holds in the JSON and XML models, worked out once so that both renderers
/// agree (PS3.18 F.2, PS3.19 A.1).
enum ModelContent {
    /// No value: the attribute is present and empty (PS3.18 F.2.5).
    case empty
    /// The values in order; nil marks an empty value among several (PS3.18 F.2.5).
    case values([ModelValue?])
    /// Person names; nil marks an empty value among several.
    case personNames([PersonNameGroups?])
    /// Sequence items, each with the character set in effect in it (PS3.5 7.5.3).
    case items([(dataSet: DataSet, characterSet: SpecificCharacterSet)])
    /// A reference to the value's bytes in its file (PS3.18 F.2.6).
    case bulkDataURI(String)
    /// The value's bytes, little-endian, to be written as base64 (PS3.18 F.2.7).
    case inlineBinary([UInt8])
}

/// Turns elements into `ModelContent`: decodes text with the character set in effect, numbers
/// from the in-memory little-endian bytes, and binary values into a BulkDataURI or inline bytes.
struct ModelBuilder {
    /// Put binary values inline (InlineBinary) instead of referencing them (BulkDataURI).
    var inlineBinary: Bool

    /// The elements of `dataSet` as the models list them: in ascending tag order, each tag once
    /// (the first, if a damaged file repeats one), without Group Length (gggg,0000) elements
    /// (PS3.18 F.2.2).
    static func attributes(of dataSet: DataSet) -> [Element] {
        var seen = Set<Tag>()
        var result: [Element] = []
        for element in dataSet where !element.tag.isGroupLength && seen.insert(element.tag).inserted {
            result.append(element)
        }
        return dataSet.isInTagOrder ? result : result.sorted { $0.tag < $1.tag }
    }

    /// The VR the models show and the attribute's content.
    /// - Throws: `DICOMError` when a value left in the file cannot be loaded.
    func content(of element: Element, characterSet: SpecificCharacterSet, path: TagPath) throws -> (vr: VR, content: ModelContent) {
        switch element.value {
        case .sequence(let items):
            // An UN of undefined length that the reader parsed as a sequence is shown as SQ.
            let nested = items.map { (dataSet: $0.dataSet, characterSet: $0.dataSet.specificCharacterSet(inherited: characterSet)) }
            return (.SQ, nested.isEmpty ? .empty : .items(nested))
        case .encapsulated(let pixels):
            return (element.vr, try encapsulated(pixels, path: path))
        case .bulk(let bulk):
            if !inlineBinary, ModelBuilder.allowsBulkDataURI(element.vr),
                let uri = ModelBuilder.fileURI(bulk.source, offset: bulk.offset, length: bulk.length)
            {
                return (element.vr, .bulkDataURI(uri))
            }
            let bytes = try load(bulk, path: path)
            return (element.vr, values(bytes, vr: element.vr, characterSet: characterSet, location: nil))
        case .bytes(let bytes):
            var location: String?
            if let span = element.encoded, Int64(bytes.count) <= span.length {
                location = ModelBuilder.fileURI(span.source, offset: span.offset + span.length - Int64(bytes.count), length: Int64(bytes.count))
            }
            return (element.vr, values(bytes, vr: element.vr, characterSet: characterSet, location: location))
        }
    }

    /// Content of a value held in memory (or just loaded); `location` is its file range as a
    /// BulkDataURI when known.
    func values(_ bytes: [UInt8], vr: VR, characterSet: SpecificCharacterSet, location: String?) -> ModelContent {
        if bytes.isEmpty { return .empty }
        if ModelBuilder.isOpaque(vr) || vr == .SQ {
            if !inlineBinary, let location { return .bulkDataURI(location) }
            return .inlineBinary(bytes)
        }
        if vr.isString {
            let texts = Element(Tag(0, 0), vr, bytes: bytes).strings(characterSet: characterSet) ?? []
            if texts.allSatisfy(\.isEmpty) && texts.count <= 1 { return .empty }
            if vr == .PN {
                let names = texts.map(ModelBuilder.personName)
                return names.allSatisfy { $0 == nil } && names.count == 1 ? .empty : .personNames(names)
            }
            return .values(texts.map { text in text.isEmpty ? nil : ModelBuilder.stringValue(text, vr: vr) })
        }
        let numbers = ModelNumbers.binary(bytes, vr: vr)
        return numbers.isEmpty ? .empty : .values(numbers)
    }

    /// Encapsulated pixel data (PS3.5 A.4): the value field is the items, each with its item
    /// tag and length, as stored in the file; a BulkDataURI covers that range.
    func encapsulated(_ pixels: EncapsulatedPixelData, path: TagPath) throws -> ModelContent {
        guard let first = pixels.items.first, let last = pixels.items.last else { return .empty }
        if !inlineBinary, let uri = ModelBuilder.fileURI(first.source, offset: first.offset - 8, length: last.offset + last.length - (first.offset - 8)) {
            return .bulkDataURI(uri)
        }
        var bytes: [UInt8] = []
        for item in pixels.items {
            let length = UInt32(clamping: item.length)
            bytes += [0xFE, 0xFF, 0x00, 0xE0]
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * UInt32($0))) }
            bytes += try load(item, path: path)
        }
        return .inlineBinary(bytes)
    }

    private func load(_ bulk: BulkData, path: TagPath) throws -> [UInt8] {
        do {
            return try bulk.load()
        } catch var error as DICOMError {
            error.path = error.path ?? path
            throw error
        }
    }

    /// VRs whose values the models never show as values, only as bytes (PS3.18 F.2.2).
    static func isOpaque(_ vr: VR) -> Bool {
        switch vr {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: return true
        default: return false
        }
    }

    /// VRs whose value may be replaced by a BulkDataURI (PS3.18 F.2.2, 10.4.3.3.2).
    static func allowsBulkDataURI(_ vr: VR) -> Bool {
        switch vr {
        case .DS, .FL, .FD, .IS, .LT, .OB, .OD, .OF, .OL, .OV, .OW, .SL, .SS, .ST, .SV, .UC, .UL, .UN, .US, .UT, .UV:
            return true
        default: return false
        }
    }

    /// Our BulkDataURI convention (not WADO-RS): `file://` and the absolute path of the file,
    /// then `?offset=N&length=M`, the byte range of the value in the file as encoded there (so
    /// in a big-endian file the numbers in it are big-endian). Nil when the value is not in a
    /// file (an inflated deflated data set, or a data set built in memory).
    static func fileURI(_ source: any ByteSource, offset: Int64, length: Int64) -> String? {
        guard source is FileByteSource, offset >= 0, length >= 0 else { return nil }
        let url = URL(fileURLWithPath: source.name).standardizedFileURL
        return url.absoluteString + "?offset=\(offset)&length=\(length)"
    }

    /// Splits a Person Name value into its component groups (`=`, PS3.5 6.2.1.1); nil when all
    /// groups are empty. A fourth or later group (invalid) stays in the phonetic group.
    static func personName(_ text: String) -> PersonNameGroups? {
        let groups = text.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let name = PersonNameGroups(
            alphabetic: groups.first ?? "", ideographic: groups.count > 1 ? groups[1] : "",
            phonetic: groups.count > 2 ? groups[2] : "")
        if name.alphabetic.isEmpty && name.ideographic.isEmpty && name.phonetic.isEmpty { return nil }
        return name
    }

    /// A string value; IS and DS become JSON numbers when their text is a number.
    static func stringValue(_ text: String, vr: VR) -> ModelValue {
        switch vr {
        case .IS: return ModelValue(text: text, jsonNumber: ModelNumbers.integerString(text))
        case .DS: return ModelValue(text: text, jsonNumber: ModelNumbers.decimalString(text))
        default: return ModelValue(text: text, jsonNumber: nil)
        }
    }
}
