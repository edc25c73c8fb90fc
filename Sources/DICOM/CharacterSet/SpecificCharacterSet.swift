/// The character sets named by Specific Character Set (0008,0005), and the decoding and encoding
/// of text values with them (PS3.5 section 6.1, PS3.3 section C.12.1.1.2).
///
/// Supported: the default repertoire (ISO-IR 6), the single-byte sets ISO_IR 100, 101, 109,
/// 110, 144, 127, 126, 138, 148, 203, 166 and 13, their `ISO 2022 IR …` forms with code
/// extensions together with ISO 2022 IR 87, 159, 149 and 58, and the stand-alone ISO_IR 192
/// (UTF-8), GB18030 and GBK. Character tables come from the C library's iconv; JIS X 0201
/// katakana is computed.
///
/// Decoding and encoding are pure functions of the value: a `SpecificCharacterSet` can be used
/// from many threads at once.
public struct SpecificCharacterSet: Sendable, Equatable {
    /// The values of (0008,0005) as given.
    public let terms: [String]
    /// Values that are not defined terms of the standard, in order. Decoding assumes the
    /// defined term they most likely mean when they differ from one only in case or separators
    /// (`ISO IR 100`), and otherwise ISO_IR 100 for value 1 and nothing for other values.
    public let unknownTerms: [String]
    /// Defined terms that cannot be used where they appear: the other values when value 1 is
    /// stand-alone (ISO_IR 192, GB18030, GBK), and stand-alone terms after value 1 (PS3.5
    /// 6.1.2.5.4). They are ignored.
    public let ignoredTerms: [String]
    let scheme: Scheme

    /// How values are decoded and encoded.
    enum Scheme: Sendable, Equatable {
        /// ISO 2022 designations, with or without code extensions.
        case iso2022(ISO2022Sets)
        /// ISO_IR 192.
        case utf8
        /// A stand-alone multi-byte encoding converted through iconv per value.
        case iconv(String)
    }

    /// No (0008,0005), or an empty value: ISO-IR 6 (PS3.5 6.1.2.1).
    public static let defaultRepertoire = SpecificCharacterSet(terms: [])
    /// `ISO_IR 100` (Latin-1) and `ISO_IR 192` (UTF-8), the values most files carry, parsed once.
    static let latin1 = SpecificCharacterSet(terms: ["ISO_IR 100"])
    static let utf8 = SpecificCharacterSet(terms: ["ISO_IR 192"])

    /// The character sets named by the values of (0008,0005).
    ///
    /// - Parameter terms: e.g. `["ISO 2022 IR 6", "ISO 2022 IR 87"]` or `["ISO_IR 192"]`;
    ///   surrounding spaces and NULs are ignored. An empty list, or an empty value 1 alone,
    ///   means the default repertoire; an empty value 1 with more values means ISO 2022 IR 6.
    public init(terms: [String]) {
        self.terms = terms
        let trimmed = terms.map(Self.trimmed)
        var unknown: [String] = []
        var ignored: [String] = []
        var definitions: [TermDefinition?] = []
        for (index, term) in trimmed.enumerated() {
            if term.isEmpty {
                let extended = trimmed.count > 1
                definitions.append(
                    index == 0 ? .iso2022(g0: .ascii, g1: nil, codeExtensions: extended) : nil)
                continue
            }
            if let definition = TermDefinition.lookup(term) {
                definitions.append(definition)
            } else {
                unknown.append(terms[index])
                let corrected = TermDefinition.correctedSpelling(of: term)
                definitions.append(corrected.flatMap(TermDefinition.lookup))
            }
        }
        // No terms: the default repertoire; an unknown value 1: ISO_IR 100, like pydicom.
        let first =
            definitions.first.flatMap { $0 }
            ?? .iso2022(g0: .ascii, g1: trimmed.isEmpty ? nil : .latin1, codeExtensions: false)
        var extensions: [(g0: CodeElement?, g1: CodeElement?)] = []
        for (index, definition) in definitions.enumerated().dropFirst() {
            guard let definition else { continue }
            if first.isStandAlone || definition.isStandAlone {
                ignored.append(terms[index])
            } else if case .iso2022(let g0, let g1, _) = definition {
                extensions.append((g0, g1))
            }
        }
        self.unknownTerms = unknown
        self.ignoredTerms = ignored
        switch first {
        case .utf8:
            scheme = .utf8
        case .iconv(let name):
            scheme = .iconv(name)
        case .iso2022(let g0, let g1, let codeExtensions):
            scheme = .iso2022(
                Self.sets(
                    first: (g0, g1), others: extensions,
                    codeExtensions: codeExtensions || definitions.count > 1))
        }
    }

    private static func sets(
        first: (g0: CodeElement?, g1: CodeElement?),
        others: [(g0: CodeElement?, g1: CodeElement?)],
        codeExtensions: Bool
    ) -> ISO2022Sets {
        // G0 starts as ASCII unless value 1 is JIS X 0201; a double-byte G0 set (ISO 2022
        // IR 87 or 159 as value 1) is only ever invoked by its escape sequence.
        let initialG0: CodeElement = first.g0 == .jisRoman ? .jisRoman : .ascii
        var candidates: [CodeElement] = [initialG0]
        for (g0, g1) in [first] + others {
            for element in [g0, g1].compactMap({ $0 }) where !candidates.contains(element) {
                candidates.append(element)
            }
        }
        return ISO2022Sets(
            initialG0: initialG0, initialG1: first.g1, allowsCodeExtensions: codeExtensions,
            candidates: candidates)
    }

    private static func trimmed(_ term: String) -> String {
        let bytes = term.utf8
        let isPadding = { (byte: UInt8) in byte == 0x20 || byte == 0 }
        guard let first = bytes.firstIndex(where: { !isPadding($0) }), let last = bytes.lastIndex(where: { !isPadding($0) }) else {
            return ""
        }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return term }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Whether escape sequences may switch character sets within a value (an `ISO 2022 IR …`
    /// term, or more than one value).
    public var usesCodeExtensions: Bool {
        if case .iso2022(let sets) = scheme { return sets.allowsCodeExtensions }
        return false
    }

    /// Decodes the bytes of a value, trailing padding included (it is not removed).
    ///
    /// Only SH, LO, ST, LT, UC, UT and PN use the specific character set
    /// (`VR.usesSpecificCharacterSet`); other VRs are decoded with the default repertoire. For
    /// ISO 2022 sets, control characters (CR, LF, FF, TAB) and, in PN, `^` and `=`, and in
    /// multi-valued VRs `\`, restore the sets of value 1 (PS3.5 6.1.2.5.3). Decode the whole
    /// value before splitting at `\`: in a double-byte set 0x5C can be half of a character.
    ///
    /// Never traps: bytes that are not characters of the set in use become U+FFFD, and bytes
    /// 0x80...0xFF with no set designated to G1 (default repertoire, unknown terms) decode as
    /// ISO 8859-1, as pydicom does.
    public func decode(_ bytes: some Collection<UInt8>, vr: VR) -> String {
        let bytes = Array(bytes)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x1B }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        guard vr.usesSpecificCharacterSet else {
            return ISO2022Sets.defaultRepertoire.decode(bytes, vr: vr)
        }
        switch scheme {
        case .iso2022(let sets):
            return sets.decode(bytes, vr: vr)
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .iconv(let name):
            return Iconv.decode(bytes, from: name)
                ?? String(repeating: "\u{FFFD}", count: bytes.count)
        }
    }

    /// Encodes a value, without padding.
    ///
    /// For ISO 2022 sets each character is written in the set in use if it has it, else in the
    /// first set of (0008,0005) that has it after that set's escape sequence, and value 1's sets
    /// are designated again before delimiters, controls and the end of the value (PS3.5
    /// 6.1.2.5.3). VRs that do not use the specific character set take ASCII only.
    ///
    /// - Returns: the bytes, or nil if a character cannot be represented (the caller may then
    ///   switch the data set to ISO_IR 192, or refuse). ESC (U+001B) is never encoded.
    public func encode(_ string: String, vr: VR) -> [UInt8]? {
        guard vr.usesSpecificCharacterSet else {
            return ISO2022Sets.defaultRepertoire.encode(string, vr: vr)
        }
        switch scheme {
        case .iso2022(let sets):
            return sets.encode(string, vr: vr)
        case .utf8:
            return string.unicodeScalars.contains("\u{1B}") ? nil : Array(string.utf8)
        case .iconv(let name):
            if string.unicodeScalars.contains("\u{1B}") { return nil }
            return Iconv.encode(string, to: name)
        }
    }
}
