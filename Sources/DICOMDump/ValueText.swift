import DICOM

/// How one element's value reads in a dump: decoded text for string VRs, numbers for binary
/// numeric VRs, hexadecimal bytes for OB/UN, and a reference for values left in the file.
enum ValueText {
    /// The value as it appears between the brackets of a dump line, or a description in angle
    /// brackets for values that are not printed (bulk data, sequences).
    static func render(_ element: Element, characterSet: SpecificCharacterSet, maxLength: Int) -> String {
        switch element.value {
        case .bulk(let bulk):
            return "<\(bulk.length) bytes at offset \(bulk.offset)>"
        case .encapsulated(let pixels):
            return "<encapsulated: \(pixels.items.count) items>"
        case .sequence(let items):
            return "<\(items.count) item\(items.count == 1 ? "" : "s")>"
        case .bytes(let bytes):
            let text: String
            if element.vr.isString {
                text = "[" + (element.string(characterSet: characterSet) ?? "") + "]"
            } else {
                text = numbers(bytes, vr: element.vr)
            }
            return cut(text, maxLength)
        }
    }

    /// Binary values as numbers separated by `\`; OB, UN and other byte VRs as hex bytes.
    static func numbers(_ bytes: [UInt8], vr: VR) -> String {
        func chunks(_ size: Int) -> [ArraySlice<UInt8>] {
            stride(from: 0, to: bytes.count - size + 1, by: size).map { bytes[$0..<$0 + size] }
        }
        func unsigned(_ slice: ArraySlice<UInt8>) -> UInt64 {
            slice.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        let values: [String]
        switch vr {
        case .US, .OW: values = chunks(2).map { String(unsigned($0)) }
        case .SS: values = chunks(2).map { String(Int16(truncatingIfNeeded: unsigned($0))) }
        case .UL, .OL: values = chunks(4).map { String(unsigned($0)) }
        case .SL: values = chunks(4).map { String(Int32(truncatingIfNeeded: unsigned($0))) }
        case .UV, .OV: values = chunks(8).map { String(unsigned($0)) }
        case .SV: values = chunks(8).map { String(Int64(bitPattern: unsigned($0))) }
        case .FL, .OF: values = chunks(4).map { formatFloat(Double(Float(bitPattern: UInt32(unsigned($0))))) }
        case .FD, .OD: values = chunks(8).map { formatFloat(Double(bitPattern: unsigned($0))) }
        case .AT:
            values = chunks(4).map { slice in
                let start = slice.startIndex
                let group = UInt16(slice[start]) | UInt16(slice[start + 1]) << 8
                let element = UInt16(slice[start + 2]) | UInt16(slice[start + 3]) << 8
                return Tag(group, element).description
            }
        default:
            values = bytes.map { byte in
                let hex = String(byte, radix: 16, uppercase: false)
                return hex.count == 1 ? "0" + hex : hex
            }
        }
        return values.joined(separator: "\\")
    }

    static func formatFloat(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Cuts `text` to `maxLength` characters with `...` (0 means no cut).
    static func cut(_ text: String, _ maxLength: Int) -> String {
        guard maxLength > 0, text.count > maxLength else { return text }
        return String(text.prefix(maxLength)) + "..."
    }

    /// Value multiplicity as stored: number of `\`-separated values, or of binary numbers.
    static func multiplicity(_ element: Element) -> Int {
        guard case .bytes(let bytes) = element.value else {
            if case .sequence(let items) = element.value { return items.count }
            return 1
        }
        if bytes.isEmpty { return 0 }
        if element.vr.isString {
            return element.vr.allowsMultipleStringValues ? bytes.filter { $0 == 0x5C }.count + 1 : 1
        }
        if let size = element.vr.fixedValueSize { return bytes.count / size }
        return 1
    }
}
