import DICOM

/// One line of a text dump being built as UTF-8 bytes: the dump appends tags, numbers and
/// dictionary keywords here directly, without making a `String` for each piece.
struct TextLine {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(160) }

    /// Empties the line, keeping its storage for the next one.
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    var count: Int { bytes.count }

    /// Drops the bytes after the first `count`.
    mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func appendSpaces(_ count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }

    /// `(gggg,eeee)` in upper-case hexadecimal, as `Tag.description` prints it.
    mutating func append(_ tag: Tag) {
        bytes.append(UInt8(ascii: "("))
        appendHex4(tag.group)
        bytes.append(UInt8(ascii: ","))
        appendHex4(tag.element)
        bytes.append(UInt8(ascii: ")"))
    }

    private mutating func appendHex4(_ value: UInt16) {
        appendHexDigit(value >> 12)
        appendHexDigit(value >> 8)
        appendHexDigit(value >> 4)
        appendHexDigit(value)
    }

    private mutating func appendHexDigit(_ value: UInt16) {
        let digit = UInt8(truncatingIfNeeded: value & 0xF)
        bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10)
    }

    /// A decimal integer, as `String(value)` writes it.
    mutating func append(decimal value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        append(decimal: value.magnitude)
    }

    mutating func append(decimal value: UInt64) {
        // Digits are made last first, at the end of a 20-byte scratch buffer (UInt64.max has 20).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: digits[start...])
        }
    }

    mutating func append(decimal value: Int) { append(decimal: Int64(value)) }
}
