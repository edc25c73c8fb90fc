/// A graphic character set that a Specific Character Set designates to the G0 or G1 code
/// element, with the ISO 2022 escape sequence that designates it (PS3.3 Tables C.12-3 and
/// C.12-4, PS3.5 section 6.1.2.5).
///
/// G0 sets are invoked in GL (bytes 0x21...0x7E), G1 sets in GR (bytes 0xA0...0xFF).
enum CodeElement: Sendable, Equatable, CaseIterable {
    /// ISO-IR 6, ASCII (G0, ESC 02/08 04/02).
    case ascii
    /// ISO-IR 14, JIS X 0201 Romaji (G0, ESC 02/08 04/10). Treated as ASCII, as pydicom and
    /// dcmtk do: 0x5C stays REVERSE SOLIDUS (it is the value delimiter) rather than YEN SIGN.
    case jisRoman
    /// ISO-IR 13, JIS X 0201 half-width katakana (G1, ESC 02/09 04/09): bytes 0xA1...0xDF are
    /// U+FF61...U+FF9F, computed without a table.
    case jisKatakana
    /// ISO-IR 100, Latin alphabet No. 1 (G1, ESC 02/13 04/01).
    case latin1
    /// ISO-IR 101, Latin alphabet No. 2 (G1, ESC 02/13 04/02).
    case latin2
    /// ISO-IR 109, Latin alphabet No. 3 (G1, ESC 02/13 04/03).
    case latin3
    /// ISO-IR 110, Latin alphabet No. 4 (G1, ESC 02/13 04/04).
    case latin4
    /// ISO-IR 144, Cyrillic (G1, ESC 02/13 04/12).
    case cyrillic
    /// ISO-IR 127, Arabic (G1, ESC 02/13 04/07).
    case arabic
    /// ISO-IR 126, Greek (G1, ESC 02/13 04/06).
    case greek
    /// ISO-IR 138, Hebrew (G1, ESC 02/13 04/08).
    case hebrew
    /// ISO-IR 148, Latin alphabet No. 5 (G1, ESC 02/13 04/13).
    case latin5
    /// ISO-IR 203, Latin alphabet No. 9 (G1, ESC 02/13 06/02).
    case latin9
    /// ISO-IR 166, Thai TIS 620-2533 (G1, ESC 02/13 05/04).
    case thai
    /// ISO-IR 87, JIS X 0208 kanji (G0, ESC 02/04 04/02).
    case jisX0208
    /// ISO-IR 159, JIS X 0212 supplementary kanji (G0, ESC 02/04 02/08 04/04).
    case jisX0212
    /// ISO-IR 149, KS X 1001 Hangul and Hanja (G1, ESC 02/04 02/09 04/03).
    case ksX1001
    /// ISO-IR 58, GB 2312 simplified Chinese (G1, ESC 02/04 02/09 04/01).
    case gb2312

    /// Whether the set is designated to G1 (and invoked in GR); otherwise G0 (GL).
    var isG1: Bool {
        switch self {
        case .ascii, .jisRoman, .jisX0208, .jisX0212: return false
        default: return true
        }
    }

    /// Whether a character takes two bytes.
    var isDoubleByte: Bool {
        switch self {
        case .jisX0208, .jisX0212, .ksX1001, .gb2312: return true
        default: return false
        }
    }

    /// The escape sequence that designates this set, ESC included.
    var escapeSequence: [UInt8] {
        let esc: UInt8 = 0x1B
        switch self {
        case .ascii: return [esc, 0x28, 0x42]  // ESC ( B
        case .jisRoman: return [esc, 0x28, 0x4A]  // ESC ( J
        case .jisKatakana: return [esc, 0x29, 0x49]  // ESC ) I
        case .latin1: return [esc, 0x2D, 0x41]  // ESC - A
        case .latin2: return [esc, 0x2D, 0x42]  // ESC - B
        case .latin3: return [esc, 0x2D, 0x43]  // ESC - C
        case .latin4: return [esc, 0x2D, 0x44]  // ESC - D
        case .greek: return [esc, 0x2D, 0x46]  // ESC - F
        case .arabic: return [esc, 0x2D, 0x47]  // ESC - G
        case .hebrew: return [esc, 0x2D, 0x48]  // ESC - H
        case .cyrillic: return [esc, 0x2D, 0x4C]  // ESC - L
        case .latin5: return [esc, 0x2D, 0x4D]  // ESC - M
        case .thai: return [esc, 0x2D, 0x54]  // ESC - T
        case .latin9: return [esc, 0x2D, 0x62]  // ESC - b
        case .jisX0208: return [esc, 0x24, 0x42]  // ESC $ B
        case .jisX0212: return [esc, 0x24, 0x28, 0x44]  // ESC $ ( D
        case .ksX1001: return [esc, 0x24, 0x29, 0x43]  // ESC $ ) C
        case .gb2312: return [esc, 0x24, 0x29, 0x41]  // ESC $ ) A
        }
    }

    /// The set designated by a complete escape sequence (ESC included); nil if unknown.
    static func designated(by sequence: ArraySlice<UInt8>) -> CodeElement? {
        allCases.first { $0.escapeSequence.elementsEqual(sequence) }
    }

    private var singleByteTable: SingleByteTable? {
        switch self {
        case .latin1: return CodeTables.latin1
        case .latin2: return CodeTables.latin2
        case .latin3: return CodeTables.latin3
        case .latin4: return CodeTables.latin4
        case .cyrillic: return CodeTables.cyrillic
        case .arabic: return CodeTables.arabic
        case .greek: return CodeTables.greek
        case .hebrew: return CodeTables.hebrew
        case .latin5: return CodeTables.latin5
        case .latin9: return CodeTables.latin9
        case .thai: return CodeTables.thai
        default: return nil
        }
    }

    private var doubleByteTable: DoubleByteTable? {
        switch self {
        case .jisX0208: return CodeTables.jisX0208
        case .jisX0212: return CodeTables.jisX0212
        case .ksX1001: return CodeTables.ksX1001
        case .gb2312: return CodeTables.gb2312
        default: return nil
        }
    }

    /// Decodes one byte of a single-byte set as invoked (GL for G0, GR for G1); nil if the byte
    /// is not a character of the set.
    func scalar(for byte: UInt8) -> Unicode.Scalar? {
        switch self {
        case .ascii, .jisRoman:
            return (0x21...0x7E).contains(byte) ? Unicode.Scalar(byte) : nil
        case .jisKatakana:
            guard (0xA1...0xDF).contains(byte) else { return nil }
            return Unicode.Scalar(0xFF61 + UInt32(byte) - 0xA1)
        default:
            return singleByteTable?.scalar(for: byte)
        }
    }

    /// Decodes a two-byte character of a double-byte set; nil if not a character of the set.
    func scalar(_ first: UInt8, _ second: UInt8) -> Unicode.Scalar? {
        doubleByteTable?.scalar(first, second)
    }

    /// The bytes of `scalar` in this set as invoked (GL for G0, GR for G1), without escape
    /// sequence; nil if the set does not contain it. SPACE counts as a character of ASCII and
    /// JIS X 0201 Romaji only (as in ISO-2022-JP), so text switches back to one of those for it.
    func bytes(for scalar: Unicode.Scalar) -> [UInt8]? {
        switch self {
        case .ascii, .jisRoman:
            return (0x20...0x7E).contains(scalar.value) ? [UInt8(scalar.value)] : nil
        case .jisKatakana:
            guard (0xFF61...0xFF9F).contains(scalar.value) else { return nil }
            return [UInt8(scalar.value - 0xFF61 + 0xA1)]
        case .jisX0208, .jisX0212, .ksX1001, .gb2312:
            guard let code = doubleByteTable?.code(for: scalar) else { return nil }
            return isG1 ? [code.row | 0x80, code.cell | 0x80] : [code.row, code.cell]
        default:
            return singleByteTable?.byte(for: scalar).map { [$0] }
        }
    }
}
