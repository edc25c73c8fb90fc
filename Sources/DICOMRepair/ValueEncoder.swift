import DICOM
import DICOMValidation

/// Turns the text a user typed into the value bytes of an element (PS3.5 6.2), after checking
/// each value against its VR. Binary numbers are written little-endian, as the codec holds them.
enum ValueEncoder {
    /// The bytes for `text` as a value of `vr`, or nil when the text cannot be represented in
    /// `characterSet` (the caller decides whether to convert the data set to UTF-8).
    /// - Throws: `EditError.invalidValue` when a value breaks the rules of the VR.
    static func encode(_ text: String, vr: VR, characterSet: SpecificCharacterSet, path: String) throws -> [UInt8]? {
        if vr.isString { return try encodeString(text, vr: vr, characterSet: characterSet, path: path) }
        let values = text.isEmpty ? [] : text.split(separator: "\\", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " ") }
        var bytes: [UInt8] = []
        for value in values {
            guard let encoded = encodeBinary(value, vr: vr) else {
                throw EditError(.invalidValue, "\(quoted(value)) is not a valid \(vr) value\(hint(for: vr))", path: path)
            }
            bytes += encoded
        }
        return bytes
    }

    private static func encodeString(_ text: String, vr: VR, characterSet: SpecificCharacterSet, path: String) throws -> [UInt8]? {
        let values = vr.allowsMultipleStringValues ? text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init) : [text]
        for value in values {
            let checked = [.LT, .ST, .UT].contains(vr) ? value : value.trimmingCharacters(in: " ")
            if let problem = ValueCheck.problem(checked, vr: vr) {
                throw EditError(.invalidValue, "\(quoted(value)) is not a valid \(vr) value: \(problem)", path: path)
            }
        }
        var bytes: [UInt8]
        if vr.usesSpecificCharacterSet {
            guard let encoded = characterSet.encode(text, vr: vr) else { return nil }
            bytes = encoded
        } else {
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                throw EditError(.invalidValue, "\(quoted(text)): \(vr) values are ASCII only", path: path)
            }
            bytes = Array(text.utf8)
        }
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return bytes
    }

    private static func encodeBinary(_ value: String, vr: VR) -> [UInt8]? {
        switch vr {
        case .US: return UInt16(value).map { littleEndian($0) }
        case .SS: return Int16(value).map { littleEndian(UInt16(bitPattern: $0)) }
        case .UL: return UInt32(value).map { littleEndian($0) }
        case .SL: return Int32(value).map { littleEndian(UInt32(bitPattern: $0)) }
        case .UV: return UInt64(value).map { littleEndian($0) }
        case .SV: return Int64(value).map { littleEndian(UInt64(bitPattern: $0)) }
        case .FL: return Float(value).flatMap { $0.isFinite ? littleEndian($0.bitPattern) : nil }
        case .FD: return Double(value).flatMap { $0.isFinite ? littleEndian($0.bitPattern) : nil }
        case .AT:
            guard let tag = Tag(parsing: value) ?? DataDictionary.tag(forKeyword: value) else { return nil }
            return littleEndian(tag.group) + littleEndian(tag.element)
        default: return nil
        }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func hint(for vr: VR) -> String {
        switch vr {
        case .US, .UL, .UV: " (an unsigned integer)"
        case .SS, .SL, .SV: " (an integer)"
        case .FL, .FD: " (a decimal number)"
        case .AT: " (a tag such as 0010,0010 or a keyword)"
        default: "; \(vr) values cannot be set from text"
        }
    }

    private static func quoted(_ value: String) -> String { "\"\(value)\"" }
}
