/// What one defined term of Specific Character Set (0008,0005) stands for (PS3.3 section
/// C.12.1.1.2, Tables C.12-2 to C.12-5).
enum TermDefinition: Sendable, Equatable {
    /// A set of the ISO 2022 family: what it designates to G0 and G1, and whether it is the
    /// `ISO 2022 IR …` form that permits code extensions (escape sequences).
    case iso2022(g0: CodeElement?, g1: CodeElement?, codeExtensions: Bool)
    /// ISO_IR 192, UTF-8; no code extensions (Table C.12-5).
    case utf8
    /// GB18030 or GBK, converted with iconv under this name; no code extensions.
    case iconv(String)

    /// Whether the term stands alone and may not be combined with others (PS3.5 6.1.2.5.4 d).
    var isStandAlone: Bool {
        if case .iso2022 = self { return false }
        return true
    }

    /// The definition of a defined term spelt exactly as in the standard; nil otherwise.
    static func lookup(_ term: String) -> TermDefinition? {
        switch term {
        case "ISO_IR 192": return .utf8
        case "GB18030": return .iconv("GB18030")
        case "GBK": return .iconv("GBK")
        default: break
        }
        let single = "ISO_IR "
        let extended = "ISO 2022 IR "
        let codeExtensions: Bool
        let number: Substring
        if term.hasPrefix(single) {
            codeExtensions = false
            number = term.dropFirst(single.count)
        } else if term.hasPrefix(extended) {
            codeExtensions = true
            number = term.dropFirst(extended.count)
        } else {
            return nil
        }
        switch number {
        case "6": return .iso2022(g0: .ascii, g1: nil, codeExtensions: codeExtensions)
        case "13": return .iso2022(g0: .jisRoman, g1: .jisKatakana, codeExtensions: codeExtensions)
        default: break
        }
        if let element = singleByteSets[String(number)] {
            return .iso2022(g0: .ascii, g1: element, codeExtensions: codeExtensions)
        }
        guard codeExtensions else { return nil }
        switch number {
        case "87": return .iso2022(g0: .jisX0208, g1: nil, codeExtensions: true)
        case "159": return .iso2022(g0: .jisX0212, g1: nil, codeExtensions: true)
        case "149": return .iso2022(g0: nil, g1: .ksX1001, codeExtensions: true)
        case "58": return .iso2022(g0: nil, g1: .gb2312, codeExtensions: true)
        default: return nil
        }
    }

    /// The single-byte sets of Tables C.12-2 and C.12-3 by ISO-IR number.
    private static let singleByteSets: [String: CodeElement] = [
        "100": .latin1, "101": .latin2, "109": .latin3, "110": .latin4, "144": .cyrillic,
        "127": .arabic, "126": .greek, "138": .hebrew, "148": .latin5, "203": .latin9,
        "166": .thai,
    ]

    /// The defined term a misspelt term most likely means, when it differs from one only in
    /// letter case or separators (`ISO IR 100`, `ISO-IR 100`, `iso_ir_192`, `ISO2022 IR 87`);
    /// nil if there is no such term.
    static func correctedSpelling(of term: String) -> String? {
        var tokens: [String] = []
        var current = ""
        var previousIsDigit: Bool?
        for character in term.uppercased() {
            guard character.isASCII, character.isLetter || character.isNumber else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                previousIsDigit = nil
                continue
            }
            if let previousIsDigit, previousIsDigit != character.isNumber {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            previousIsDigit = character.isNumber
        }
        if !current.isEmpty { tokens.append(current) }
        let candidate: String
        switch tokens.count {
        case 1 where tokens[0] == "GBK": candidate = "GBK"
        case 2 where tokens[0] == "GB": candidate = "GB" + tokens[1]
        case 3 where tokens[0] == "ISO" && tokens[1] == "IR": candidate = "ISO_IR " + tokens[2]
        case 4 where tokens[0] == "ISO" && tokens[1] == "2022" && tokens[2] == "IR":
            candidate = "ISO 2022 IR " + tokens[3]
        default: return nil
        }
        return candidate != term && lookup(candidate) != nil ? candidate : nil
    }
}
