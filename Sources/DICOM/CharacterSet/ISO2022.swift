/// The ISO 2022 view of a Specific Character Set: the sets designated to G0 and G1 at the start
/// of every value, the sets escape sequences may switch to, and the rules for switching back
/// (PS3.5 sections 6.1.2.4 and 6.1.2.5, PS3.3 section C.12.1.1.2).
///
/// Single-byte terms without code extensions (`ISO_IR 100`, `ISO_IR 13`, the default
/// repertoire) are the special case where nothing ever switches.
struct ISO2022Sets: Sendable, Equatable {
    /// G0 at the start of a value and after each delimiter: ASCII or JIS X 0201 Romaji.
    var initialG0: CodeElement
    /// G1 at the start of a value and after each delimiter; nil when value 1 designates none.
    var initialG1: CodeElement?
    /// Whether escape sequences are interpreted (decoding) and may be emitted (encoding).
    var allowsCodeExtensions: Bool
    /// The sets encoding may designate, in order of preference (value 1 first).
    var candidates: [CodeElement]

    /// ISO-IR 6 only, no code extensions: the default repertoire (PS3.5 6.1.2.1).
    static let defaultRepertoire = ISO2022Sets(
        initialG0: .ascii, initialG1: nil, allowsCodeExtensions: false, candidates: [.ascii])

    private static let escape: UInt8 = 0x1B
    private static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether `byte` in GL, while a single-byte set is in G0, is a delimiter at which the
    /// initial designations are restored: `^` and `=` in PN, `\` in multi-valued VRs.
    private static func isDelimiter(_ byte: UInt32, vr: VR) -> Bool {
        switch byte {
        case 0x5E, 0x3D: return vr == .PN
        case 0x5C: return vr.allowsMultipleStringValues
        default: return false
        }
    }

    // MARK: Decoding

    /// Decodes a value. Escape sequences switch G0 or G1 (any set of Tables C.12-3/C.12-4 is
    /// accepted, listed in (0008,0005) or not); control characters and the VR's delimiters
    /// restore the initial sets. Bytes that are not characters become U+FFFD, as does an
    /// unknown or truncated escape sequence. GR bytes with no set in G1 decode as ISO 8859-1,
    /// like pydicom, since files without (0008,0005) often hold Latin-1 text.
    func decode(_ bytes: [UInt8], vr: VR) -> String {
        var text = String.UnicodeScalarView()
        var g0 = initialG0
        var g1 = initialG1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.escape, allowsCodeExtensions {
                let length = Self.escapeSequenceLength(in: bytes, at: index)
                if let element = CodeElement.designated(by: bytes[index..<index + length]) {
                    if element.isG1 { g1 = element } else { g0 = element }
                } else {
                    text.append(Self.replacement)
                }
                index += length
                continue
            }
            if byte <= 0x20 || byte == 0x7F {
                if byte < 0x20 {
                    g0 = initialG0
                    g1 = initialG1
                }
                text.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            let element: CodeElement
            if byte < 0x80 {
                if !g0.isDoubleByte, Self.isDelimiter(UInt32(byte), vr: vr) {
                    g0 = initialG0
                    g1 = initialG1
                }
                element = g0
            } else if let designated = g1 {
                element = designated
            } else {
                text.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            guard element.isDoubleByte else {
                text.append(element.scalar(for: byte) ?? Self.replacement)
                index += 1
                continue
            }
            let trailRange: ClosedRange<UInt8> = element.isG1 ? 0xA1...0xFE : 0x21...0x7E
            guard index + 1 < bytes.count, trailRange.contains(bytes[index + 1]) else {
                text.append(Self.replacement)
                index += 1
                continue
            }
            text.append(element.scalar(byte, bytes[index + 1]) ?? Self.replacement)
            index += 2
        }
        return String(text)
    }

    /// Length of the escape sequence at `start` (ESC, intermediates 0x20...0x2F, one final
    /// byte 0x30...0x7E; ISO/IEC 2022 section 13.1); shorter when the value ends or another byte
    /// interrupts it.
    private static func escapeSequenceLength(in bytes: [UInt8], at start: Int) -> Int {
        var end = start + 1
        while end < bytes.count, (0x20...0x2F).contains(bytes[end]) { end += 1 }
        if end < bytes.count, (0x30...0x7E).contains(bytes[end]) { end += 1 }
        return end - start
    }

    // MARK: Encoding

    /// Encodes a value: each character with the set already invoked if it has it, otherwise
    /// with the first candidate that has it, after that set's escape sequence. Before control
    /// characters, before the VR's delimiters and at the end, the initial sets are designated
    /// again (PS3.5 6.1.2.5.3). Nil if a character is in no candidate (or needs a switch that
    /// the term does not permit), and for ESC itself, which would be read as an escape sequence.
    func encode(_ string: String, vr: VR) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        var g0 = initialG0
        var g1 = initialG1
        func restoreInitialSets() {
            if g0 != initialG0 {
                bytes += initialG0.escapeSequence
                g0 = initialG0
            }
            if g1 != initialG1 {
                if let initialG1 { bytes += initialG1.escapeSequence }
                g1 = initialG1
            }
        }
        for scalar in string.unicodeScalars {
            let value = scalar.value
            if value == UInt32(Self.escape) { return nil }
            if value < 0x20 || value == 0x7F || Self.isDelimiter(value, vr: vr) {
                restoreInitialSets()
                bytes.append(UInt8(value))
                continue
            }
            if let encoded = g0.bytes(for: scalar) ?? g1?.bytes(for: scalar) {
                bytes += encoded
                continue
            }
            guard allowsCodeExtensions else { return nil }
            guard
                let (element, encoded) = candidates.lazy
                    .compactMap({ element in element.bytes(for: scalar).map { (element, $0) } })
                    .first
            else { return nil }
            bytes += element.escapeSequence
            if element.isG1 { g1 = element } else { g0 = element }
            bytes += encoded
        }
        restoreInitialSets()
        return bytes
    }
}
