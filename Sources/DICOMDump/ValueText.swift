import DICOM

/// How one element's value reads in a dump: decoded text for string VRs, numbers for binary
/// numeric VRs, hexadecimal bytes for OB/UN, and a reference for values left in the file.
enum ValueText {
    /// The value as it appears between the brackets of a dump line, or a description in angle
    /// brackets for values that are not printed (bulk data, sequences).
    static func render(_ element: Element, characterSet: @autoclosure () -> SpecificCharacterSet, maxLength: Int) -> String {
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
                text = "[" + (element.string(characterSet: characterSet()) ?? "") + "]"
            } else {
                text = numbers(bytes, vr: element.vr)
            }
            return cut(text, maxLength)
        }
    }

    /// Appends what `render` returns to `line` and says how many bytes and characters that took
    /// (they differ for non-ASCII text, and the dump pads lines by characters). Text that is
    /// plain ASCII, as most is, goes from the element's bytes to the line without a `String`.
    static func append(
        _ element: Element, characterSet: @autoclosure () -> SpecificCharacterSet, maxLength: Int, to line: inout TextLine
    ) -> (bytes: Int, characters: Int) {
        if element.vr.isString, case .bytes(let bytes) = element.value, let range = asciiText(bytes, vr: element.vr) {
            // "[" + text + "]", cut to maxLength characters as `cut` would.
            let full = range.count + 2
            let shown = maxLength > 0 && full > maxLength ? maxLength : full
            let start = line.count
            if shown > 0 { line.append(byte: UInt8(ascii: "[")) }
            if shown > 1 { line.append(bytes[range.prefix(shown - 1)]) }
            if shown == full { line.append(byte: UInt8(ascii: "]")) } else { line.append("...") }
            let written = line.count - start
            return (written, written)
        }
        if case .bytes(let bytes) = element.value, let layout = integerLayout(element.vr) {
            let written = appendIntegers(bytes, size: layout.size, signed: layout.signed, maxLength: maxLength, to: &line)
            return (written, written)
        }
        let text = render(element, characterSet: characterSet(), maxLength: maxLength)
        line.append(text)
        return (text.utf8.count, text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count)
    }

    /// The range of `bytes` that `Element.string` keeps (trailing spaces and NULs removed, and
    /// leading spaces except in LT, ST and UT) when the value is ASCII without escape sequences:
    /// then decoding in any character set gives the same text. Nil for other values.
    static func asciiText(_ bytes: [UInt8], vr: VR) -> Range<Int>? {
        for byte in bytes where byte >= 0x80 || byte == 0x1B { return nil }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0 { end -= 1 }
        var start = 0
        if vr != .LT && vr != .ST && vr != .UT {
            while start < end, bytes[start] == 0x20 { start += 1 }
        }
        return start..<end
    }

    /// Value size and signedness of the binary integer VRs (PS3.5 6.2), nil for other VRs.
    static func integerLayout(_ vr: VR) -> (size: Int, signed: Bool)? {
        switch vr {
        case .US, .OW: (2, false)
        case .SS: (2, true)
        case .UL, .OL: (4, false)
        case .SL: (4, true)
        case .UV, .OV: (8, false)
        case .SV: (8, true)
        default: nil
        }
    }

    /// Appends little-endian integers as `numbers` writes them (`\`-separated, a trailing
    /// partial value ignored), cut as `cut` would, without stepping past what is shown.
    /// - Returns: the bytes (and characters) appended.
    static func appendIntegers(_ bytes: [UInt8], size: Int, signed: Bool, maxLength: Int, to line: inout TextLine) -> Int {
        let start = line.count
        var offset = 0
        while offset + size <= bytes.count {
            if offset > 0 { line.append(byte: UInt8(ascii: "\\")) }
            var value: UInt64 = 0
            for index in stride(from: offset + size - 1, through: offset, by: -1) { value = value << 8 | UInt64(bytes[index]) }
            if signed {
                let unused = UInt64(64 - 8 * size)
                line.append(decimal: Int64(bitPattern: value << unused) >> unused)
            } else {
                line.append(decimal: value)
            }
            offset += size
            if maxLength > 0 && line.count - start > maxLength { break }
        }
        if maxLength > 0 && line.count - start > maxLength {
            line.truncate(to: start + maxLength)
            line.append("...")
        }
        return line.count - start
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
            guard element.vr.allowsMultipleStringValues else { return 1 }
            var backslashes = 0
            for byte in bytes where byte == 0x5C { backslashes += 1 }
            return backslashes + 1
        }
        if let size = element.vr.fixedValueSize { return bytes.count / size }
        return 1
    }
}
